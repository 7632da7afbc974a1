import { describe, expect, it } from 'vitest';
import { simulatePrecopy } from '../../../src/engine';

// The worked cases of ../shared/reference/live-migration.md, number for number.
describe('pre-copy: the reference worked cases', () => {
  it('idle: one round, 8 s, no downtime', () => {
    const r = simulatePrecopy({ memoryMiB: 1024, bandwidthMiBps: 128, dirtyRateMiBps: 0 });
    expect(r.precopyRounds).toBe(1);
    expect(r.totalTimeMs).toBe(8000);
    expect(r.downtimeMs).toBe(0);
    expect(r.transferredMiB).toBe(1024);
    expect(r.converged).toBe(true);
    expect(r.stopReason).toBe('threshold');
  });

  it('web: 4096, 1024, 256, 64 then 125 ms of downtime', () => {
    const r = simulatePrecopy({ memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps: 32 });
    expect(r.rounds.map((x) => x.sentMiB)).toEqual([4096, 1024, 256, 64]);
    expect(r.precopyTimeMs).toBe(42_500);
    expect(r.stopCopyMiB).toBe(16);
    expect(r.downtimeMs).toBe(125);
    expect(r.totalTimeMs).toBe(42_625);
    expect(r.transferredMiB).toBe(5456);
    expect(r.stopReason).toBe('threshold');
  });

  it('muncher under xen: data cap after round 10, 2 s of downtime', () => {
    const r = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 128,
      workingSetMiB: 256,
      dirtyRateMiBps: 256,
      policy: 'xen',
    });
    expect(r.rounds.map((x) => x.sentMiB)).toEqual([1024, ...Array(9).fill(256)]);
    expect(r.rounds.map((x) => x.durationMs)).toEqual([8000, ...Array(9).fill(2000)]);
    expect(r.stopReason).toBe('data-cap');
    expect(r.downtimeMs).toBe(2000);
    expect(r.totalTimeMs).toBe(28_000);
    expect(r.transferredMiB).toBe(3584);
    expect(r.converged).toBe(false);
    expect(r.outcome).toBe('completed');
  });

  it('muncher under qemu: no progress after 76 rounds at 158 s, the VM stays', () => {
    const r = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 128,
      workingSetMiB: 256,
      dirtyRateMiBps: 256,
    });
    // 256 MiB left after round 1 (8 s), and after every 2 s round since: 150 s without progress.
    expect(r.rounds.map((x) => x.dirtiedMiB)).toEqual(Array(76).fill(256));
    expect(r.precopyRounds).toBe(76);
    expect(r.precopyTimeMs).toBe(158_000);
    expect(r.stopReason).toBe('no-progress');
    expect(r.converged).toBe(false);
    expect(r.outcome).toBe('aborted');
    expect(r.downtimeMs).toBeNull();
    expect(r.totalTimeMs).toBeNull();
    expect(r.stopCopyMiB).toBe(0);
    expect(r.transferredMiB).toBe(20_224);
  });

  it('near bandwidth: converges slowly, 98 rounds and 28.66 ms of downtime', () => {
    const r = simulatePrecopy({
      memoryMiB: 2048,
      bandwidthMiBps: 128,
      dirtyRateMiBps: 120,
      downtimeLimitMs: 30,
    });
    expect(r.precopyRounds).toBe(98);
    expect(r.stopReason).toBe('threshold');
    expect(r.converged).toBe(true);
    expect(r.downtimeMs).toBeCloseTo(28.66, 2);
    expect(r.totalTimeMs! / 1000).toBeCloseTo(255.57, 2);
    expect(Math.round(r.transferredMiB)).toBe(32_713);
  });
});

