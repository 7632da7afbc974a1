import type { MigrationPlan } from '../../../engine';
import { roundsBegunBy } from '../../../engine/precopy';
import { formatMiB, formatMs } from '../../../engine/units';
import { RoundsChart, roundsDomainMiB } from './rounds-chart';
import { TimelineChart } from './timeline-chart';

/** The axes of plans drawn side by side: one data range and one time range for all. */
export interface SharedAxes {
  domainMiB: readonly [number, number];
  endMs: number;
}

/**
 * Both pictures of one plan: its pre-copy rounds and its timeline. Given `elapsedMs` before the
 * plan's end (a migration in flight), the rounds so far, the rounds still planned as outlines,
 * and "now" on the timeline.
 */
export function PlanCharts(props: {
  plan: MigrationPlan;
  subject: string;
  elapsedMs?: number;
  axes?: SharedAxes;
}) {
  const { plan } = props;
  const ran = roundsRun(plan);
  const so = roundsSoFar(plan, props.elapsedMs);
  return (
    <div class="plan-charts">
      <RoundsChart
        precopy={plan.precopy}
        rounds={so?.begun ?? ran}
        planned={so?.planned}
        underWay={so?.underWay}
        subject={props.subject}
        domainMiB={props.axes?.domainMiB ?? roundsDomainMiB(plan.precopy, ran)}
      />
      <TimelineChart
        plan={plan}
        subject={props.subject}
        elapsedMs={props.elapsedMs}
        endMs={props.axes?.endMs}
      />
    </div>
  );
}

/** A plan that aborts stops its rounds where it aborts. */
function roundsRun(plan: MigrationPlan) {
  return plan.outcome === 'completed'
    ? plan.precopy.rounds
    : roundsBegunBy(plan.precopy.rounds, plan.endMs);
}

/** While a plan runs: the rounds begun by `elapsedMs`, whether the last still runs, the rest. */
export function roundsSoFar(plan: MigrationPlan, elapsedMs: number | undefined) {
  if (elapsedMs === undefined || elapsedMs >= plan.endMs) return undefined;
  const ran = roundsRun(plan);
  const precopy = plan.stages.find((s) => s.stage === 2);
  const into = elapsedMs - (precopy?.startMs ?? 0);
  const begun = into > 0 ? roundsBegunBy(ran, into) : [];
  return {
    begun,
    planned: ran.slice(begun.length),
    underWay: begun.length > 0 && precopy !== undefined && elapsedMs < precopy.endMs,
  };
}

/** Axes wide enough for every plan, so that side by side the same length means the same. */
export function sharedAxes(plans: readonly MigrationPlan[]): SharedAxes {
  const domains = plans.map((p) => roundsDomainMiB(p.precopy, roundsRun(p)));
  return {
    domainMiB: [Math.min(...domains.map((d) => d[0])), Math.max(...domains.map((d) => d[1]))],
    endMs: Math.max(...plans.map((p) => p.endMs)),
  };
}

/** One line on how a plan ends. */
export function planSummary(plan: MigrationPlan): string {
  const p = plan.precopy;
  const n = p.precopyRounds;
  const rounds = `${n} pre-copy round${n === 1 ? '' : 's'}`;
  const throttle = p.throttlePct > 0 ? `, throttled ${p.throttlePct} %` : '';
  if (plan.outcome === 'aborted') {
    const why = plan.abortReason ?? p.stopReason;
    return `Aborted at ${formatMs(plan.endMs)} (${why}) after ${rounds}; the VM stays on its source${throttle}.`;
  }
  const verdict = p.converged ? 'Converges' : 'Forced stop-and-copy';
  return `${verdict} after ${rounds} (${p.stopReason}): downtime ${formatMs(p.downtimeMs ?? 0)}, ${formatMs(plan.endMs)} in all, ${formatMiB(p.transferredMiB)} sent${throttle}.`;
}
