import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyBitmap } from '../../../src/engine/dirty-bitmap';
import { distinctPagesMoments, drawDistinctPages, drawSubset } from '../../../src/engine/occupancy';
import { Sfc32 } from '../../../src/engine/prng';

/** The exact distribution of distinct pages hit, write by write: P(d) after each write. */
function exactDistribution(pages: number, writes: number): number[] {
  let p = new Array<number>(pages + 1).fill(0);
  p[0] = 1;
  for (let w = 0; w < writes; w++) {
    const next = new Array<number>(pages + 1).fill(0);
    for (let d = 0; d <= pages; d++) {
      if (p[d] === 0) continue;
      next[d]! += (p[d]! * d) / pages;
      if (d < pages) next[d + 1]! += (p[d]! * (pages - d)) / pages;
    }
    p = next;
  }
  return p;
}

function momentsOf(p: number[]): { mean: number; variance: number } {
  const mean = p.reduce((s, x, d) => s + x * d, 0);
  return { mean, variance: p.reduce((s, x, d) => s + x * (d - mean) ** 2, 0) };
}

/** mean and variance of the pages hit, from q1 and q2 computed in 256-bit fixed point. */
function fixedPointMoments(pages: number, writes: number): { mean: number; variance: number } {
  const ONE = 1n << 256n;
  const n = BigInt(pages);
  const pow = (numerator: bigint, exponent: bigint): bigint => {
    let base = (numerator * ONE) / n;
    let result = ONE;
    for (let e = exponent; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * base) / ONE;
      base = (base * base) / ONE;
    }
    return result;
  };
  const q1 = pow(n - 1n, BigInt(writes));
  const q2 = pow(n - 2n, BigInt(writes));
  const variance = n * q1 * (ONE - q1) + n * (n - 1n) * (q2 * ONE - q1 * q1);
  const toNumber = (x: bigint, scale: bigint) => Number((x * 10n ** 15n) / scale) / 1e15;
  return { mean: toNumber(n * (ONE - q1), ONE), variance: toNumber(variance, ONE * ONE) };
}

function sampleMoments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) };
}

describe('distinct pages hit by uniform writes (the occupancy distribution)', () => {
  it('mean and variance are exact, against the distribution computed write by write', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 300 }), (n, m) => {
        const want = momentsOf(exactDistribution(n, m));
        const got = distinctPagesMoments(n, m);
        expect(got.mean).toBeCloseTo(want.mean, 9);
        expect(got.variance).toBeCloseTo(want.variance, 9);
      }),
    );
  });

  it('stays exact at the size of a 4 TiB VM, where the naive formula cancels', () => {
    // Checked against the same formula in 256-bit fixed point, where nothing cancels.
    for (const [n, m] of [
      [2 ** 30, 2 ** 20],
      [2 ** 30, 2 ** 26],
      [2 ** 30, 2 ** 31],
      [2 ** 24, 13_421_773],
    ] as const) {
      const want = fixedPointMoments(n, m);
      const got = distinctPagesMoments(n, m);
      expect(Math.abs(got.mean - want.mean) / want.mean).toBeLessThan(1e-12);
      expect(Math.abs(got.variance - want.variance) / want.variance).toBeLessThan(1e-9);
    }
  });

  it('draws match the mean and variance over many draws', () => {
    for (const [n, m] of [
      [10_000, 20_000],
      [2 ** 24, 0.8 * 2 ** 24],
      [1000, 5000],
      [1 << 20, 1 << 16],
    ] as const) {
      const rng = new Sfc32(n + m);
      const draws = Array.from({ length: 4000 }, () => drawDistinctPages(n, m, rng));
      const want = distinctPagesMoments(n, m);
      const got = sampleMoments(draws);
      // Four standard errors of the mean; the sample variance within 12 % (its standard error
      // over 4000 normal draws is 2.2 %), plus the 1/12 that rounding to whole pages adds.
      expect(Math.abs(got.mean - want.mean)).toBeLessThan(
        4 * Math.sqrt(want.variance / 4000) + 0.5,
      );
      expect(Math.abs(got.variance - want.variance)).toBeLessThan(0.12 * want.variance + 0.2);
    }
  });

  it('never draws an impossible count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 24 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer(),
        (n, m, seed) => {
          const k = drawDistinctPages(n, m, new Sfc32(seed));
          expect(Number.isInteger(k)).toBe(true);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(Math.min(n, m));
        },
      ),
    );
  });

  it('boundaries: no writes hit nothing; one page is hit by any write; far more writes than pages hit them all', () => {
    const rng = new Sfc32(1);
    expect(drawDistinctPages(100, 0, rng)).toBe(0);
    expect(drawDistinctPages(0, 100, rng)).toBe(0);
    expect(distinctPagesMoments(1, 1e9)).toEqual({ mean: 1, variance: 0 });
    expect(drawDistinctPages(1, 1e9, rng)).toBe(1);
    expect(drawDistinctPages(1000, 1e7, rng)).toBe(1000);
    expect(distinctPagesMoments(2 ** 24, 2 ** 40).mean).toBe(2 ** 24);
  });
});

describe('drawSubset', () => {
  /** Draws many subsets of `k` of `n` pages and returns how often each subset came up. */
  function frequencies(n: number, k: number, draws: number): Map<string, number> {
    const seen = new Map<string, number>();
    const rng = new Sfc32(n * 100 + k);
    const bitmap = new DirtyBitmap(n);
    for (let i = 0; i < draws; i++) {
      bitmap.harvest();
      drawSubset(bitmap, k, n, rng);
      const key = Array.from({ length: n }, (_, p) => (bitmap.isDirty(p) ? '1' : '0')).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return seen;
  }

  it.each([
    [6, 2, 15],
    [6, 4, 15], // more than half: drawn as the complement
    [5, 3, 10],
  ])('every subset of %i pages with %i in is equally likely (chi-square)', (n, k, subsets) => {
    const draws = 30_000;
    const seen = frequencies(n, k, draws);
    expect(seen.size).toBe(subsets);
    for (const key of seen.keys()) expect([...key].filter((c) => c === '1')).toHaveLength(k);
    const expected = draws / subsets;
    const chi2 = [...seen.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // The 0.1 % critical value of chi-square with 14 degrees of freedom is 36.1 (9: 27.9).
    expect(chi2).toBeLessThan(subsets === 15 ? 36.1 : 27.9);
  });

  it('marks exactly k pages, none outside the range, for any k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), fc.integer(), (n, k0, seed) => {
        const k = k0 % (n + 1);
        const bitmap = new DirtyBitmap(n + 40);
        drawSubset(bitmap, k, n, new Sfc32(seed));
        expect(bitmap.count).toBe(k);
        for (let p = n; p < n + 40; p++) expect(bitmap.isDirty(p)).toBe(false);
      }),
    );
  });
});
