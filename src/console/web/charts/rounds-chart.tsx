import { scaleBand, scaleLog } from 'd3-scale';
import type { PrecopyResult, PrecopyRound } from '../../../engine';
import { formatMiB, formatMs } from '../../../engine/units';
import { Axis } from './axis';
import { Table } from '../table';
import { ChartFigure, Swatch } from './figure';

const HEIGHT = 240;
const MARGIN = { top: 18, right: 12, bottom: 34, left: 62 };
const MAX_BAND = 90;

/**
 * The pre-copy rounds: data sent and data dirtied per round (log scale: rounds shrink
 * geometrically when pre-copy converges), with the data the downtime limit allows as a line.
 */
export function RoundsChart(props: {
  precopy: PrecopyResult;
  /** The rounds to draw (an abort cuts them short); all of them by default. */
  rounds?: readonly PrecopyRound[];
  subject: string;
  /** The data axis, shared by charts drawn side by side; this chart's own by default. */
  domainMiB?: readonly [number, number];
}) {
  const { precopy, subject } = props;
  const rounds = props.rounds ?? precopy.rounds;
  const limitMiB = downtimeLimitMiB(precopy);
  const [low, high] = props.domainMiB ?? roundsDomainMiB(precopy, rounds);
  const ticks = powerTicks(low, high);

  return (
    <ChartFigure
      caption={`Pre-copy rounds: ${subject}`}
      label={roundsSentence(precopy, rounds, subject, limitMiB)}
      height={HEIGHT}
      legend={
        <>
          <Swatch kind="sent">sent</Swatch>
          <Swatch kind="dirtied">dirtied during the round</Swatch>
          {limitMiB !== undefined ? (
            <Swatch kind="limit">what the downtime limit allows</Swatch>
          ) : null}
        </>
      }
      table={<RoundsTable rounds={rounds} />}
    >
      {(width) => {
        // Bars no wider than MAX_BAND: one round should not fill the chart.
        const right = Math.min(width - MARGIN.right, MARGIN.left + rounds.length * MAX_BAND);
        const x = scaleBand<number>()
          .domain(rounds.map((r) => r.index))
          .range([MARGIN.left, right])
          .paddingInner(0.2)
          .paddingOuter(0.1);
        const inner = scaleBand<string>()
          .domain(['sent', 'dirtied'])
          .range([0, x.bandwidth()])
          .padding(0.06);
        const y = scaleLog()
          .domain([low, high])
          .range([HEIGHT - MARGIN.bottom, MARGIN.top])
          .clamp(true);
        const bottom = HEIGHT - MARGIN.bottom;
        const bar = (round: PrecopyRound, kind: 'sent' | 'dirtied') => {
          const value = kind === 'sent' ? round.sentMiB : round.dirtiedMiB;
          if (value <= 0) return null;
          const top = y(value);
          return (
            <rect
              class={`bar ${kind}`}
              x={(x(round.index) ?? 0) + (inner(kind) ?? 0)}
              y={top}
              width={Math.max(1, inner.bandwidth())}
              height={Math.max(1, bottom - top)}
            />
          );
        };
        const step = Math.ceil(rounds.length / Math.max(1, Math.floor((width - 80) / 28)));
        return (
          <>
            <g class="grid">
              {ticks.map((t) => (
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
              ))}
            </g>
            {rounds.map((r) => (
              <g class="round">
                {bar(r, 'sent')}
                {bar(r, 'dirtied')}
              </g>
            ))}
            {limitMiB !== undefined ? (
              <g class="limit">
                <line
                  x1={MARGIN.left}
                  x2={width - MARGIN.right}
                  y1={y(limitMiB)}
                  y2={y(limitMiB)}
                />
                <text x={width - MARGIN.right} y={y(limitMiB) - 4} text-anchor="end">
                  limit {formatMs(precopy.params.downtimeLimitMs)} ≈ {formatMiB(limitMiB)}
                </text>
              </g>
            ) : null}
            <Axis
              orient="bottom"
              scale={x}
              transform={`translate(0,${bottom})`}
              tickValues={rounds.map((r) => r.index).filter((i) => (i - 1) % step === 0)}
            />
            <Axis
              orient="left"
              scale={y}
              transform={`translate(${MARGIN.left},0)`}
              tickValues={ticks}
              tickFormat={formatMiB}
            />
            <text class="axis-title" x={width - MARGIN.right} y={HEIGHT - 4} text-anchor="end">
              round
            </text>
          </>
        );
      }}
    </ChartFigure>
  );
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
  subject: string,
  limitMiB: number | undefined,
): string {
  const n = rounds.length;
  const first = rounds[0];
  const last = rounds[n - 1];
  const parts = [`Pre-copy rounds of ${subject}: ${n} round${n === 1 ? '' : 's'}`];
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
  parts.push(`stopped by ${precopy.stopReason}`);
  return `${parts.join('; ')}.`;
}

function RoundsTable(props: { rounds: readonly PrecopyRound[] }) {
  return (
    <Table
      caption="Pre-copy rounds"
      columns={['Round', 'Sent', 'Duration', 'Dirtied', 'Throttle']}
      rows={props.rounds.map((r) => [
        r.index,
        formatMiB(r.sentMiB),
        formatMs(r.durationMs),
        formatMiB(r.dirtiedMiB),
        `${r.throttlePct} %`,
      ])}
    />
  );
}
