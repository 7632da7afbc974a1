import type { DirtyBitmap } from './dirty-bitmap';
import type { DirtyPattern } from './model';
import { Sfc32 } from './prng';

/**
 * The guest's writes during a pre-copy round, replayed page by page into the dirty bitmap.
 * The working set is the first `workingSetPages` pages of memory.
 */
export interface GuestWriter {
  /** Performs one round's `writes` page writes into the round's freshly harvested bitmap. */
  write(bitmap: DirtyBitmap, writes: number): void;
}

export function createGuestWriter(
  pattern: DirtyPattern,
  workingSetPages: number,
  seed: number,
): GuestWriter {
  return pattern === 'sweep'
    ? new SweepWriter(workingSetPages)
    : new RandomWriter(workingSetPages, new Sfc32(seed));
}

/** Writes walk the working set in order and wrap around: the fluid model of the papers. */
class SweepWriter implements GuestWriter {
  private cursor = 0;
  constructor(private readonly ws: number) {}

  write(bitmap: DirtyBitmap, writes: number): void {
    if (this.ws === 0 || writes <= 0) return;
    // Writing more than the working set in one round dirties all of it, once.
    const run = Math.min(writes, this.ws);
    const first = Math.min(run, this.ws - this.cursor);
    bitmap.markRange(this.cursor, first);
    if (run > first) bitmap.markRange(0, run - first);
    this.cursor = (this.cursor + writes) % this.ws;
  }
}

/**
 * Each write hits a uniformly random page of the working set.
 *
 * Up to one write per page (or 2^20 writes) they are replayed one by one. Beyond that the
 * replay would cost coupon-collector time for no information, so the round instead draws how
 * many distinct pages were hit (the occupancy distribution: its exact mean and variance, normal
 * shape) and then which ones (a uniformly random subset of that size, which is what the writes
 * produce by symmetry).
 */
class RandomWriter implements GuestWriter {
  private static readonly REPLAY_LIMIT = 1 << 20;

  constructor(
    private readonly ws: number,
    private readonly rng: Sfc32,
  ) {}

  write(bitmap: DirtyBitmap, writes: number): void {
    if (this.ws === 0 || writes <= 0) return;
    if (writes <= Math.max(this.ws, RandomWriter.REPLAY_LIMIT)) {
      bitmap.markUniform(writes, this.ws, this.rng);
      return;
    }
    this.writeSampled(bitmap, writes);
  }

  private writeSampled(bitmap: DirtyBitmap, writes: number): void {
    const n = this.ws;
    const miss1 = Math.pow(1 - 1 / n, writes);
    const miss2 = Math.pow(1 - 2 / n, writes);
    const mean = n * (1 - miss1);
    const variance = Math.max(0, n * (n - 1) * miss2 + n * miss1 - n * n * miss1 * miss1);
    const drawn = Math.round(mean + Math.sqrt(variance) * this.gaussian());
    const target = Math.min(n, Math.max(Math.min(n, 1), drawn));
    // Most pages are hit here, so the hit set is drawn as "all but a random complement".
    bitmap.markRange(0, n);
    while (bitmap.count > target) {
      bitmap.unmark(Math.floor(this.rng.nextFloat() * n));
    }
  }

  /** Standard normal deviate (Box-Muller) from the seeded generator. */
  private gaussian(): number {
    const u = (this.rng.next() + 1) / 4294967297;
    const v = this.rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
