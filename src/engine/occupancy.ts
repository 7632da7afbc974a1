import type { DirtyBitmap } from './dirty-bitmap';
import type { Sfc32 } from './prng';

/**
 * Random writes by the numbers: how many distinct pages `writes` writes hit when each lands on
 * a uniformly random one of `pages` pages (the occupancy distribution), and which pages they are
 * (by symmetry, a uniformly random subset of that size).
 */

export interface Moments {
  mean: number;
  variance: number;
}

/**
 * The exact mean and variance of the number of distinct pages hit. With E the pages left
 * unwritten, q1 = (1 - 1/n)^m and q2 = (1 - 2/n)^m: mean = n (1 - q1) and variance = Var(E) =
 * n q1 (1 - q1) + n (n - 1) (q2 - q1²). The powers go through log1p and expm1, and q2 - q1² is
 * computed as q1² · expm1(m · log1p(-1 / (n - 1)²)) (since (1 - 2/n) / (1 - 1/n)² = 1 - 1/(n - 1)²),
 * so that nothing cancels even at the 2^30 pages of a 4 TiB VM.
 */
export function distinctPagesMoments(pages: number, writes: number): Moments {
  if (writes <= 0 || pages <= 0) return { mean: 0, variance: 0 };
  if (pages === 1) return { mean: 1, variance: 0 };
  const logMiss = writes * Math.log1p(-1 / pages);
  const miss = Math.exp(logMiss);
  const hit = -Math.expm1(logMiss);
  const pairs =
    pages *
    (pages - 1) *
    miss *
    miss *
    Math.expm1(writes * Math.log1p(-1 / ((pages - 1) * (pages - 1))));
  return { mean: pages * hit, variance: Math.max(0, pages * miss * hit + pairs) };
}

/**
 * A draw of the number of distinct pages hit: normal, with the occupancy distribution's exact
 * mean and variance, rounded and kept possible (at least one page, at most the pages and the
 * writes). Meant for many writes, where the distribution is close to normal.
 */
export function drawDistinctPages(pages: number, writes: number, rng: Sfc32): number {
  if (writes <= 0 || pages <= 0) return 0;
  const { mean, variance } = distinctPagesMoments(pages, writes);
  const drawn = Math.round(mean + Math.sqrt(variance) * gaussian(rng));
  return Math.min(pages, writes, Math.max(1, drawn));
}

/**
 * Marks a uniformly random `k`-subset of pages [0, pages) in `bitmap`, which must be empty:
 * uniform draws until `k` distinct pages are marked, or, when most pages are in, all pages and
 * then uniform draws until all but `k` are cleared. Each draw is as likely to name any page, so
 * every subset of the size is equally likely; the expected draws are at most about 1.4 k.
 */
export function drawSubset(bitmap: DirtyBitmap, k: number, pages: number, rng: Sfc32): void {
  if (k * 2 <= pages) {
    while (bitmap.count < k) bitmap.mark(Math.floor(rng.nextFloat() * pages));
    return;
  }
  bitmap.markRange(0, pages);
  while (bitmap.count > k) bitmap.unmark(Math.floor(rng.nextFloat() * pages));
}

/** Standard normal deviate (Box-Muller) from the seeded generator. */
function gaussian(rng: Sfc32): number {
  const u = (rng.next() + 1) / 4294967297;
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
