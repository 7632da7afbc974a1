import { useEffect, useRef, useState } from 'preact/hooks';
import { STAGE_NAMES } from '../../engine/migration';
import type { MigrationDetail } from '../api-types';
import { PlanCharts, planSummary } from './charts/migration-charts';
import { consoleApi } from './console-api';

const FOLLOW_MS = 1000;

/** The pictures of one migration, followed while it runs. */
export function MigrationPanel(props: { migrationId: string | undefined; onClose: () => void }) {
  const { migrationId } = props;
  const [detail, setDetail] = useState<MigrationDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    if (!migrationId) return;
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await consoleApi.migration(migrationId);
        if (stopped) return;
        setDetail(next);
        if (next.migration.status === 'in-flight') timer = setTimeout(load, FOLLOW_MS);
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
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
      {!m ? (
        !error && <p class="hint">Loading…</p>
      ) : (
        <>
          <p class="summary">
            <strong>{m.status}</strong>
            {m.status === 'in-flight' ? `, stage ${m.stage} ${STAGE_NAMES[m.stage]}` : ''} ·{' '}
            {planSummary(m.plan)} <span class="muted">({m.id})</span>
          </p>
          <PlanCharts
            plan={m.plan}
            subject={`${m.vmId}, ${m.sourceHostId} to ${m.destinationHostId}`}
            elapsedMs={detail.elapsedMs}
          />
        </>
      )}
    </section>
  );
}
