/**
 * The pages the guest dirtied during one pre-copy round: what the next round (or the
 * stop-and-copy) sends. The simulator reads only `count`; `isDirty` says which pages they are.
 */
export interface DirtySet {
  readonly count: number;
  isDirty(page: number): boolean;
}

/**
 * A dirty set made of runs of consecutive pages, as the sweep pattern writes them: a round's
 * writes walk the working set and wrap around at most once, so the set is one or two runs, and
 * holding them as runs costs the same whatever their length (a bitmap would cost a bit per page).
 */
export class PageRuns implements DirtySet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private total = 0;

  get count(): number {
    return this.total;
  }

  isDirty(page: number): boolean {
    for (let i = 0; i < this.starts.length; i++) {
      if (page >= this.starts[i]! && page < this.ends[i]!) return true;
    }
    return false;
  }

  /** Adds pages [start, start + length); the caller adds runs that do not overlap. */
  add(start: number, length: number): void {
    if (length <= 0) return;
    this.starts.push(start);
    this.ends.push(start + length);
    this.total += length;
  }

  clear(): void {
    this.starts.length = 0;
    this.ends.length = 0;
    this.total = 0;
  }
}
