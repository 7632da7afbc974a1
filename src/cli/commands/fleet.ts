import type { Command } from 'commander';
import { formatMiB, STAGE_NAMES } from '../../engine';
import { storeErrorText } from '../../intents/store-errors';
import {
  AdvanceFailed,
  isStoreError,
  seedDemoFleet,
  type AdvanceFailure,
  type AdvanceReport,
  type HostView,
  type VmView,
} from '../../store';
import { openBackend, type Backend } from '../backend/backend';

/** `vmbot seed`, `reset`, `fleet` and `advance`: the fleet in the local table. */
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
    .command('reset')
    .description(
      'put the demo fleet back as seeded: every change, migration and VM made since is gone ' +
        '(a chat or server sharing the database carries on)',
    )
    .action(() =>
      withBackend({ seed: false }, async (backend) => {
        await backend.resetToDemoFleet();
        const [hosts, vms] = await Promise.all([
          backend.store.listHosts(),
          backend.store.listVms(),
        ]);
        console.log(
          `The demo fleet is back as seeded: ${hosts.length} hosts, ${vms.length} VMs, nothing migrating.`,
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
        let applied: AdvanceReport['applied'];
        let failed: AdvanceFailure[] = [];
        try {
          applied = (await store.advance()).applied;
        } catch (err) {
          if (!(err instanceof AdvanceFailed)) throw err;
          ({ applied, failed } = err);
        }
        console.log(advanceLines(applied, failed).join('\n'));
        if (failed.length > 0) process.exitCode = 1;
      }),
    );
}

/** What `vmbot advance` did: each migration with the transitions applied, then the failures. */
export function advanceLines(
  applied: AdvanceReport['applied'],
  failed: readonly AdvanceFailure[],
): string[] {
  if (applied.length === 0 && failed.length === 0) return ['Nothing was due.'];
  const lines: string[] = [];
  if (applied.length > 0) {
    const transitions = applied.reduce((n, a) => n + a.kinds.length, 0);
    lines.push(
      `Applied ${plural(transitions, 'transition')} to ${plural(applied.length, 'migration')}:`,
      ...applied.map((a) => `  ${a.migrationId}: ${a.kinds.join(', ')}`),
    );
  }
  if (failed.length > 0) {
    lines.push(
      `Could not advance ${plural(failed.length, 'migration')}:`,
      ...failed.map((f) => `  ${f.migrationId}: ${failureText(f.error)}`),
    );
  }
  return lines;
}

/** A store's error in the bot's words; anything else as it says itself. */
const failureText = (error: unknown) =>
  isStoreError(error)
    ? storeErrorText(error)
    : error instanceof Error
      ? error.message
      : String(error);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const AWS_FLAG = '--aws';
const AWS_HELP = 'use the deployed table in AWS (TABLE_NAME, default credentials and region)';
interface AwsOption {
  aws?: boolean;
}

async function withBackend(
  opts: AwsOption & { seed?: boolean },
  fn: (b: Backend) => Promise<void>,
): Promise<void> {
  const backend = await openBackend({ seedWhenEmpty: opts.seed ?? !opts.aws, aws: opts.aws });
  try {
    await fn(backend);
  } finally {
    await backend.close();
  }
}

export function renderFleet(hosts: readonly HostView[], vms: readonly VmView[]): string[] {
  const hostRows = [...hosts]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((h) => [
      h.id,
      `${h.family} (${h.technique})`,
      `${h.cpuVendor} L${h.cpuFeatureLevel}`,
      `${h.bandwidthMiBps} MiB/s`,
      `${formatMiB(h.usage.allocatedMemoryMiB + h.usage.reservedMemoryMiB)} / ${formatMiB(h.memoryMiB)}`,
      `${h.usage.allocatedVcpus + h.usage.reservedVcpus}/${h.vcpuCapacity}`,
      h.state,
    ]);
  const vmRows = [...vms]
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
    .map((v) => [
      v.id,
      v.hostId,
      v.applianceId,
      formatMiB(v.memoryMiB),
      String(v.vcpus),
      v.migration
        ? `to ${v.migration.destinationHostId}, stage ${v.migration.stage} (${STAGE_NAMES[v.migration.stage]})`
        : '',
    ]);
  return [
    ...columns(
      ['HOST', 'HYPERVISOR', 'CPU', 'LINK', 'MEMORY USED / TOTAL', 'vCPUs', 'STATE'],
      hostRows,
    ),
    '',
    ...columns(['VM', 'HOST', 'APPLIANCE', 'MEMORY', 'vCPUs', 'MIGRATION'], vmRows),
  ];
}

/** Rows under a header, each column as wide as its widest cell (the last one left ragged). */
export function columns(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
