import { scaleBand, scaleLog } from 'd3-scale';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PrecopyResult, PrecopyRound } from '../../../engine';
import { formatMiB, formatMs } from '../../../engine/units';
import { Axis } from './axis';
import { Table } from '../table';
import { ChartFigure, Swatch } from './figure';
import { placeLineLabel, type BarBox } from './label-place';

const HEIGHT = 240;
const MARGIN = { top: 18, right: 12, bottom: 34, left: 62 };
/** A bar no wider than this: one round spreads its band over the chart, not its bars. */
const MAX_BAR = 40;
/** The label's size before it is measured: about what 11 px system fonts take. */
const CHAR_PX = 6.5;
const LABEL_PX = 12;

/**
 * The pre-copy rounds: data sent and data dirtied per round (log scale: rounds shrink
 * geometrically when pre-copy converges), with the data the downtime limit allows as a line.
 * While a migration runs, the rounds so far (the last one under way) and the rounds still
 * planned as outlines.
 */
export function RoundsChart(props: {
  precopy: PrecopyResult;
  /** The rounds that ran (an abort cuts them short) or have begun; all of them by default. */
  rounds?: readonly PrecopyRound[];
  /** The rounds planned after those, while the migration runs. */
  planned?: readonly PrecopyRound[];
  /** The last of `rounds` is still running. */
  underWay?: boolean;
  subject: string;
  /** The data axis, shared by charts drawn side by side; this chart's own by default. */
  domainMiB?: readonly [number, number];
}) {
  const { precopy, subject } = props;
  const rounds = props.rounds ?? precopy.rounds;
  const planned = props.planned ?? [];
  const all = [...rounds, ...planned];
  const limitMiB = downtimeLimitMiB(precopy);
  const [low, high] = props.domainMiB ?? roundsDomainMiB(precopy, all);
  const ticks = powerTicks(low, high);
  const limitNumbers =
    limitMiB !== undefined
      ? `${formatMs(precopy.params.downtimeLimitMs)} ≈ ${formatMiB(limitMiB)}`
      : '';
  const limitText = `limit ${limitNumbers}`;
  const [measure, labelWidth] = useTextWidth(limitText);

  return (
    <ChartFigure
      caption={`Pre-copy rounds: ${subject}`}
      label={roundsSentence(precopy, rounds, planned.length, subject, limitMiB)}
      height={HEIGHT}
      legend={
        <>
          <Swatch kind="sent">sent</Swatch>
          <Swatch kind="dirtied">dirtied during the round</Swatch>
          {planned.length > 0 ? <Swatch kind="planned">planned</Swatch> : null}
          {limitMiB !== undefined ? (
            <Swatch kind="limit">what the downtime limit allows ({limitNumbers})</Swatch>
          ) : null}
        </>
      }
      table={<RoundsTable rounds={rounds} underWay={props.underWay} />}
    >
      {(width) => {
        const right = width - MARGIN.right;
        const bottom = HEIGHT - MARGIN.bottom;
        const x = scaleBand<number>()
          .domain(all.map((r) => r.index))
          .range([MARGIN.left, right])
          .paddingInner(0.2)
          .paddingOuter(0.1);
        const barWidth = Math.max(1, Math.min(MAX_BAR, (x.bandwidth() * 0.94) / 2));
        // The pair of bars in the middle of its band.
        const barX = (round: PrecopyRound, kind: 'sent' | 'dirtied') =>
          (x(round.index) ?? 0) + x.bandwidth() / 2 + (kind === 'sent' ? -barWidth : 0);
        const y = scaleLog().domain([low, high]).range([bottom, MARGIN.top]).clamp(true);
        const boxes: BarBox[] = [];
        const bar = (round: PrecopyRound, kind: 'sent' | 'dirtied', state: string) => {
          const value = kind === 'sent' ? round.sentMiB : round.dirtiedMiB;
          if (value <= 0) return null;
          const top = y(value);
          const x0 = barX(round, kind);
          boxes.push({ x0, x1: x0 + barWidth, top });
          return (
            <rect
              class={`bar ${state === 'planned' ? 'planned' : kind}${state === 'under-way' ? ' under-way' : ''}`}
              x={x0}
              y={top}
              width={barWidth}
              height={Math.max(1, bottom - top)}
            />
          );
        };
        const last = rounds.length - 1;
        const drawn = [
          ...rounds.map((r, i) => {
            const state = props.underWay && i === last ? 'under-way' : 'ran';
            return (
              <g class="round">
                {bar(r, 'sent', state)}
                {bar(r, 'dirtied', state)}
              </g>
            );
          }),
          ...planned.map((r) => <g class="round planned">{bar(r, 'sent', 'planned')}</g>),
        ];
        const place =
          limitMiB !== undefined
            ? placeLineLabel({
                bars: boxes,
                lineY: y(limitMiB),
                width: labelWidth,
                height: LABEL_PX,
                left: MARGIN.left + 2,
                right,
                top: 0,
                bottom,
              })
            : undefined;
        const step = Math.ceil(all.length / Math.max(1, Math.floor((width - 80) / 28)));
        return (
          <>
            <g class="grid">
              {ticks.map((t) => (
                <line x1={MARGIN.left} x2={right} y1={y(t)} y2={y(t)} />
              ))}
            </g>
            {drawn}
            {limitMiB !== undefined ? (
              <g class="limit">
                <line x1={MARGIN.left} x2={right} y1={y(limitMiB)} y2={y(limitMiB)} />
                {place ? (
                  <text x={place.x} y={place.y} text-anchor="end">
                    {limitText}
                  </text>
                ) : null}
                <text ref={measure} class="measure" aria-hidden="true" x={0} y={0}>
                  {limitText}
                </text>
              </g>
            ) : null}
            <Axis
              orient="bottom"
              scale={x}
              transform={`translate(0,${bottom})`}
              tickValues={all.map((r) => r.index).filter((i) => (i - 1) % step === 0)}
            />
            <Axis
              orient="left"
              scale={y}
              transform={`translate(${MARGIN.left},0)`}
              tickValues={ticks}
              tickFormat={formatMiB}
            />
            <text
              class="axis-title"
              x={(MARGIN.left + right) / 2}
              y={HEIGHT - 4}
              text-anchor="middle"
            >
              round
            </text>
          </>
        );
      }}
    </ChartFigure>
  );
}

