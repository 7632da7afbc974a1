/**
 * The console's simulator: a simulation through the worker thread (structured clone both ways,
 * one job at a time) against the same planMigration called in-process (the baseline), the first
 * call (esbuild bundles the worker, the thread starts), and what a heavy simulation costs the
 * event loop that answers chat turns: the largest lag of a 10 ms timer while the worker runs a
 * million-round query (256 GiB, 0 ms downtime limit) to its time limit, against the lag with
 * nothing running. In-process the same query would hold the loop for all of its run (over a
 * minute). Run alone with `npx tsx bench/simulator.ts`.
 */
import { createSimulator } from '../src/console/simulations';
import { planMigration, type PrecopyParams } from '../src/engine';
import { median, printTable } from './stats';

const RUNS = 21;
const QUERIES: [string, PrecopyParams][] = [
  ['4 GiB, 128 MiB/s', { memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 }],
  [
    '64 GiB database, 1 GbE',
    {
      memoryMiB: 65536,
      bandwidthMiBps: 117,
      dirtyRateMiBps: 150,
      workingSetMiB: 4096,
      pattern: 'random',
    },
  ],
];
const HEAVY: PrecopyParams = {
  memoryMiB: 262144,
  bandwidthMiBps: 10_000_000,
  dirtyRateMiBps: 9_999_999,
  pattern: 'random',
  downtimeLimitMs: 0,
};

/** Runs `a` and `b` in turn, `runs` times each, so that both meet the same load. */
async function timePairs(
  a: () => Promise<unknown>,
  b: () => unknown,
  runs: number,
): Promise<[number[], number[]]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await a();
    times[0].push(performance.now() - t0);
    t0 = performance.now();
    b();
    times[1].push(performance.now() - t0);
  }
  return times;
}

/** The largest lag of a 10 ms timer while `work` runs. */
async function largestLag(work: Promise<unknown>): Promise<number> {
  let largest = 0;
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    largest = Math.max(largest, performance.now() - expected);
    expected = performance.now() + 10;
  }, 10);
  await work.catch(() => {});
  clearInterval(timer);
  return largest;
}

export async function benchSimulator(): Promise<void> {
  const simulator = createSimulator();
  try {
    const t0 = performance.now();
    await simulator.plan(QUERIES[0]![1]);
    const firstMs = performance.now() - t0;
    const rows: (string | number)[][] = [];
    for (const [name, precopy] of QUERIES) {
      const [worker, process] = await timePairs(
        () => simulator.plan(precopy),
        () => planMigration({ precopy, startedAt: 0 }),
        RUNS,
      );
      const [inWorker, inProcess] = [median(worker), median(process)];
      rows.push([name, inWorker, inProcess, (inWorker / inProcess).toFixed(2)]);
    }
    printTable(
      `simulator: one simulation through the worker vs in-process (median of ${RUNS}; the first call, bundling and thread start: ${firstMs.toFixed(0)} ms)`,
      ['query', 'worker ms', 'in-process ms', 'ratio'],
      rows,
    );
    const idle = await largestLag(new Promise((resolve) => setTimeout(resolve, 5_000)));
    const lag = await largestLag(simulator.plan(HEAVY));
    printTable(
      "simulator: the server's event loop for 5 s, while a heavy query runs (256 GiB, a million rounds) and idle",
      ['while', 'largest lag of a 10 ms timer, ms'],
      [
        ['the worker runs it (stopped at its 5 s limit: 422)', lag],
        ['nothing runs (baseline)', idle],
        ['it runs in-process (before this change)', 'all of its run: over a minute'],
      ],
    );
  } finally {
    simulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSimulator();
