import { useEffect, useRef } from 'preact/hooks';
import { abortText } from '../../engine/timeline';
import { formatMiB, formatMs } from '../../engine/units';
import type { MigrationDetail } from '../api-types';
import { PlanCharts, planSummary, roundsSoFar } from './charts/migration-charts';
import { useMigration } from './follow-migration';

/** The pictures of one migration, followed while it runs, with its report once it has ended. */
export function MigrationPanel(props: { migrationId: string | undefined; onClose: () => void }) {
  const { migrationId } = props;
  const { detail, error } = useMigration(migrationId);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!migrationId) return;
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, [migrationId]);

  if (!migrationId) return null;
  const m = detail?.migration;
  return (
    <section class="panel migration" aria-labelledby="migration-heading">
      <div class="panel-head">
        <h2 id="migration-heading" ref={heading} tabIndex={-1}>
          Migration{m ? ` of ${m.vmId}: ${m.sourceHostId} → ${m.destinationHostId}` : ''}
        </h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {!detail ? (
        !error && <p class="hint">Loading…</p>
      ) : (
        <>
          <MigrationState detail={detail} />
          {detail.migration.status !== 'in-flight' ? <MigrationReport detail={detail} /> : null}
          <PlanCharts
            plan={detail.migration.plan}
            subject={subjectOf(detail)}
            elapsedMs={detail.elapsedMs}
          />
        </>
      )}
    </section>
  );
}

/**
 * A migration drawn in the chat after "how is vm-3 doing?": the rounds so far while it runs
 * (followed live), its outcome once it has ended.
 */
export function MigrationFigure(props: {
  detail: MigrationDetail;
  onShowMigration: (id: string) => void;
}) {
  const { detail } = useMigration(props.detail.migration.id, props.detail);
  const d = detail ?? props.detail;
  const m = d.migration;
  const running = m.status === 'in-flight';
  return (
    <div class="turn figure" data-migration-figure={m.id}>
      <MigrationState detail={d} />
      <PlanCharts plan={m.plan} subject={subjectOf(d)} elapsedMs={d.elapsedMs} />
      <button type="button" class="link" onClick={() => props.onShowMigration(m.id)}>
        {running ? `Follow ${m.vmId}'s migration` : `Open ${m.vmId}'s migration report`}
      </button>
    </div>
  );
}

function subjectOf(detail: MigrationDetail): string {
  const m = detail.migration;
  return `${m.vmId}, ${m.sourceHostId} to ${m.destinationHostId}`;
}

/** One line: where a migration in flight is, or how it ended. */
function MigrationState({ detail }: { detail: MigrationDetail }) {
  const m = detail.migration;
  if (m.status === 'in-flight') {
    const so = roundsSoFar(m.plan, detail.elapsedMs);
    const stage = [...m.plan.stages].reverse().find((s) => s.startMs <= detail.elapsedMs);
    const rounds = m.plan.precopy.rounds.length;
    const round = so?.underWay ? `, round ${so.begun.length} of ${rounds}` : '';
    return (
      <p class="summary" data-state="in-flight">
        <strong class="state-badge running">in flight</strong>{' '}
        {stage ? `stage ${stage.stage} ${stage.name}${round}, ` : ''}
        {formatMs(detail.elapsedMs)} of about {formatMs(m.plan.endMs)}{' '}
        <span class="muted">({m.id})</span>
      </p>
    );
  }
  return (
    <p class="summary" data-state={m.status}>
      <strong class={`state-badge ${m.status}`}>{m.status}</strong> {planSummary(m.plan)}{' '}
      <span class="muted">({m.id})</span>
    </p>
  );
}

/** The report of a finished migration, as the bot tells it, in facts. */
function MigrationReport({ detail }: { detail: MigrationDetail }) {
  const m = detail.migration;
  const p = m.plan.precopy;
  const time = (at: number) => new Date(at).toLocaleTimeString();
  const facts: [string, string][] = [
    [
      'Outcome',
      m.status === 'completed' ? `completed at ${time(m.endsAt)}` : `aborted at ${time(m.endsAt)}`,
    ],
    ['Requested', time(m.requestedAt)],
    [
      'From, to',
      `${m.sourceHostId} → ${m.destinationHostId} (${formatMiB(m.memoryMiB)}, ${m.vcpus} vCPUs)`,
    ],
    [
      'Pre-copy',
      `${p.precopyRounds} round${p.precopyRounds === 1 ? '' : 's'}, stopped by ${p.stopReason}`,
    ],
    ['Data sent', formatMiB(p.transferredMiB)],
    ...(m.status === 'completed'
      ? ([['Downtime', formatMs(p.downtimeMs ?? 0)]] as [string, string][])
      : []),
    ['In all', formatMs(m.plan.endMs)],
    ...(p.throttlePct > 0
      ? ([['Throttle', `up to ${p.throttlePct} %`]] as [string, string][])
      : []),
    ...(m.abortReason
      ? ([['Why it stopped', abortText(m.abortReason)]] as [string, string][])
      : []),
  ];
  return (
    <dl class="facts report" aria-label="Report">
      {facts.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}
