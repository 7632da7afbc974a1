import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyBitmap } from '../../../src/engine/dirty-bitmap';
import { Sfc32 } from '../../../src/engine/prng';

describe('DirtyBitmap', () => {
  it('counts each page once, however often it is written', () => {
    const b = new DirtyBitmap(100);
    b.mark(3);
    b.mark(3);
    b.mark(99);
    expect(b.count).toBe(2);
    expect(b.isDirty(3)).toBe(true);
    expect(b.isDirty(4)).toBe(false);
  });

  it('harvest returns the count and starts the next round empty', () => {
    const b = new DirtyBitmap(1000);
    b.markRange(10, 500);
    expect(b.harvest()).toBe(500);
    expect(b.count).toBe(0);
    expect(b.isDirty(10)).toBe(false);
    b.mark(10);
    expect(b.harvest()).toBe(1);
  });

  it('markRange agrees with marking page by page, overlaps included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
        (pages, ranges) => {
          const fast = new DirtyBitmap(pages);
          const slow = new DirtyBitmap(pages);
          for (const [s, l] of ranges) {
            const start = s % pages;
            const length = l % (pages - start + 1);
            fast.markRange(start, length);
            for (let p = start; p < start + length; p++) slow.mark(p);
          }
          expect(fast.count).toBe(slow.count);
          for (let p = 0; p < pages; p++) expect(fast.isDirty(p)).toBe(slow.isDirty(p));
        },
      ),
    );
  });

  it('markUniform draws exactly the pages the generator names', () => {
    const fast = new DirtyBitmap(5000);
    const slow = new DirtyBitmap(5000);
    const a = new Sfc32(42);
    const b = new Sfc32(42);
    fast.markUniform(3000, 4000, a);
    for (let i = 0; i < 3000; i++) slow.mark(Math.floor(b.nextFloat() * 4000));
    expect(fast.count).toBe(slow.count);
    for (let p = 0; p < 5000; p++) expect(fast.isDirty(p)).toBe(slow.isDirty(p));
    // Both generators are left in the same state.
    expect(a.next()).toBe(b.next());
  });

  it('unmark clears a page', () => {
    const b = new DirtyBitmap(64);
    b.markRange(0, 64);
    b.unmark(33);
    b.unmark(33);
    expect(b.count).toBe(63);
    expect(b.isDirty(33)).toBe(false);
  });
});
