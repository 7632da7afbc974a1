/**
 * Where a label of a horizontal line may go without covering a bar: just above the line (just
 * below it when the line runs along the top), as far right as it can; undefined when no place is
 * free (the legend says it then). Pure: the chart gives the bars' boxes and the label's size.
 */
export interface BarBox {
  x0: number;
  x1: number;
  /** The bar's top edge; it runs down to the axis. */
  top: number;
}

export interface LabelPlace {
  /** The label's right edge (text-anchor end) and baseline. */
  x: number;
  y: number;
}

const GAP = 3;

export function placeLineLabel(options: {
  bars: readonly BarBox[];
  lineY: number;
  width: number;
  height: number;
  /** The box the label must stay in (the plot, or the drawing). */
  left: number;
  right: number;
  top: number;
  bottom: number;
}): LabelPlace | undefined {
  const { bars, lineY, width, height, left, right } = options;
  const slots = [
    // Above the line: its box from lineY - GAP - height to lineY - GAP.
    { boxTop: lineY - GAP - height, boxBottom: lineY - GAP, baseline: lineY - GAP - 2 },
    // Below the line.
    { boxTop: lineY + GAP, boxBottom: lineY + GAP + height, baseline: lineY + GAP + height - 2 },
  ];
  for (const slot of slots) {
    if (slot.boxTop < options.top || slot.boxBottom > options.bottom) continue;
    // Bars reaching into the slot's height block it where they stand.
    const blocking = bars.filter((b) => b.top < slot.boxBottom && b.x1 > b.x0);
    // Right ends to try: the plot's right edge, then just left of each blocking bar.
    const ends = [right, ...blocking.map((b) => b.x0 - GAP)].sort((a, b) => b - a);
    for (const end of ends) {
      const start = end - width;
      if (start < left) continue;
      if (blocking.every((b) => b.x1 + GAP <= start || b.x0 - GAP >= end))
        return { x: end, y: slot.baseline };
    }
  }
  return undefined;
}
