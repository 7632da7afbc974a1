import type { DirtySet } from './dirty-set';
import type { Sfc32 } from './prng';

/**
 * The dirty-page log of shadow paging: one bit per 4 KiB page. The guest's writes set bits; at the
 * end of a pre-copy round the migration harvests the bitmap (those pages go in the next round)
 * and it starts empty again. Kept as 32-bit words so that the sweep pattern marks whole runs
 * at a time, and the count of dirty pages is maintained as bits flip rather than recounted.
 */
export class DirtyBitmap implements DirtySet {
  private readonly words: Uint32Array;
  private dirty = 0;
  // The span of words touched since the last harvest, so that clearing costs what was used.
  private lowWord: number;
  private highWord = 0;

  constructor(readonly pages: number) {
    this.words = new Uint32Array(Math.ceil(pages / 32));
    this.lowWord = this.words.length;
  }

  get count(): number {
    return this.dirty;
  }

  isDirty(page: number): boolean {
    return ((this.words[page >>> 5]! >>> (page & 31)) & 1) === 1;
  }

  mark(page: number): void {
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = this.words[w]!;
    if ((old & bit) === 0) {
      this.words[w] = old | bit;
      this.dirty++;
      this.touch(w, w + 1);
    }
  }

  unmark(page: number): void {
    const w = page >>> 5;
    const bit = 1 << (page & 31);
    const old = this.words[w]!;
    if ((old & bit) !== 0) {
      this.words[w] = old & ~bit;
      this.dirty--;
    }
  }

  /** Marks pages [start, start + length) — the caller keeps the run inside the bitmap. */
  markRange(start: number, length: number): void {
    if (length <= 0) return;
    const end = start + length;
    const firstWord = start >>> 5;
    const lastWord = (end - 1) >>> 5;
    this.touch(firstWord, lastWord + 1);
    if (firstWord === lastWord) {
      this.orWord(firstWord, maskFrom(start & 31) & maskTo(((end - 1) & 31) + 1));
      return;
    }
    this.orWord(firstWord, maskFrom(start & 31));
    for (let w = firstWord + 1; w < lastWord; w++) this.orWord(w, 0xffffffff);
    this.orWord(lastWord, maskTo(((end - 1) & 31) + 1));
  }

  /**
   * Marks `writes` pages drawn uniformly from [0, rangePages) by `rng`, exactly as that many
   * `mark(floor(rng.nextFloat() * rangePages))` calls would: the random pattern's replayed
   * rounds. sfc32's step is inlined on locals and the count is kept without a branch (an
   * unpredictable branch per write costs more than the write).
   */
  markUniform(writes: number, rangePages: number, rng: Sfc32): void {
    if (writes <= 0) return;
    const words = this.words;
    const st = rng.state;
    const scale = rangePages / 4294967296;
    let a = st[0]!;
    let b = st[1]!;
    let c = st[2]!;
    let d = st[3]!;
    let added = 0;
    for (let i = 0; i < writes; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const page = Math.floor((t >>> 0) * scale);
      const w = page >>> 5;
      const old = words[w]!;
      words[w] = old | (1 << (page & 31));
      added += ((old >>> (page & 31)) & 1) ^ 1;
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    this.dirty += added;
    this.touch(0, Math.ceil(rangePages / 32));
  }

  /** Returns the number of dirty pages and clears the log for the next round. */
  harvest(): number {
    const n = this.dirty;
    if (this.lowWord < this.highWord) this.words.fill(0, this.lowWord, this.highWord);
    this.dirty = 0;
    this.lowWord = this.words.length;
    this.highWord = 0;
    return n;
  }

  private orWord(w: number, mask: number): void {
    const old = this.words[w]!;
    const added = mask & ~old;
    if (added !== 0) {
      this.words[w] = old | added;
      this.dirty += popcount(added);
    }
  }

  private touch(from: number, to: number): void {
    if (from < this.lowWord) this.lowWord = from;
    if (to > this.highWord) this.highWord = to;
  }
}

/** Bits [bit, 32) set. */
const maskFrom = (bit: number): number => (0xffffffff << bit) >>> 0;
/** Bits [0, bit) set, for bit in 1..32. */
const maskTo = (bit: number): number => (bit === 32 ? 0xffffffff : ((1 << bit) - 1) >>> 0);

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
