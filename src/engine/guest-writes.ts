import { DirtyBitmap } from './dirty-bitmap';
import { PageRuns, type DirtySet } from './dirty-set';
import type { DirtyPattern } from './model';
import { drawDistinctPages, drawSubset } from './occupancy';
import { Sfc32 } from './prng';

/**
 * The guest's writes during a pre-copy round and the pages they dirty. The working set is the
 * first `workingSetPages` pages of memory.
 */
export interface GuestWriter {
  /**
   * Performs one round's `writes` page writes and returns the pages they dirtied. The set is
   * the writer's own, reused from round to round: it holds until the next call.
   */
  write(writes: number): DirtySet;
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
  private readonly dirty = new PageRuns();
  constructor(private readonly ws: number) {}

  write(writes: number): DirtySet {
    this.dirty.clear();
    if (this.ws === 0 || writes <= 0) return this.dirty;
    // Writing more than the working set in one round dirties all of it, once.
    const run = Math.min(writes, this.ws);
    const first = Math.min(run, this.ws - this.cursor);
    this.dirty.add(this.cursor, first);
    // The wrapped part ends before the cursor, so the two runs never overlap.
    this.dirty.add(0, run - first);
    this.cursor = (this.cursor + writes) % this.ws;
    return this.dirty;
  }
}

/**
 * Each write hits a uniformly random page of the working set.
 *
 * A round of at most REPLAY_LIMIT writes is replayed write by write into a bitmap. Beyond that,
 * replaying would cost a random memory access per write for no information, so the round draws
 * how many distinct pages were hit (the occupancy distribution: its exact mean and variance,
 * normal shape) and which ones: a uniformly random subset of that size, which is what the writes
 * produce by symmetry. The subset is fixed by a seed the round draws from the writer's generator
 * and is only drawn into the bitmap when someone asks which pages are dirty: the pre-copy itself
 * needs only how many, so a sampled round costs the same whatever its size, the whole working
 * set included.
 */
class RandomWriter implements GuestWriter {
  static readonly REPLAY_LIMIT = 4096;
  /** Allocated on first use and reused by every round after. */
  private bitmap: DirtyBitmap | undefined;
  private readonly sampled: SampledPages;

  constructor(
    private readonly ws: number,
    private readonly rng: Sfc32,
  ) {
    this.sampled = new SampledPages(ws, () => this.emptyBitmap());
  }

  write(writes: number): DirtySet {
    if (this.ws === 0 || writes <= 0) return this.sampled.reset(0, 0);
    if (writes <= RandomWriter.REPLAY_LIMIT) {
      const bitmap = this.emptyBitmap();
      bitmap.markUniform(writes, this.ws, this.rng);
      return bitmap;
    }
    const count = drawDistinctPages(this.ws, writes, this.rng);
    return this.sampled.reset(count, this.rng.next());
  }

  private emptyBitmap(): DirtyBitmap {
    this.bitmap ??= new DirtyBitmap(this.ws);
    this.bitmap.harvest();
    return this.bitmap;
  }
}

/** A sampled round's pages: `count` pages of the working set, drawn from `seed` when first asked. */
class SampledPages implements DirtySet {
  count = 0;
  private seed = 0;
  private drawn: DirtyBitmap | undefined;

  constructor(
    private readonly ws: number,
    private readonly emptyBitmap: () => DirtyBitmap,
  ) {}

  reset(count: number, seed: number): this {
    this.count = count;
    this.seed = seed;
    this.drawn = undefined;
    return this;
  }

  isDirty(page: number): boolean {
    if (this.count === 0) return false;
    if (!this.drawn) {
      this.drawn = this.emptyBitmap();
      drawSubset(this.drawn, this.count, this.ws, new Sfc32(this.seed));
    }
    return this.drawn.isDirty(page);
  }
}
