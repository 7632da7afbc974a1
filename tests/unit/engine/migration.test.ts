import { describe, expect, it } from 'vitest';
import {
  planMigration,
  precopyAbortText,
  progressAt,
  simulatePrecopy,
  timelineLines,
  wallClockAt,
} from '../../../src/engine';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const web = { memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 };
const muncher = { memoryMiB: 1024, bandwidthMiBps: 128, dirtyRateMiBps: 256, workingSetMiB: 256 };

describe('migration plan: the six stages over time', () => {
  const plan = planMigration({ precopy: { ...web, resumeMs: 20 }, startedAt: T0 });

  it('lays out Figure 1: pre-copy 42.5 s, stop-and-copy 125 ms, then commit and activation', () => {
    expect(plan.outcome).toBe('completed');
    expect(plan.stages.map((s) => [s.stage, s.startMs, s.endMs])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [2, 0, 42_500],
      [3, 42_500, 42_625],
      [4, 42_625, 42_625],
      [5, 42_625, 42_645],
    ]);
    expect(plan.transitions.map((t) => [t.kind, t.atMs])).toEqual([
      ['stop-and-copy', 42_500],
      ['commit', 42_625],
      ['complete', 42_645],
    ]);
    expect(plan.commitAtMs).toBe(42_625);
    expect(plan.endMs).toBe(42_645);
  });

  it('knows the stage, round and share copied at any instant', () => {
    const at = (ms: number) => progressAt(plan, T0 + ms);
    expect(at(0)).toMatchObject({ stage: 2, round: 1, copiedMiB: 0, finished: false, due: [] });
    // 16 s into round 1: half of 4096 MiB.
    expect(at(16_000)).toMatchObject({ stage: 2, round: 1, copiedMiB: 2048 });
    expect(at(32_000)).toMatchObject({ stage: 2, round: 2, copiedMiB: 4096 });
    expect(at(41_000)).toMatchObject({ stage: 2, round: 3 });
    expect(at(42_200)).toMatchObject({ stage: 2, round: 4 });
    const paused = at(42_550);
    expect(paused.stage).toBe(3);
    expect(paused.round).toBeNull();
    expect(paused.due.map((t) => t.kind)).toEqual(['stop-and-copy']);
    expect(at(42_630)).toMatchObject({ stage: 5 });
    expect(at(42_630).due.map((t) => t.kind)).toEqual(['stop-and-copy', 'commit']);
    const done = at(60_000);
    expect(done).toMatchObject({ stage: 5, finished: true, remainingWallMs: 0, shareCopied: 1 });
    expect(done.copiedMiB).toBe(5456);
    expect(done.due.map((t) => t.kind)).toEqual(['stop-and-copy', 'commit', 'complete']);
  });

  it('never runs backwards: before the start it is at the start', () => {
    expect(progressAt(plan, T0 - 5000)).toMatchObject({ elapsedMs: 0, copiedMiB: 0, stage: 2 });
  });

  it('runs faster with a time scale, and says when each transition falls due', () => {
    const fast = planMigration({ precopy: web, startedAt: T0, timeScale: 100 });
    expect(progressAt(fast, T0 + 425).stage).toBe(3);
    expect(progressAt(fast, T0 + 427).finished).toBe(true);
    expect(wallClockAt(fast, 42_500)).toBe(T0 + 425);
    expect(progressAt(fast, T0).remainingWallMs).toBeCloseTo(426.25, 6);
  });

  it('refuses a time scale that is not positive', () => {
    expect(() => planMigration({ precopy: web, startedAt: T0, timeScale: 0 })).toThrow(RangeError);
  });
});

