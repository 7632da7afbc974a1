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

  it('muncher under qemu: aborted after 30 rounds, the VM stays', () => {
    const r = simulatePrecopy({
      memoryMiB: 1024,
      bandwidthMiBps: 128,
      workingSetMiB: 256,
      dirtyRateMiBps: 256,
    });
    expect(r.precopyRounds).toBe(30);
    expect(r.stopReason).toBe('not-converging');
    expect(r.converged).toBe(false);
    expect(r.outcome).toBe('aborted');
    expect(r.downtimeMs).toBeNull();
    expect(r.totalTimeMs).toBeNull();
    expect(r.stopCopyMiB).toBe(0);
    expect(r.transferredMiB).toBe(1024 + 29 * 256);
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

  it('still stops at the round cap', () => {
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
