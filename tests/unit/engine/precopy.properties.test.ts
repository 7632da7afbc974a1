import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatePrecopy } from '../../../src/engine';

/**
 * The simulator against closed forms. Sweep with W = M and lambda = D/B < 1 is the fluid model of
 * the papers: round i sends M * lambda^(i-1); the page-granular simulator must agree within
 * 0.5 % on data and times and exactly on the round count, including where qemu's completion
 * timeout (800 s per GiB by default) cancels a migration that is still shrinking.
 */
describe('sweep pattern agrees with the geometric closed form', () => {
  const inputs = fc.record({
    memoryMiB: fc.integer({ min: 64, max: 32_768 }),
    bandwidthMiBps: fc.integer({ min: 16, max: 2_500 }),
    lambda: fc.double({ min: 0, max: 0.95, noNaN: true }),
    downtimeLimitMs: fc.integer({ min: 20, max: 2_000 }),
    completionTimeoutPerGiBMs: fc.constantFrom(undefined, 100_000, 800_000),
  });

  it('round count exact, data and times within 0.5 %', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const { memoryMiB: M, bandwidthMiBps: B, lambda, downtimeLimitMs } = input;
        const perGiBMs = input.completionTimeoutPerGiBMs ?? 800_000;
        const model = closedForm(M, B, lambda, downtimeLimitMs, (perGiBMs * M) / 1024);
        // Within a few pages of a boundary the round count depends on page rounding: skip.
        fc.pre(model.margin > 0.02);
        const r = simulatePrecopy({
          memoryMiB: M,
          bandwidthMiBps: B,
          dirtyRateMiBps: lambda * B,
          downtimeLimitMs,
          completionTimeoutPerGiBMs: input.completionTimeoutPerGiBMs,
        });
        expect(r.precopyRounds).toBe(model.rounds);
        expect(r.stopReason).toBe(model.converged ? 'threshold' : 'timeout');
        expect(r.outcome).toBe(model.converged ? 'completed' : 'aborted');
        expectClose(r.precopyTimeMs, model.precopyMs);
        if (model.converged) {
          expectClose(r.transferredMiB, model.totalMiB);
          expectClose(r.totalTimeMs!, model.totalMs);
          // Downtime is tiny in absolute terms: compare within 0.5 % or one page.
          expect(Math.abs(r.downtimeMs! - model.downtimeMs)).toBeLessThanOrEqual(
            Math.max(0.005 * model.downtimeMs, (1000 / 256 / B) * 1.01),
          );
        } else {
          expectClose(r.transferredMiB, model.totalMiB);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * No progress, in closed form: sweep with D >= B dirties the whole working set W in every round
 * after the first (round 1 sends M in M/B and leaves W dirty; each later round sends W in W/B and
 * leaves W dirty). Unless W fits the downtime limit at once, the smallest remaining data is W
 * from the end of round 1 on, so the progress timeout P ends round 1 + ceil(P / (W/B)), and the
 * completion timeout T (per GiB x memory) the first round ending at or after T, whichever is
 * first; an explicit round cap N ends round N before either.
 */
describe('qemu no-progress and timeout agree with their closed form', () => {
  const inputs = fc.record({
    memoryMiB: fc.integer({ min: 64, max: 16_384 }),
    workingShare: fc.double({ min: 0.05, max: 1, noNaN: true }),
    bandwidthMiBps: fc.integer({ min: 16, max: 2_500 }),
    // Strictly above 1: at D = B exactly, float rounding may leave a round one page short.
    overdrive: fc.double({ min: 1.01, max: 4, noNaN: true }),
    downtimeLimitMs: fc.integer({ min: 20, max: 2_000 }),
    progressTimeoutMs: fc.integer({ min: 5_000, max: 600_000 }),
    completionTimeoutPerGiBMs: fc.integer({ min: 20_000, max: 2_000_000 }),
    maxRounds: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: undefined }),
  });

  it('stop reason and round count exact, data and times within 0.5 %', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const M = input.memoryMiB;
        const W = Math.max(1, Math.round(M * input.workingShare));
        const B = input.bandwidthMiBps;
        const model = plateau(M, W, B, input);
        fc.pre(model.margin > 0.01);
        const r = simulatePrecopy({
          memoryMiB: M,
          workingSetMiB: W,
          bandwidthMiBps: B,
          dirtyRateMiBps: input.overdrive * B,
          downtimeLimitMs: input.downtimeLimitMs,
          progressTimeoutMs: input.progressTimeoutMs,
          completionTimeoutPerGiBMs: input.completionTimeoutPerGiBMs,
          maxRounds: input.maxRounds,
        });
        expect(r.stopReason).toBe(model.stopReason);
        expect(r.precopyRounds).toBe(model.rounds);
        expectClose(r.precopyTimeMs, model.precopyMs);
        expectClose(r.transferredMiB, model.transferredMiB);
        expect(r.outcome).toBe(model.stopReason === 'threshold' ? 'completed' : 'aborted');
      }),
      { numRuns: 200 },
    );
  });
});

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.005 * Math.abs(expected) + 1e-9);
}