/** The width an SVG text takes, measured once drawn (an estimate until then). */
function useTextWidth(text: string) {
  const ref = useRef<SVGTextElement>(null);
  const [width, setWidth] = useState(text.length * CHAR_PX);
  useLayoutEffect(() => {
    const measured = ref.current?.getComputedTextLength();
    if (measured && Math.abs(measured - width) > 0.5) setWidth(measured);
  });
  return [ref, width] as const;
}

/** The data axis of the rounds: powers of two around what was sent, dirtied and allowed. */
export function roundsDomainMiB(
  precopy: PrecopyResult,
  rounds: readonly PrecopyRound[],
): [number, number] {
  const limitMiB = downtimeLimitMiB(precopy);
  const values = rounds.flatMap((r) => [r.sentMiB, r.dirtiedMiB]).concat(limitMiB ?? []);
  const positive = values.filter((v) => v > 0);
  return [
    2 ** Math.floor(Math.log2(Math.min(...positive, 1))),
    2 ** Math.ceil(Math.log2(Math.max(...positive, 1) * 1.05)),
  ];
}

/**
 * QEMU stops pre-copy when the dirty data left would go over the link within the downtime
 * limit: that much data is the line to get under. Xen's rules count pages, not time.
 */
export function downtimeLimitMiB(precopy: PrecopyResult): number | undefined {
  const { policy, downtimeLimitMs, bandwidthMiBps } = precopy.params;
  if (policy !== 'qemu' || !(downtimeLimitMs > 0)) return undefined;
  return (bandwidthMiBps * downtimeLimitMs) / 1000;
}

/** Powers of two from low to high, at most six of them, evenly spaced in exponent. */
function powerTicks(low: number, high: number): number[] {
  const from = Math.log2(low);
  const to = Math.log2(high);
  const step = Math.max(1, Math.ceil((to - from) / 5));
  const ticks: number[] = [];
  for (let e = from; e <= to; e += step) ticks.push(2 ** e);
  return ticks;
}

function roundsSentence(
  precopy: PrecopyResult,
  rounds: readonly PrecopyRound[],
  planned: number,
  subject: string,
  limitMiB: number | undefined,
): string {
  const n = rounds.length;
  const first = rounds[0];
  const last = rounds[n - 1];
  const so =
    planned > 0 ? `${n} of ${n + planned} rounds so far` : `${n} round${n === 1 ? '' : 's'}`;
  const parts = [`Pre-copy rounds of ${subject}: ${so}`];
  if (first && last) {
    parts.push(
      `round 1 sent ${formatMiB(first.sentMiB)}`,
      `round ${last.index} sent ${formatMiB(last.sentMiB)} and left ${formatMiB(last.dirtiedMiB)} dirty`,
    );
  }
  if (limitMiB !== undefined)
    parts.push(
      `the ${formatMs(precopy.params.downtimeLimitMs)} downtime limit allows ${formatMiB(limitMiB)}`,
    );
  if (planned === 0) parts.push(`stopped by ${precopy.stopReason}`);
  return `${parts.join('; ')}.`;
}

function RoundsTable(props: { rounds: readonly PrecopyRound[]; underWay?: boolean }) {
  const last = props.rounds.length - 1;
  return (
    <Table
      caption={
        props.underWay ? 'Pre-copy rounds so far (the last one under way)' : 'Pre-copy rounds'
      }
      columns={['Round', 'Sent', 'Duration', 'Dirtied', 'Throttle']}
      rows={props.rounds.map((r, i) => [
        props.underWay && i === last ? `${r.index} (under way)` : r.index,
        formatMiB(r.sentMiB),
        formatMs(r.durationMs),
        formatMiB(r.dirtiedMiB),
        `${r.throttlePct} %`,
      ])}
    />
  );
}
