import type { Command } from 'commander';
import { formatMiB, STAGE_NAMES } from '../../engine';
import { seedDemoFleet, type HostView, type VmView } from '../../store';
import { openBackend, type Backend } from '../backend/backend';

/** `vmbot seed`, `vmbot fleet` and `vmbot advance`: the fleet in the local table. */
export function registerFleetCommands(program: Command): void {
  program
    .command('seed')
    .description(
      'load the demo fleet (hosts host-a..host-f, appliances, vm-1..vm-8); seeding twice changes nothing',
    )
    .option(AWS_FLAG, AWS_HELP)
    .action((opts: AwsOption) =>
      withBackend(opts, async ({ store }) => {
        const report = await seedDemoFleet(store);
        console.log(
          report.hosts + report.appliances + report.vms === 0
            ? 'The demo fleet is already there; nothing changed.'
            : `Seeded ${report.hosts} hosts, ${report.appliances} appliances and ${report.vms} VMs.`,
        );
      }),
    );

  program
    .command('fleet')
    .description('print the hosts, their free room, and the VMs with their migrations')
    .option(AWS_FLAG, AWS_HELP)
    .action((opts: AwsOption) =>
      withBackend(opts, async ({ store }) => {
        const [hosts, vms] = await Promise.all([store.listHosts(), store.listVms()]);
        console.log(renderFleet(hosts, vms).join('\n'));
      }),
    );

  program
    .command('advance')
    .alias('recover')
    .description(
      'apply every migration transition that has fallen due (also recovers after a crash)',
    )
    .option(AWS_FLAG, AWS_HELP)
    .action((opts: AwsOption) =>
      withBackend(opts, async ({ store }) => {
        const report = await store.advance();
        if (report.applied.length === 0) console.log('Nothing was due.');
        for (const a of report.applied) console.log(`${a.migrationId}: ${a.kinds.join(', ')}`);
      }),
    );
}

const AWS_FLAG = '--aws';
const AWS_HELP = 'use the deployed table in AWS (TABLE_NAME, default credentials and region)';
interface AwsOption {
  aws?: boolean;
}

async function withBackend(opts: AwsOption, fn: (b: Backend) => Promise<void>): Promise<void> {
  const backend = await openBackend({ seedWhenEmpty: !opts.aws, aws: opts.aws });
  try {
    await fn(backend);
  } finally {
    await backend.close();
  }
}

export function renderFleet(hosts: readonly HostView[], vms: readonly VmView[]): string[] {
  const lines = [
    'HOST     HYPERVISOR               CPU          LINK        MEMORY USED / TOTAL   vCPUs   STATE',
  ];
  for (const h of [...hosts].sort((a, b) => a.id.localeCompare(b.id))) {
    const used = h.usage.allocatedMemoryMiB + h.usage.reservedMemoryMiB;
    lines.push(
      [
        h.id.padEnd(8),
        `${h.family} (${h.technique})`.padEnd(24),
        `${h.cpuVendor} L${h.cpuFeatureLevel}`.padEnd(12),
        `${h.bandwidthMiBps} MiB/s`.padEnd(11),
        `${formatMiB(used)} / ${formatMiB(h.memoryMiB)}`.padEnd(21),
        `${h.usage.allocatedVcpus + h.usage.reservedVcpus}/${h.vcpuCapacity}`.padEnd(7),
        h.state,
      ].join(' '),
    );
  }
  lines.push('', 'VM       HOST     APPLIANCE        MEMORY   vCPUs  MIGRATION');
  for (const v of [...vms].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))) {
    const migration = v.migration
      ? `to ${v.migration.destinationHostId}, stage ${v.migration.stage} (${STAGE_NAMES[v.migration.stage]})`
      : '';
    lines.push(
      [
        v.id.padEnd(8),
        v.hostId.padEnd(8),
        v.applianceId.padEnd(16),
        formatMiB(v.memoryMiB).padEnd(8),
        String(v.vcpus).padEnd(6),
        migration,
      ].join(' '),
    );
  }
  return lines;
}