describe('pre-copy: qemu stop rules beyond the worked cases', () => {
  const muncher = { memoryMiB: 1024, bandwidthMiBps: 128, workingSetMiB: 256, dirtyRateMiBps: 256 };

  it('--max-rounds still caps the rounds when asked (not-converging)', () => {
    const r = simulatePrecopy({ ...muncher, maxRounds: 30 });
    expect(r.precopyRounds).toBe(30);
    expect(r.stopReason).toBe('not-converging');
    expect(r.outcome).toBe('aborted');
    expect(r.transferredMiB).toBe(1024 + 29 * 256);
  });

  it('the progress timeout is a parameter', () => {
    // 8 s, then 2 s rounds: 20 s without progress ends round 11.
    const r = simulatePrecopy({ ...muncher, progressTimeoutMs: 20_000 });
    expect(r.precopyRounds).toBe(11);
    expect(r.precopyTimeMs).toBe(28_000);
    expect(r.stopReason).toBe('no-progress');
  });

  it('times out at 800 s per GiB while the data still shrinks', () => {
    // 1 GiB at D/B = 0.995 shrinks by 0.5 % a round: progress every round, but the fluid model
    // reaches the 300 ms threshold only after 656 rounds and 1540 s. Pre-copy time after k rounds
    // is 8 s x (1 - 0.995^k) / 0.005: it passes 800 s in round 139 (400 s in round 58).
    const slow = { memoryMiB: 1024, bandwidthMiBps: 128, dirtyRateMiBps: 0.995 * 128 };
    const r = simulatePrecopy(slow);
    expect(r.stopReason).toBe('timeout');
    expect(r.outcome).toBe('aborted');
    expect(r.precopyRounds).toBe(139);
    expect(r.precopyTimeMs).toBeGreaterThanOrEqual(800_000);
    expect(r.precopyTimeMs - r.rounds.at(-1)!.durationMs).toBeLessThan(800_000);
    const shorter = simulatePrecopy({ ...slow, completionTimeoutPerGiBMs: 400_000 });
    expect(shorter.stopReason).toBe('timeout');
    expect(shorter.precopyRounds).toBe(58);
  });

  it('auto-converge is still subject to the timeouts', () => {
    // 1 GbE-like link, 4 GiB muncher: the throttle climbs 10 points every two 26 s rounds, too
    // slowly to catch up before 150 s have passed without progress.
    const r = simulatePrecopy({
      memoryMiB: 4096,
      bandwidthMiBps: 117,
      workingSetMiB: 3072,
      dirtyRateMiBps: 1500,
      autoConverge: true,
    });
    expect(r.stopReason).toBe('no-progress');
    expect(r.throttlePct).toBeGreaterThan(0);
    expect(r.outcome).toBe('aborted');
  });

  it('gives up past a million rounds rather than run for minutes', () => {
    // One 4 KiB page re-dirtied every 4 µs round with no downtime allowed: the 6.25 s
    // completion timeout of 8 MiB would take 1.6 million rounds to reach.
    expect(() =>
      simulatePrecopy({
        memoryMiB: 8,
        workingSetMiB: 1 / 256,
        bandwidthMiBps: 1000,
        dirtyRateMiBps: 2000,
        downtimeLimitMs: 0,
      }),
    ).toThrow(/more than 1000000 rounds/);
  });

  it('the timeouts are qemu rules: xen and xen-v2 always complete', () => {
    const xen = simulatePrecopy({ ...muncher, policy: 'xen', progressTimeoutMs: 1 });
    expect(xen.stopReason).toBe('data-cap');
    const v2 = simulatePrecopy({ ...muncher, policy: 'xen-v2', completionTimeoutPerGiBMs: 1 });
    expect(v2.stopReason).toBe('max-rounds');
  });
});

describe('pre-copy: auto-converge', () => {
  const muncher = {
    memoryMiB: 1024,
    bandwidthMiBps: 128,
    workingSetMiB: 256,
    dirtyRateMiBps: 256,
    autoConverge: true,
  } as const;

  it('raises the throttle 20, 30, 40 ... every second heavy round until it converges', () => {
    const r = simulatePrecopy(muncher);
    const throttles = r.rounds.map((x) => x.throttlePct);
    // Round 1 (256 of 1024) is light; rounds 2 and 3 are heavy, so round 4 runs at 20 %.
    expect(throttles.slice(0, 4)).toEqual([0, 0, 0, 20]);
    expect(throttles[5]).toBe(30);
    expect(new Set(throttles)).toEqual(new Set([0, 20, 30, 40, 50, 60, 70, 80]));
    expect(r.converged).toBe(true);
    expect(r.stopReason).toBe('threshold');
    expect(r.downtimeMs).toBeLessThanOrEqual(300);
    expect(r.throttlePct).toBe(80);
  });

  it('scales the dirty rate by (1 - throttle)', () => {
    const r = simulatePrecopy(muncher);
    const first60 = r.rounds.find((x) => x.throttlePct === 60)!;
    // 256 MiB/s x 0.4 for 2 s = 204.8 MiB, inside the 256 MiB working set.
    expect(first60.dirtiedMiB).toBeCloseTo(204.8, 1);
  });

  it('still stops at the round cap when one is asked for', () => {
    const r = simulatePrecopy({ ...muncher, maxRounds: 8 });
    expect(r.precopyRounds).toBe(8);
    expect(r.stopReason).toBe('not-converging');
    expect(r.outcome).toBe('aborted');
  });

  it('never goes past 99 %', () => {
    const r = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 1,
      dirtyRateMiBps: 10_000,
      autoConverge: true,
      maxRounds: 500,
      // Far-off timeouts, so that the throttle has the rounds to climb.
      progressTimeoutMs: 1e10,
      completionTimeoutPerGiBMs: 1e10,
    });
    expect(Math.max(...r.rounds.map((x) => x.throttlePct))).toBe(99);
  });
});