/** The fluid model: rounds until M * lambda^k / B <= limit, or the completion timeout. */
function closedForm(M: number, B: number, lambda: number, limitMs: number, timeoutMs: number) {
  let rounds = 0;
  let sent = M;
  let precopyMiB = 0;
  let margin = Infinity;
  for (;;) {
    rounds++;
    precopyMiB += sent;
    const precopyMs = (precopyMiB / B) * 1000;
    const remaining = sent * lambda;
    const downtime = (remaining / B) * 1000;
    // Relative distance of this round's checks from their boundaries.
    margin = Math.min(
      margin,
      Math.abs(downtime - limitMs) / limitMs,
      Math.abs(precopyMs - timeoutMs) / timeoutMs,
    );
    if (downtime <= limitMs) {
      return {
        rounds,
        converged: true,
        precopyMs,
        downtimeMs: downtime,
        totalMs: precopyMs + downtime,
        totalMiB: precopyMiB + remaining,
        margin,
      };
    }
    if (precopyMs >= timeoutMs) {
      return {
        rounds,
        converged: false,
        precopyMs,
        downtimeMs: NaN,
        totalMs: NaN,
        totalMiB: precopyMiB,
        margin,
      };
    }
    sent = remaining;
  }
}

/** The plateau of a sweep at D >= B: see the describe block above. */
function plateau(
  M: number,
  W: number,
  B: number,
  limits: {
    downtimeLimitMs: number;
    progressTimeoutMs: number;
    completionTimeoutPerGiBMs: number;
    maxRounds?: number;
  },
) {
  const firstMs = (M / B) * 1000;
  const roundMs = (W / B) * 1000;
  const timeoutMs = (limits.completionTimeoutPerGiBMs * M) / 1024;
  const relative = (a: number, b: number) => Math.abs(a - b) / b;
  const at = (rounds: number, stopReason: string, margin: number) => ({
    rounds,
    stopReason,
    precopyMs: firstMs + (rounds - 1) * roundMs,
    transferredMiB: M + (rounds - 1) * W + (stopReason === 'threshold' ? W : 0),
    margin,
  });
  const thresholdMargin = relative(roundMs, limits.downtimeLimitMs);
  if (roundMs <= limits.downtimeLimitMs) return at(1, 'threshold', thresholdMargin);
  // Round k ends at firstMs + (k - 1) * roundMs; each rule holds from some round on.
  const noProgress = 1 + Math.ceil(limits.progressTimeoutMs / roundMs);
  const timeout = Math.max(1, 1 + Math.ceil((timeoutMs - firstMs) / roundMs));
  const cap = limits.maxRounds ?? Infinity;
  const rounds = Math.min(noProgress, timeout, cap);
  const stopReason =
    rounds === noProgress ? 'no-progress' : rounds === timeout ? 'timeout' : 'not-converging';
  // Distance of each rule's trigger from a round boundary, relative to a round.
  const fraction = (x: number) => Math.min(x - Math.floor(x), Math.ceil(x) - x);
  const margin = Math.min(
    thresholdMargin,
    fraction(limits.progressTimeoutMs / roundMs),
    timeoutMs > firstMs ? fraction((timeoutMs - firstMs) / roundMs) : relative(firstMs, timeoutMs),
  );
  return at(rounds, stopReason, margin);
}

/**
 * Random writes: the distinct data dirtied in an interval t is, in expectation,
 * W * (1 - e^(-D t / W)). Each round's dirtied data must match it within a few percent.
 */
describe('random pattern agrees with its expectation', () => {
  const expected = (W: number, D: number, tMs: number, throttlePct: number) =>
    W * (1 - Math.exp((-D * (1 - throttlePct / 100) * (tMs / 1000)) / W));

  it('round by round, over seeds (writes replayed or sampled)', () => {
    fc.assert(
      fc.property(
        fc.record({
          memoryMiB: fc.integer({ min: 512, max: 8192 }),
          workingShare: fc.double({ min: 0.1, max: 1, noNaN: true }),
          lambda: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
        }),
        ({ memoryMiB, workingShare, lambda, seed }) => {
          const B = 512;
          const W = Math.max(64, Math.round(memoryMiB * workingShare));
          const D = lambda * B;
          const r = simulatePrecopy({
            memoryMiB,
            bandwidthMiBps: B,
            dirtyRateMiBps: D,
            workingSetMiB: W,
            pattern: 'random',
            seed,
          });
          for (const round of r.rounds) {
            const want = expected(W, D, round.durationMs, round.throttlePct);
            // Few writes mean large relative noise: only rounds dirtying 16 MiB or more.
            if (want < 16) continue;
            expect(Math.abs(round.dirtiedMiB - want) / want).toBeLessThan(0.03);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('when writes far outnumber pages (the sampled occupancy path)', () => {
    // 2 Mi pages of working set, 1.5 writes per page in round 1: more than 2^20 writes.
    const W = 8192;
    const r = simulatePrecopy({
      memoryMiB: 16_384,
      bandwidthMiBps: 1000,
      dirtyRateMiBps: 750,
      workingSetMiB: W,
      pattern: 'random',
      seed: 11,
    });
    const first = r.rounds[0]!;
    const want = expected(W, 750, first.durationMs, 0);
    expect(Math.abs(first.dirtiedMiB - want) / want).toBeLessThan(0.01);
  });

  it('is reproducible: same seed, same rounds; another seed, other pages', () => {
    const run = (seed: number) =>
      simulatePrecopy({
        memoryMiB: 2048,
        bandwidthMiBps: 256,
        dirtyRateMiBps: 200,
        pattern: 'random',
        seed,
      }).rounds.map((x) => x.dirtiedMiB);
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});
