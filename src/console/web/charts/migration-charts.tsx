import type { MigrationPlan } from '../../../engine';
import { roundsBegunBy } from '../../../engine/precopy';
import { formatMiB, formatMs } from '../../../engine/units';
import { RoundsChart } from './rounds-chart';
import { TimelineChart } from './timeline-chart';

/** Both pictures of one plan: its pre-copy rounds and its timeline. */
export function PlanCharts(props: { plan: MigrationPlan; subject: string; elapsedMs?: number }) {
  const { plan } = props;
  // A plan that aborts stops its rounds where it aborts.
  const rounds =
    plan.outcome === 'completed'
      ? plan.precopy.rounds
      : roundsBegunBy(plan.precopy.rounds, plan.endMs);
  return (
    <div class="plan-charts">
      <RoundsChart precopy={plan.precopy} rounds={rounds} subject={props.subject} />
      <TimelineChart plan={plan} subject={props.subject} elapsedMs={props.elapsedMs} />
    </div>
  );
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