describe('pre-copy: xen and xen-v2 stop rules', () => {
  it('xen stops when a round sends more than the one before (dirty-growing)', () => {
    // Random writes at twice the link rate into a 16 MiB working set settle near 80 % of it,
    // and the round-to-round noise soon makes one round larger than the last.
    const r = simulatePrecopy({
      memoryMiB: 64,
      bandwidthMiBps: 64,
      dirtyRateMiBps: 128,
      workingSetMiB: 16,
      pattern: 'random',
      seed: 3,
      policy: 'xen',
    });
    const [before, last] = r.rounds.slice(-2);
    expect(r.stopReason).toBe('dirty-growing');
    expect(last!.sentMiB).toBeGreaterThan(before!.sentMiB);
    expect(r.outcome).toBe('completed');
  });

  it('xen stops when a round sent fewer than 50 pages (threshold)', () => {
    // 1 MiB (256 pages) with D/B = 0.5: rounds send 256, 128, 64, 32 pages; 32 < 50.
    const r = simulatePrecopy({
      memoryMiB: 1,
      bandwidthMiBps: 1,
      dirtyRateMiBps: 0.5,
      policy: 'xen',
    });
    expect(r.rounds.map((x) => x.sentMiB * 256)).toEqual([256, 128, 64, 32]);
    expect(r.stopReason).toBe('threshold');
    expect(r.stopCopyMiB * 256).toBe(16);
    expect(r.converged).toBe(true);
  });

  it('xen stops at 30 rounds (max-rounds) when nothing else does', () => {
    // Dirtying exactly what each round sends: rounds stay equal, never grow, never cap out in 30.
    const r = simulatePrecopy({
      memoryMiB: 4096,
      bandwidthMiBps: 128,
      dirtyRateMiBps: 128,
      workingSetMiB: 128,
      policy: 'xen',
    });
    // 4096 + 29 x 128 = 7808 < 3 x 4096: the data cap does not trigger.
    expect(r.precopyRounds).toBe(30);
    expect(r.stopReason).toBe('max-rounds');
    expect(r.downtimeMs).toBe(1000);
  });

  it('xen-v2 stops after 5 rounds or under 50 dirty pages', () => {
    const busy = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 128,
      workingSetMiB: 256,
      dirtyRateMiBps: 256,
      policy: 'xen-v2',
    });
    expect(busy.precopyRounds).toBe(5);
    expect(busy.stopReason).toBe('max-rounds');
    expect(busy.converged).toBe(false);
    expect(busy.outcome).toBe('completed');
    expect(busy.downtimeMs).toBe(2000);

    const quiet = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 1024,
      dirtyRateMiBps: 1,
      policy: 'xen-v2',
    });
    expect(quiet.stopReason).toBe('threshold');
    expect(quiet.stopCopyMiB * 256).toBeLessThan(50);
  });

  it('adds the resume time to the downtime', () => {
    const r = simulatePrecopy({
      memoryMiB: 4096,
      bandwidthMiBps: 128,
      dirtyRateMiBps: 32,
      resumeMs: 40,
    });
    expect(r.downtimeMs).toBe(165);
    expect(r.totalTimeMs).toBe(42_665);
  });

  it('refuses parameters it cannot simulate', () => {
    expect(() => simulatePrecopy({ memoryMiB: 0, bandwidthMiBps: 1, dirtyRateMiBps: 0 })).toThrow(
      RangeError,
    );
    expect(() => simulatePrecopy({ memoryMiB: 10, bandwidthMiBps: 0, dirtyRateMiBps: 0 })).toThrow(
      /bandwidth/,
    );
    expect(() =>
      simulatePrecopy({ memoryMiB: 10, bandwidthMiBps: 1, dirtyRateMiBps: 0, workingSetMiB: 11 }),
    ).toThrow(/working set/);
    expect(() => simulatePrecopy({ memoryMiB: 10, bandwidthMiBps: 1, dirtyRateMiBps: -1 })).toThrow(
      /dirty/,
    );
    expect(() =>
      simulatePrecopy({ memoryMiB: Number.NaN, bandwidthMiBps: 1, dirtyRateMiBps: 0 }),
    ).toThrow();
    expect(() =>
      simulatePrecopy({
        memoryMiB: 10,
        bandwidthMiBps: 1,
        dirtyRateMiBps: 0,
        progressTimeoutMs: 0,
      }),
    ).toThrow(/progress timeout/);
    expect(() =>
      simulatePrecopy({
        memoryMiB: 10,
        bandwidthMiBps: 1,
        dirtyRateMiBps: 0,
        completionTimeoutPerGiBMs: Infinity,
      }),
    ).toThrow(/completion timeout/);
  });
});

describe('pre-copy: parameters out of this world', () => {
  it('refuses rates no link or memory bus has, rather than overflowing', () => {
    expect(() =>
      simulatePrecopy({ memoryMiB: 1024, bandwidthMiBps: 128, dirtyRateMiBps: 1e300 }),
    ).toThrow(/dirty rate/);
    expect(() =>
      simulatePrecopy({ memoryMiB: 1024, bandwidthMiBps: 1e300, dirtyRateMiBps: 1 }),
    ).toThrow(/bandwidth/);
  });

  it('refuses auto-converge with a Xen policy', () => {
    expect(() =>
      simulatePrecopy({
        memoryMiB: 1024,
        bandwidthMiBps: 128,
        dirtyRateMiBps: 1,
        policy: 'xen',
        autoConverge: true,
      }),
    ).toThrow(/auto-converge/);
  });
});
