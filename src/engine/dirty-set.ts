/**
 * The pages the guest dirtied during one pre-copy round: what the next round (or the
 * stop-and-copy) sends. The simulator reads only `count`; `isDirty` says which pages they are.
 */
export interface DirtySet {
  readonly count: number;
  isDirty(page: number): boolean;
}

/**
 * A dirty set made of one or two runs of consecutive pages, as the sweep pattern writes them: a
 * round's writes walk the working set and wrap around at most once. Held as runs, the set costs
 * the same whatever its length (a bitmap would cost a bit per page).
 */
export class PageRuns implements DirtySet {
  // [start, end) of each run, in order of addition.
  private readonly bounds = new Float64Array(4);
  private runs = 0;
  private total = 0;

  get count(): number {
    return this.total;
  }

  isDirty(page: number): boolean {
    const b = this.bounds;
    for (let i = 0; i < 2 * this.runs; i += 2) {
      if (page >= b[i]! && page < b[i + 1]!) return true;
    }
    return false;
  }

  /** Adds pages [start, start + length); the caller adds runs that do not overlap. */
  add(start: number, length: number): void {
    if (length <= 0) return;
    if (this.runs === 2) throw new RangeError('a sweep round dirties at most two runs of pages');
    this.bounds[2 * this.runs] = start;
    this.bounds[2 * this.runs + 1] = start + length;
    this.runs++;
    this.total += length;
  }

  clear(): void {
    this.runs = 0;
    this.total = 0;
  }
}
