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
import { simGrid } from './simgrid';
import { median, printTable, timePerCall, timeRuns } from './stats';

/**
 * The pre-copy simulator on 1, 16 and 64 GiB VMs over a 10 GbE link (1180 MiB/s): qemu policy,
 * sweep at D/B = 0.25 and 0.8, and the random pattern. The baseline is one pass that touches
 * every page of the VM once: what a simulation that looked at every page would cost at least.
 */
const BANDWIDTH = 1180;

export async function benchEngine(): Promise<void> {
  benchSizes();
  benchNonConverging();
  benchDestinations();
  benchSimGridScenarios();
}

function benchSizes(): void {
  const rows: (string | number)[][] = [];
  for (const gib of [1, 16, 64]) {
    const memoryMiB = gib * 1024;
    const baseline = median(timeRuns(() => void touchEveryPage(memoryMiB), gib === 64 ? 5 : 15));
    for (const pattern of ['sweep', 'random'] as const) {
      for (const ratio of [0.25, 0.8]) {
        const params: PrecopyParams = {
          memoryMiB,
          bandwidthMiBps: BANDWIDTH,
          dirtyRateMiBps: ratio * BANDWIDTH,
          pattern,
        };
        const result = simulatePrecopy(params);
        const ms = median(timePerCall(() => void simulatePrecopy(params), 15));
        rows.push([
          `${gib} GiB ${pattern} D/B=${ratio}`,
          result.precopyRounds,
          ms * 1000,
          result.transferredMiB / 1024 / (ms / 1000),
          baseline,
          ratioText(ms / baseline),
        ]);
      }
    }
  }
  printTable(
    'engine: one pre-copy migration (qemu, 300 ms limit, 1180 MiB/s), median wall time',
    ['case', 'rounds', 'µs', 'sim GiB/s', 'page pass ms', 'x page pass'],
    rows,
  );
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
    const result = simulatePrecopy(params);
    const ms = median(timePerCall(() => void simulatePrecopy(params), 11));
    rows.push([
      label,
      result.stopReason,
      result.precopyRounds,
      result.precopyTimeMs / 1000,
      ms * 1000,
    ]);
  }
  printTable(
    'engine: qemu migrations that do not converge, median wall time',
    ['case', 'stop', 'rounds', 'simulated s', 'µs'],
    rows,
  );
}

/** Every demo VM's destinations among the demo hosts: what RecommendHost and EvacuateHost do. */
function benchDestinations(): void {
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
  const sourceOf = (vm: Vm) => hosts.find((h) => h.id === vm.hostId)!;
  const perVm = vms.map((vm) => {
    const source = sourceOf(vm);
    return [vm.id, median(timePerCall(() => void destinationsFor(vm, source, hosts), 11))] as const;
  });
  const all = median(
    timePerCall(() => {
      for (const vm of vms) destinationsFor(vm, sourceOf(vm), hosts);
    }, 11),
  );
  printTable(
    'engine: destinations (placement + a simulation per link speed) for each demo VM, median µs',
    ['vm', 'µs'],
    [...perVm.map(([id, ms]) => [id, ms * 1000]), ['all 8 VMs', all * 1000]],
  );
}

/**
 * Nine converging pre-copies as SimGrid's live-migration plugin models them (the sweep pattern's
 * fluid model, qemu's threshold at SimGrid's fixed 30 ms maximum downtime): 1, 4 and 16 GiB over
 * 1 GbE at D/B = 0.25 and over 10 GbE at D/B = 0.25 and 0.75. When SimGrid is installed, the
 * same scenarios run in it too, and the table shows both simulated times (they agree) and both
 * costs per simulated migration.
 */
function benchSimGridScenarios(): void {
  const scenarios: PrecopyParams[] = [];
  for (const gib of [1, 4, 16]) {
    for (const [bandwidthMiBps, ratio] of [
      [117, 0.25],
      [1180, 0.25],
      [1180, 0.75],
    ] as const) {
      scenarios.push({
        memoryMiB: gib * 1024,
        bandwidthMiBps,
        dirtyRateMiBps: ratio * bandwidthMiBps,
        downtimeLimitMs: 30,
      });
    }
  }
  const sg = simGrid();
  const rows: (string | number)[][] = [];
  for (const params of scenarios) {
    const result = simulatePrecopy(params);
    const us = median(timePerCall(() => void simulatePrecopy(params), 15)) * 1000;
    const label = `${params.memoryMiB / 1024} GiB, ${params.bandwidthMiBps} MiB/s, D=${params.dirtyRateMiBps}`;
    const ours = [label, result.precopyRounds, result.totalTimeMs! / 1000, us];
    if (typeof sg === 'string') {
      rows.push(ours);
      continue;
    }
    const m = params.memoryMiB;
    const runs = [1, 2, 3].map(() => sg(m, params.bandwidthMiBps, params.dirtyRateMiBps, m, 2000));
    const sgUs = median(runs.map((r) => r.usPerMigration));
    const agreement = Math.abs(runs[0]!.simulatedMs / result.totalTimeMs! - 1) * 100;
    rows.push([...ours, sgUs, sgUs / us, agreement.toFixed(4)]);
  }
  printTable(
    typeof sg === 'string'
      ? `engine: SimGrid's converging scenarios (sweep, 30 ms), median µs per simulated migration\n(${sg})`
      : `engine against SimGrid ${sg.version}'s live-migration plugin on the same scenarios (sweep, 30 ms), median µs per simulated migration`,
    typeof sg === 'string'
      ? ['scenario', 'rounds', 'simulated s', 'µs']
      : [
          'scenario',
          'rounds',
          'simulated s',
          'µs',
          'SimGrid µs',
          'SimGrid / engine',
          'time diff %',
        ],
    rows,
  );
}

function touchEveryPage(memoryMiB: number): number {
  const pages = new Uint8Array(memoryMiB * 256);
  for (let p = 0; p < pages.length; p++) pages[p] = 1;
  return pages[pages.length - 1]!;
}

/** Two significant digits, however small: the ratio to a page pass goes far below 0.01. */
function ratioText(x: number): string {
  return x >= 10 ? x.toFixed(1) : x.toPrecision(2);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEngine();
