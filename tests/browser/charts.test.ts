import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { region, say, screenshots, text, useConsolePage, WAIT } from './support/console-page';

/**
 * The charts at every width: the downtime limit's label never on a bar (the legend always says
 * it), the bars of a single run spread over the chart, and every label of every chart inside the
 * drawing at a phone's width.
 */
const ctx = useConsolePage('charts');

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The boxes of a chart's parts, in page pixels. */
function boxes(chart: Locator, selector: string): Promise<Box[]> {
  return chart.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    }),
  );
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: Box) =>
  a.x0 >= b.x0 - 0.5 && a.x1 <= b.x1 + 0.5 && a.y0 >= b.y0 - 0.5 && a.y1 <= b.y1 + 0.5;

/** What is wrong with the charts on the page now: labels on bars, labels cut by the edge. */
async function chartProblems(): Promise<string[]> {
  const problems: string[] = [];
  const charts = ctx.page.locator('figure.chart svg');
  for (let i = 0; i < (await charts.count()); i++) {
    const chart = charts.nth(i);
    const name = (await chart.getAttribute('aria-label'))!.slice(0, 50);
    const [frame] = await boxes(ctx.page.locator('figure.chart svg').nth(i), ':scope');
    const labels = await boxes(chart, '.limit text:not(.measure)');
    const bars = await boxes(chart, 'rect.bar');
    for (const label of labels)
      if (bars.some((bar) => overlap(label, bar)))
        problems.push(`${name}: the limit label is on a bar`);
    for (const label of await boxes(chart, 'text:not(.measure)'))
      if (label.x1 > label.x0 && !inside(label, frame!)) problems.push(`${name}: a label is cut`);
  }
  return problems;
}

const simulator = () => region(ctx.page, 'Simulator');
async function simulate(params: Record<string, string>) {
  for (const [name, value] of Object.entries(params))
    await simulator().getByRole('spinbutton', { name }).fill(value);
  await simulator().getByRole('button', { name: 'Simulate' }).click();
  await expect.poll(() => simulator().locator('.run .summary').innerText(), WAIT).toBeTruthy();
}

const RUNS: Record<string, string>[] = [
  {},
  { 'Dirty rate (MiB/s)': '64' },
  { 'Dirty rate (MiB/s)': '100', 'Bandwidth (MiB/s)': '128' },
  { 'Memory (MiB)': '16384', 'Bandwidth (MiB/s)': '1180', 'Dirty rate (MiB/s)': '400' },
  { 'Memory (MiB)': '1024', 'Bandwidth (MiB/s)': '1180', 'Dirty rate (MiB/s)': '8' },
  // Time axes whose last tick sits at the right edge, with a long label ("16 min 40 s").
  { 'Memory (MiB)': '65536', 'Bandwidth (MiB/s)': '128', 'Dirty rate (MiB/s)': '400' },
  { 'Memory (MiB)': '4096', 'Bandwidth (MiB/s)': '10000', 'Dirty rate (MiB/s)': '8' },
];

describe('the charts', () => {
  it('never put the limit label on a bar nor any label past the edge, at any width', async () => {
    for (const run of RUNS) {
      await simulate(run);
      for (const width of [1400, 1000, 390, 360]) {
        await ctx.page.setViewportSize({ width, height: 900 });
        await expect.poll(chartProblems, WAIT).toEqual([]);
      }
      await ctx.page.setViewportSize({ width: 1280, height: 900 });
      // Wherever the label goes, the legend says it.
      await text(simulator().locator('.legend').first()).toMatch(
        /what the downtime limit allows \(\d+ ms ≈ [\d.]+ [KMG]iB\)/,
      );
    }
    // A migration in the chat, running and then finished.
    await say(ctx.page, 'migrate vm-6 to host B with auto-converge');
    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    // The offer to follow it, a yes-or-no slot, has its Yes and No too.
    await ctx.page.getByRole('button', { name: 'No' }).waitFor(WAIT);
    await screenshots(ctx.page, 'follow-offer');
    // The No's answer arrives before the next line is typed (else say() counts it as its own).
    const turns = await ctx.page.locator('.turn.bot').count();
    await ctx.page.getByRole('button', { name: 'No' }).click();
    await expect.poll(() => ctx.page.locator('.turn.bot').count(), WAIT).toBe(turns + 1);
    await say(ctx.page, 'how is vm-6 doing?');
    for (const width of [1400, 390, 360]) {
      await ctx.page.setViewportSize({ width, height: 900 });
      await expect.poll(chartProblems, WAIT).toEqual([]);
    }
  });

  it('spread the bars of a single run over the chart, side by side with its timeline when wide', async () => {
    await simulate({});
    for (const width of [1400, 390]) {
      await ctx.page.setViewportSize({ width, height: 900 });
      const chart = simulator().getByRole('img', { name: /Pre-copy rounds/ });
      await expect
        .poll(async () => {
          const [frame] = await boxes(chart, ':scope');
          const bars = await boxes(chart, 'rect.bar');
          const empty = frame!.x1 - Math.max(...bars.map((b) => b.x1));
          return empty / (frame!.x1 - frame!.x0);
        }, WAIT)
        .toBeLessThan(0.1);
    }
    await ctx.page.setViewportSize({ width: 1400, height: 900 });
    const [rounds, timeline] = [
      await simulator()
        .getByRole('img', { name: /Pre-copy rounds/ })
        .boundingBox(),
      await simulator()
        .getByRole('img', { name: /Timeline/ })
        .boundingBox(),
    ];
    expect(Math.abs(rounds!.y - timeline!.y)).toBeLessThan(40);
    expect(timeline!.x).toBeGreaterThan(rounds!.x + rounds!.width);
    await screenshots(ctx.page, 'charts-simulator');
  });
});
