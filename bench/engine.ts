import {
  freeCapacity,
  NO_USAGE,
  simulatePrecopy,
  type PrecopyParams,
  type Vm,
} from '../src/engine';
import { destinationsFor } from '../src/intents/destinations';
import { DEMO_APPLIANCES, DEMO_HOSTS, DEMO_VMS } from '../src/store/demo-fleet';
import type { HostView } from '../src/store/port';
import { median, printTable, timeRuns } from './stats';

/**
 * The pre-copy simulator on 1, 16 and 64 GiB VMs over a 10 GbE link (1180 MiB/s): qemu policy,
 * sweep at D/B = 0.25 and 0.8, and the random pattern. The baseline is one pass that touches
 * every page of the VM once: no page-granular simulation can be cheaper than that.
 */
const BANDWIDTH = 1180;

export async function benchEngine(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const gib of [1, 16, 64]) {
    const memoryMiB = gib * 1024;
    const runs = gib === 64 ? 5 : 15;
    const baseline = median(timeRuns(() => void touchEveryPage(memoryMiB), runs));
    const cases: [string, PrecopyParams][] = [
      [
        'sweep D/B=0.25',
        { memoryMiB, bandwidthMiBps: BANDWIDTH, dirtyRateMiBps: 0.25 * BANDWIDTH },
      ],
      ['sweep D/B=0.8', { memoryMiB, bandwidthMiBps: BANDWIDTH, dirtyRateMiBps: 0.8 * BANDWIDTH }],
      [
        'random D/B=0.25',
        {
          memoryMiB,
          bandwidthMiBps: BANDWIDTH,
          dirtyRateMiBps: 0.25 * BANDWIDTH,
          pattern: 'random',
        },
      ],
      [
        'random D/B=0.8',
        {
          memoryMiB,
          bandwidthMiBps: BANDWIDTH,
          dirtyRateMiBps: 0.8 * BANDWIDTH,
          pattern: 'random',
        },
      ],
    ];
    for (const [label, params] of cases) {
      let result = simulatePrecopy(params);
      const ms = median(timeRuns(() => (result = simulatePrecopy(params)), runs));
      rows.push([
        `${gib} GiB ${label}`,
        result.precopyRounds,
        ms,
        result.transferredMiB / 1024 / (ms / 1000),
        baseline,
        ms / baseline,
      ]);
    }
  }
  printTable(
    'engine: one pre-copy migration (qemu, 300 ms limit, 1180 MiB/s), median wall time',
    ['case', 'rounds', 'ms', 'sim GiB/s', 'page pass ms', 'x page pass'],
    rows,
  );
  benchNonConverging();
}

/**
 * Migrations qemu cancels: a pre-copy that does not converge runs until a stop rule ends it, so
 * these are the costliest simulations the bot asks for (each candidate host of a recommendation
 * or an evacuation is simulated, and vm-6 converges on none of them).
 */
function benchNonConverging(): void {
  const vm6 = { memoryMiB: 4096, workingSetMiB: 3072, dirtyRateMiBps: 1500 };
  const database = { memoryMiB: 8192, workingSetMiB: 4096, dirtyRateMiBps: 150 };
  const cases: [string, PrecopyParams][] = [
    [
      'muncher (reference)',
      { memoryMiB: 1024, bandwidthMiBps: 128, workingSetMiB: 256, dirtyRateMiBps: 256 },
    ],
    ['vm-6 on 10 GbE', { ...vm6, bandwidthMiBps: 1180 }],
    ['vm-6 on 1 GbE', { ...vm6, bandwidthMiBps: 117 }],
    ['vm-6 on 1 GbE, auto-converge', { ...vm6, bandwidthMiBps: 117, autoConverge: true }],
    ['database on 1 GbE (random)', { ...database, pattern: 'random', bandwidthMiBps: 117 }],
    ['64 GiB sweep D/B=1.2', { memoryMiB: 65_536, bandwidthMiBps: 1180, dirtyRateMiBps: 1416 }],
    [
      '64 GiB random D/B=1.2',
      { memoryMiB: 65_536, bandwidthMiBps: 1180, dirtyRateMiBps: 1416, pattern: 'random' },
    ],
  ];
  const rows: (string | number)[][] = [];
  for (const [label, params] of cases) {
    let result = simulatePrecopy(params);
    const runs = params.memoryMiB >= 65_536 ? 3 : 11;
    const ms = median(timeRuns(() => (result = simulatePrecopy(params)), runs));
    rows.push([label, result.stopReason, result.precopyRounds, result.precopyTimeMs / 1000, ms]);
  }
  printTable(
    'engine: qemu migrations that do not converge, median wall time',
    ['case', 'stop', 'rounds', 'simulated s', 'ms'],
    rows,
  );

  // Every demo VM's destinations among the demo hosts: what RecommendHost and EvacuateHost do.
  const hosts: HostView[] = DEMO_HOSTS.map((h) => ({
    ...h,
    usage: NO_USAGE,
    free: freeCapacity(h, NO_USAGE),
  }));
  const vms: Vm[] = DEMO_VMS.map((v) => {
    const appliance = DEMO_APPLIANCES.find((a) => a.id === v.applianceId)!;
    const host = DEMO_HOSTS.find((h) => h.id === v.hostId)!;
    return {
      id: v.id,
      hostId: v.hostId,
      vcpus: appliance.vcpus,
      memoryMiB: appliance.memoryMiB,
      applianceId: appliance.id,
      cpuFeatureLevel: host.cpuFeatureLevel,
      workload: appliance.workload,
    };
  });
  const perVm = vms.map((vm) => {
    const source = hosts.find((h) => h.id === vm.hostId)!;
    return [vm.id, median(timeRuns(() => void destinationsFor(vm, source, hosts), 11))] as const;
  });
  const all = median(
    timeRuns(() => {
      for (const vm of vms)
        destinationsFor(
          vm,
          hosts.find((h) => h.id === vm.hostId)!,
          hosts,
        );
    }, 11),
  );
  printTable(
    'engine: destinations (placement + a simulation per link speed) for each demo VM, median ms',
    ['vm', 'ms'],
    [...perVm.map(([id, ms]) => [id, ms]), ['all 8 VMs', all]],
  );
}

function touchEveryPage(memoryMiB: number): number {
  const pages = new Uint8Array(memoryMiB * 256);
  for (let p = 0; p < pages.length; p++) pages[p] = 1;
  return pages[pages.length - 1]!;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEngine();
