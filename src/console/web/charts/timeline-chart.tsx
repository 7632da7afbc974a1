import { scaleBand, scaleLinear } from 'd3-scale';
import type { MigrationPlan, StageSpan } from '../../../engine';
import { roundStarts } from '../../../engine/precopy';
import { formatMs } from '../../../engine/units';
import { Axis } from './axis';
import { Table } from '../table';
import { ChartFigure, Swatch } from './figure';

const ROW = 26;
const MARGIN = { top: 22, right: 14, bottom: 30, left: 138 };
/** Narrower than this, the stages go by shorter names and leave the time axis more room. */
const NARROW = 420;
const SHORT_LEFT = 104;

/**
 * The six stages of a migration over (simulated) time, Clark et al.'s Figure 1 for this plan:
 * one row per stage, pre-copy split into its rounds, the window in which the VM runs nowhere
 * (stop-and-copy to activation) shaded across the rows, and "now" while it runs.
 */
export function TimelineChart(props: {
  plan: MigrationPlan;
  subject: string;
  elapsedMs?: number;
  /** The end of the time axis, shared by timelines drawn side by side; this plan's by default. */
  endMs?: number;
}) {
  const { plan, subject } = props;
  const stages = plan.stages;
  const height = MARGIN.top + stages.length * ROW + MARGIN.bottom;
  const pause = pausedWindow(plan);
  const end = Math.max(props.endMs ?? plan.endMs, 1);
  const now =
    props.elapsedMs !== undefined && props.elapsedMs < plan.endMs ? props.elapsedMs : undefined;

  return (
    <ChartFigure
      caption={`Timeline: ${subject}`}
      label={timelineSentence(plan, subject, pause)}
      height={height}
      legend={
        <>
          <Swatch kind="stage">stage</Swatch>
          <Swatch kind="downtime">{pause?.completed === false ? 'paused' : 'downtime'}</Swatch>
          {now !== undefined ? <Swatch kind="now">now</Swatch> : null}
        </>
      }
      table={<StagesTable stages={stages} />}
    >
      {(width) => {
        const narrow = width < NARROW;
        const left = narrow ? SHORT_LEFT : MARGIN.left;
        // Room on the left for the diamonds of the instants at 0 (stages 0 and 1).
        const x = scaleLinear()
          .domain([0, end])
          .range([left + 10, width - MARGIN.right]);
        const y = scaleBand<number>()
          .domain(stages.map((s) => s.stage))
          .range([MARGIN.top, MARGIN.top + stages.length * ROW])
          .padding(0.25);
        const bottom = MARGIN.top + stages.length * ROW;
        const starts = roundStarts(plan.precopy.rounds);
        const precopy = stages.find((s) => s.stage === 2);
        return (
          <>
            {pause ? (
              <g class="downtime">
                <rect
                  x={x(pause.startMs)}
                  y={MARGIN.top - 4}
                  width={Math.max(3, x(pause.endMs) - x(pause.startMs))}
                  height={bottom - MARGIN.top + 4}
                />
                <text
                  x={Math.min(x(pause.startMs), width - MARGIN.right)}
                  y={MARGIN.top - 8}
                  text-anchor="end"
                >
                  {pause.completed ? 'downtime' : 'paused'} {formatMs(pause.endMs - pause.startMs)}
                </text>
              </g>
            ) : null}
            {stages.map((s) => (
              <g class={`stage stage-${s.stage}`}>
                <text
                  class="stage-name"
                  x={left - 8}
                  y={(y(s.stage) ?? 0) + y.bandwidth() / 2}
                  text-anchor="end"
                  dominant-baseline="middle"
                >
                  {s.stage} {narrow ? s.name.replace('Iterative ', '') : s.name}
                </text>
                {s.endMs > s.startMs ? (
                  <rect
                    class="span"
                    x={x(s.startMs)}
                    y={y(s.stage)}
                    width={Math.max(2, x(s.endMs) - x(s.startMs))}
                    height={y.bandwidth()}
                  />
                ) : (
                  <path
                    class="instant"
                    d={diamond(
                      x(s.startMs),
                      (y(s.stage) ?? 0) + y.bandwidth() / 2,
                      y.bandwidth() / 2,
                    )}
                  />
                )}
              </g>
            ))}
            {precopy ? (
              <g class="round-marks">
                {starts
                  .slice(1)
                  .filter((t) => t < precopy.endMs)
                  .map((t) => (
                    <line x1={x(t)} x2={x(t)} y1={y(2)} y2={(y(2) ?? 0) + y.bandwidth()} />
                  ))}
              </g>
            ) : null}
            {plan.outcome === 'aborted' ? (
              <g class="abort">
                <line x1={x(plan.endMs)} x2={x(plan.endMs)} y1={MARGIN.top} y2={bottom} />
                <text x={x(plan.endMs)} y={bottom + 0} dy="-0.3em" text-anchor="end">
                  aborted
                </text>
              </g>
            ) : null}
            {now !== undefined ? (
              <g class="now">
                <line x1={x(now)} x2={x(now)} y1={MARGIN.top - 4} y2={bottom} />
              </g>
            ) : null}
            <Axis
              orient="bottom"
              scale={x}
              transform={`translate(0,${bottom})`}
              tickValues={x.ticks(Math.max(2, Math.floor((width - left) / 80)))}
              tickFormat={formatMs}
            />
          </>
        );
      }}
    </ChartFigure>
  );
}

/**
 * When the VM runs on neither host: from the start of stop-and-copy until it resumes on the
 * destination, or, when the migration aborts in stop-and-copy, until it resumes on the source.
 */
function pausedWindow(plan: MigrationPlan) {
  const stop = plan.stages.find((s) => s.stage === 3);
  if (!stop) return undefined;
  const completed = plan.outcome === 'completed';
  return { startMs: stop.startMs, endMs: completed ? plan.endMs : stop.endMs, completed };
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`;
}

function spanText(s: StageSpan): string {
  return s.endMs === s.startMs
    ? `at ${formatMs(s.startMs)}`
    : `${formatMs(s.startMs)} to ${formatMs(s.endMs)}`;
}

function timelineSentence(
  plan: MigrationPlan,
  subject: string,
  pause: ReturnType<typeof pausedWindow>,
): string {
  const stages = plan.stages.map((s) => `${s.stage} ${s.name} ${spanText(s)}`).join(', ');
  const end =
    plan.outcome === 'aborted'
      ? `aborted at ${formatMs(plan.endMs)}`
      : `downtime ${formatMs(pause ? pause.endMs - pause.startMs : 0)}, ${formatMs(plan.endMs)} in all`;
  return `Timeline of ${subject}'s migration: ${stages}; ${end}.`;
}

function StagesTable(props: { stages: readonly StageSpan[] }) {
  return (
    <Table
      caption="Stages"
      columns={['Stage', 'Name', 'Start', 'End', 'Duration']}
      rows={props.stages.map((s) => [
        s.stage,
        s.name,
        formatMs(s.startMs),
        formatMs(s.endMs),
        formatMs(s.endMs - s.startMs),
      ])}
    />
  );
}
