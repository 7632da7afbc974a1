/**
 * sfc32, a small seeded PRNG (seeded through splitmix32), so that the random dirtying pattern is
 * reproducible: the same seed gives the same pages on every machine. The state is public so that
 * DirtyBitmap.markUniform's loop can step it in registers.
 */
export class Sfc32 {
  /** a, b, c, d of sfc32. */
  readonly state = new Int32Array(4);

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix32 = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return z ^ (z >>> 16);
    };
    for (let i = 0; i < 4; i++) this.state[i] = splitmix32();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const st = this.state;
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]!;
    const d = st[3]!;
    const t = (((a + b) | 0) + d) | 0;
    st[3] = d + 1;
    st[0] = b ^ (b >>> 9);
    st[1] = c + (c << 3);
    st[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  nextFloat(): number {
    return this.next() / 4294967296;
  }
}