describe('migration plan: aborts leave the VM on its source', () => {
  it('no progress: aborted at the end of round 76 (158 s), no commit', () => {
    const plan = planMigration({ precopy: muncher, startedAt: T0 });
    expect(plan.outcome).toBe('aborted');
    expect(plan.abortReason).toBe('no-progress');
    expect(plan.transitions.map((t) => t.kind)).toEqual(['abort']);
    expect(plan.commitAtMs).toBeUndefined();
    expect(plan.stages.map((s) => s.stage)).toEqual([0, 1, 2]);
    expect(plan.endMs).toBe(8000 + 75 * 2000);
    // What was on the wire when it stopped: every round, no stop-and-copy.
    expect(progressAt(plan, T0 + 200_000)).toMatchObject({ finished: true, copiedMiB: 20_224 });
  });

  it.each([
    ['a round cap', { maxRounds: 30 }, 'not-converging', 8000 + 29 * 2000],
    ['the completion timeout', { completionTimeoutPerGiBMs: 60_000 }, 'timeout', 60_000],
  ] as const)('with %s, the plan aborts for that reason', (_label, limits, reason, endMs) => {
    const plan = planMigration({ precopy: { ...muncher, ...limits }, startedAt: T0 });
    expect(plan.abortReason).toBe(reason);
    expect(plan.endMs).toBe(endMs);
    expect(plan.transitions.map((t) => t.kind)).toEqual(['abort']);
  });

  it.each([
    ['at reservation', 0, 1],
    ['during pre-copy', 10_000, 2],
    ['during stop-and-copy', 42_600, 3],
  ] as const)('destination failure %s aborts in stage %i', (_label, atMs, stage) => {
    const plan = planMigration({
      precopy: web,
      startedAt: T0,
      failure: { kind: 'destination-failed', atMs },
    });
    expect(plan.outcome).toBe('aborted');
    expect(plan.abortReason).toBe('destination-failed');
    expect(plan.endMs).toBe(atMs);
    expect(plan.commitAtMs).toBeUndefined();
    const last = plan.transitions[plan.transitions.length - 1]!;
    expect(last).toMatchObject({ kind: 'abort', stage, atMs });
    expect(plan.transitions.some((t) => t.kind === 'commit')).toBe(false);
    expect(progressAt(plan, T0 + atMs + 1).finished).toBe(true);
  });

  it('a link drop during pre-copy stops the copy where it was', () => {
    const plan = planMigration({
      precopy: web,
      startedAt: T0,
      failure: { kind: 'link-down', atMs: 16_000 },
    });
    const p = progressAt(plan, T0 + 20_000);
    expect(p).toMatchObject({ finished: true, stage: 2, copiedMiB: 2048, plannedMiB: 2048 });
  });

  it('a failure after commitment changes nothing: the destination owns the VM', () => {
    const clean = planMigration({ precopy: web, startedAt: T0 });
    const late = planMigration({
      precopy: web,
      startedAt: T0,
      failure: { kind: 'link-down', atMs: 42_625 },
    });
    expect(late).toEqual(clean);
  });

  it('a failure after a non-converging pre-copy has ended changes nothing', () => {
    const plan = planMigration({
      precopy: muncher,
      startedAt: T0,
      failure: { kind: 'link-down', atMs: 1e9 },
    });
    expect(plan.abortReason).toBe('no-progress');
  });
});

describe('timeline text', () => {
  it('names every stage with its instants and the downtime', () => {
    const plan = planMigration({ precopy: web, startedAt: T0 });
    const lines = timelineLines(plan, {
      vmId: 'vm-3',
      sourceHostId: 'host-a',
      destinationHostId: 'host-b',
      memoryMiB: 4096,
      vcpus: 2,
    });
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/Reservation.*host-b reserves 4 GiB and 2 vCPUs/);
    expect(lines[2]).toMatch(/Iterative Pre-Copy.*0 ms to 42\.5 s.*4 rounds, 5\.3 GiB sent/);
    expect(lines[3]).toMatch(/Stop-and-Copy.*16 MiB/);
    expect(lines[6]).toMatch(/downtime 125 ms/);
  });

  it('says why and where the VM stays when aborted', () => {
    const plan = planMigration({ precopy: muncher, startedAt: T0 });
    const lines = timelineLines(plan, {
      vmId: 'vm-6',
      sourceHostId: 'host-a',
      destinationHostId: 'host-b',
      memoryMiB: 1024,
      vcpus: 1,
    });
    expect(lines.at(-1)).toMatch(
      /aborted at 2 min 38 s: pre-copy made no progress; vm-6 stays on host-a/,
    );
  });
});

describe('why a pre-copy would be cancelled, in words', () => {
  // vm-6 of the demo fleet: a 4 GiB memory muncher on 10 GbE.
  const muncherRates = {
    memoryMiB: 4096,
    workingSetMiB: 3072,
    dirtyRateMiBps: 1500,
    bandwidthMiBps: 1180,
  };

  it.each([
    [
      'no-progress',
      muncherRates,
      'vm-6 would make no progress, as it dirties its working set faster than the link copies it (1500 MiB/s against 1180 MiB/s)',
    ],
    [
      'timeout',
      { memoryMiB: 1024, bandwidthMiBps: 128, dirtyRateMiBps: 127.36 },
      'vm-6 would not finish in time, as after 13 min 20 s (13 min 20 s per GiB of its 1 GiB) pre-copy would still leave more to copy than the 300 ms downtime limit allows (127.36 MiB/s against 128 MiB/s)',
    ],
    [
      'not-converging',
      { ...muncherRates, maxRounds: 12 },
      'vm-6 would not converge in 12 rounds, as it dirties its memory at 1500 MiB/s and the link moves 1180 MiB/s',
    ],
  ] as const)('%s names its rule', (reason, params, text) => {
    const r = simulatePrecopy(params);
    expect(r.stopReason).toBe(reason);
    expect(precopyAbortText(r, 'vm-6')).toBe(text);
  });

  it('says nothing for a pre-copy that completes', () => {
    expect(precopyAbortText(simulatePrecopy(web), 'vm-3')).toBeUndefined();
  });
});
