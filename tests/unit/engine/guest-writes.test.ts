import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyBitmap } from '../../../src/engine/dirty-bitmap';
import type { DirtySet } from '../../../src/engine/dirty-set';
import { createGuestWriter } from '../../../src/engine/guest-writes';
import { distinctPagesMoments } from '../../../src/engine/occupancy';
import { Sfc32 } from '../../../src/engine/prng';

const pagesOf = (set: DirtySet, upTo: number): number[] =>
  Array.from({ length: upTo }, (_, p) => p).filter((p) => set.isDirty(p));

describe('sweep writes', () => {
  it('dirty the pages a cursor walking the working set would, round after round', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 8 }),
        (ws, rounds) => {
          const writer = createGuestWriter('sweep', ws, 1);
          let cursor = 0;
          for (const writes of rounds) {
            const model = new DirtyBitmap(ws + 10);
            for (let i = 0; i < writes; i++) model.mark((cursor + i) % ws);
            cursor = (cursor + writes) % ws;
            const set = writer.write(writes);
            expect(set.count).toBe(model.count);
            expect(pagesOf(set, ws + 10)).toEqual(pagesOf(model, ws + 10));
          }
        },
      ),
    );
  });

  it('dirty nothing with no working set or no writes', () => {
    expect(createGuestWriter('sweep', 0, 1).write(100).count).toBe(0);
    expect(createGuestWriter('sweep', 10, 1).write(0).count).toBe(0);
  });
});

describe('random writes', () => {
  it('up to 4096 writes are replayed: exactly the pages the generator names', () => {
    const ws = 10_000;
    const set = createGuestWriter('random', ws, 42).write(4096);
    const model = new DirtyBitmap(ws);
    const rng = new Sfc32(42);
    for (let i = 0; i < 4096; i++) model.mark(Math.floor(rng.nextFloat() * ws));
    expect(set.count).toBe(model.count);
    expect(pagesOf(set, ws)).toEqual(pagesOf(model, ws));
  });

  it.each([
    [8192, 4096], // replayed
    [8192, 4097], // sampled from here on
    [8192, 20_000],
    [1 << 20, 1 << 18],
  ])(
    'over many seeds, %i pages hit by %i writes match the occupancy distribution',
    (ws, writes) => {
      const counts = Array.from(
        { length: 3000 },
        (_, seed) => createGuestWriter('random', ws, seed).write(writes).count,
      );
      const mean = counts.reduce((s, x) => s + x, 0) / counts.length;
      const variance = counts.reduce((s, x) => s + (x - mean) ** 2, 0) / (counts.length - 1);
      const want = distinctPagesMoments(ws, writes);
      expect(Math.abs(mean - want.mean)).toBeLessThan(4 * Math.sqrt(want.variance / 3000) + 0.5);
      expect(Math.abs(variance - want.variance)).toBeLessThan(0.15 * want.variance + 0.2);
    },
  );

  it('a sampled round names as many pages as it counts, all in the working set, the same for the same seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 4097, max: 30_000 }),
        fc.integer(),
        (ws, writes, seed) => {
          const a = createGuestWriter('random', ws, seed).write(writes);
          const pages = pagesOf(a, ws + 64);
          expect(pages).toHaveLength(a.count);
          expect(pages.every((p) => p < ws)).toBe(true);
          expect(pagesOf(createGuestWriter('random', ws, seed).write(writes), ws + 64)).toEqual(
            pages,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a sampled round is as likely to hold a page at the start, the middle or the end', () => {
    const ws = 50_000;
    const writer = createGuestWriter('random', ws, 9);
    const watched = [0, 1, 2, 24_999, 25_000, 25_001, 49_997, 49_998, 49_999];
    const hits = watched.map(() => 0);
    const rounds = 400;
    for (let i = 0; i < rounds; i++) {
      const set = writer.write(20_000);
      watched.forEach((p, j) => (hits[j]! += set.isDirty(p) ? 1 : 0));
    }
    // Each page is in 1 - e^(-0.4) = 33 % of the rounds; four standard deviations is 9 points.
    const share = distinctPagesMoments(ws, 20_000).mean / ws;
    for (const h of hits) expect(Math.abs(h / rounds - share)).toBeLessThan(0.094);
  });

  it('boundaries: no writes, one page, writes far beyond the pages', () => {
    expect(createGuestWriter('random', 100, 1).write(0).count).toBe(0);
    expect(createGuestWriter('random', 0, 1).write(100_000).count).toBe(0);
    const one = createGuestWriter('random', 1, 1);
    expect(one.write(1).count).toBe(1);
    expect(one.write(1e9).count).toBe(1);
    expect(one.write(1e9).isDirty(0)).toBe(true);
    const full = createGuestWriter('random', 4096, 1).write(1e9);
    expect(full.count).toBe(4096);
    expect(pagesOf(full, 4200)).toHaveLength(4096);
  });

  it('the writer reuses its set: a round after an inspected one starts empty', () => {
    const writer = createGuestWriter('random', 100_000, 5);
    const first = writer.write(50_000);
    expect(pagesOf(first, 100_000)).toHaveLength(first.count);
    const second = writer.write(100);
    expect(second.count).toBeLessThanOrEqual(100);
    expect(pagesOf(second, 100_000)).toHaveLength(second.count);
    const third = writer.write(10_000);
    expect(pagesOf(third, 100_000)).toHaveLength(third.count);
  });
});
