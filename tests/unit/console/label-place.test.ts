import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeLineLabel, type BarBox } from '../../../src/console/web/charts/label-place';

const PLOT = { left: 60, right: 500, top: 0, bottom: 200 };
const LABEL = { width: 120, height: 12 };

/** The label's box for a place (right edge and baseline, as drawn). */
function box(place: { x: number; y: number }) {
  return {
    x0: place.x - LABEL.width,
    x1: place.x,
    y0: place.y + 2 - LABEL.height,
    y1: place.y + 2,
  };
}

const overlaps = (b: BarBox, l: ReturnType<typeof box>, bottom: number) =>
  b.x0 < l.x1 && b.x1 > l.x0 && b.top < l.y1 && bottom > l.y0;

describe('placeLineLabel', () => {
  it('puts the label at the right end above the line when nothing stands there', () => {
    const bars = [{ x0: 70, x1: 110, top: 20 }];
    expect(placeLineLabel({ bars, lineY: 100, ...LABEL, ...PLOT })).toEqual({ x: 500, y: 95 });
  });

  it('moves it left of a bar that crosses the line at the right end', () => {
    const bars = [{ x0: 440, x1: 480, top: 20 }];
    const place = placeLineLabel({ bars, lineY: 100, ...LABEL, ...PLOT })!;
    expect(place.x).toBe(437);
  });

  it('puts it under the line when the line runs along the top, and nowhere when bars fill it', () => {
    const low = [{ x0: 70, x1: 110, top: 150 }];
    expect(placeLineLabel({ bars: low, lineY: 8, ...LABEL, ...PLOT })).toEqual({ x: 500, y: 21 });
    const tall = Array.from({ length: 10 }, (_, i) => ({
      x0: 60 + i * 44,
      x1: 60 + i * 44 + 40,
      top: 50,
    }));
    expect(placeLineLabel({ bars: tall, lineY: 100, ...LABEL, ...PLOT })).toBeUndefined();
  });

  it('never overlaps a bar, and stays inside the plot', () => {
    const bar = fc
      .tuple(
        fc.integer({ min: 60, max: 490 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 200 }),
      )
      .map(([x0, w, top]) => ({ x0, x1: Math.min(500, x0 + w), top }));
    fc.assert(
      fc.property(
        fc.array(bar, { maxLength: 12 }),
        fc.integer({ min: 10, max: 190 }),
        (bars, lineY) => {
          const place = placeLineLabel({ bars, lineY, ...LABEL, ...PLOT });
          if (!place) return;
          const l = box(place);
          expect(l.x0).toBeGreaterThanOrEqual(PLOT.left);
          expect(l.x1).toBeLessThanOrEqual(PLOT.right);
          expect(l.y0).toBeGreaterThanOrEqual(PLOT.top);
          expect(l.y1).toBeLessThanOrEqual(PLOT.bottom);
          for (const b of bars) expect(overlaps(b, l, PLOT.bottom)).toBe(false);
        },
      ),
    );
  });
});
