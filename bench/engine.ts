import { simulatePrecopy, type PrecopyParams } from '../src/engine';
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
}

function touchEveryPage(memoryMiB: number): number {
  const pages = new Uint8Array(memoryMiB * 256);
  for (let p = 0; p < pages.length; p++) pages[p] = 1;
  return pages[pages.length - 1]!;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEngine();
