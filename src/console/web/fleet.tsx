import { FAMILY_LABEL, VENDOR_LABEL } from '../../engine/model';
import { formatMiB, formatMs } from '../../engine/units';
import type { FinishedMigration, FleetHost, FleetMigration, FleetSnapshot } from '../api-types';

export type FeedState = 'connecting' | 'live' | 'reconnecting';

/**
 * Every host with its memory and vCPUs (allocated, reserved for incoming migrations, free), the
 * VMs on it, the migrations in flight with their stage and progress, and the latest finished
 * migration of each VM with its outcome, redrawn as the server sends new snapshots.
 */
export function Fleet(props: {
  fleet: FleetSnapshot | undefined;
  feed: FeedState;
  onShowMigration: (id: string) => void;
}) {
  const { fleet } = props;
  return (
    <section class="panel fleet" aria-labelledby="fleet-heading">
      <div class="panel-head">
        <h2 id="fleet-heading">Fleet</h2>
        <span class={`feed ${props.feed}`}>
          {props.feed === 'live' ? 'live' : `${props.feed}…`}
        </span>
      </div>
      {!fleet ? (
        <p class="hint">Loading the fleet…</p>
      ) : (
        <>
          <div class="migrations" aria-label="Migrations in flight" role="group">
            <h3>Migrations in flight</h3>
            {fleet.migrations.length === 0 ? (
              <p class="hint">None right now.</p>
            ) : (
              <ul>
                {fleet.migrations.map((m) => (
                  <InFlight migration={m} onShow={props.onShowMigration} />
                ))}
              </ul>
            )}
          </div>
          {fleet.finished.length > 0 ? (
            <div class="migrations" aria-label="Finished migrations" role="group">
              <h3>Finished migrations</h3>
              <ul>
                {fleet.finished.map((m) => (
                  <Finished migration={m} onShow={props.onShowMigration} />
                ))}
              </ul>
            </div>
          ) : null}
          <ul class="hosts">
            {fleet.hosts.map((h) => (
              <Host host={h} onShowMigration={props.onShowMigration} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function InFlight({
  migration: m,
  onShow,
}: {
  migration: FleetMigration;
  onShow: (id: string) => void;
}) {
  const pct = Math.round(m.shareCopied * 100);
  const round = m.round !== null ? `, round ${m.round} of ${m.rounds}` : '';
  return (
    <li class="in-flight" data-migration={m.id}>
      <div>
        <strong>{m.vmId}</strong> {m.sourceHostId} → {m.destinationHostId}:{' '}
        <span class="stage-name">
          stage {m.stage} {m.stageName}
        </span>
        {round}, {formatMiB(m.copiedMiB)} of {formatMiB(m.plannedMiB)} ({pct} %),{' '}
        {formatMs(m.remainingWallMs)} left
      </div>
      <progress max={100} value={pct} aria-label={`${m.vmId} migration progress`} />
      <button type="button" class="link" onClick={() => onShow(m.id)}>
        Follow {m.vmId}'s migration
      </button>
    </li>
  );
}

function Finished({
  migration: m,
  onShow,
}: {
  migration: FinishedMigration;
  onShow: (id: string) => void;
}) {
  const outcome =
    m.status === 'completed'
      ? `downtime ${formatMs(m.downtimeMs ?? 0)}, ${formatMs(m.totalMs)} in all, ${formatMiB(m.transferredMiB)} sent`
      : `${m.abortReason ?? 'aborted'}; ${m.vmId} stayed on ${m.sourceHostId}`;
  return (
    <li class={`finished ${m.status}`} data-finished={m.id}>
      <div>
        <strong>{m.vmId}</strong> {m.sourceHostId} → {m.destinationHostId}:{' '}
        <span class={`state-badge ${m.status}`}>{m.status}</span> at{' '}
        {new Date(m.endedAt).toLocaleTimeString()}, {outcome}
      </div>
      <button type="button" class="link" onClick={() => onShow(m.id)}>
        {m.vmId}'s migration report
      </button>
    </li>
  );
}

function Host({
  host: h,
  onShowMigration,
}: {
  host: FleetHost;
  onShowMigration: (id: string) => void;
}) {
  return (
    <li class={`host ${h.state}`} data-host={h.id}>
      <h3>
        {h.id} <span class={`state ${h.state}`}>{h.state}</span>
      </h3>
      <p class="host-meta">
        {FAMILY_LABEL[h.family]} ({h.technique}) · {VENDOR_LABEL[h.cpuVendor]} level{' '}
        {h.cpuFeatureLevel} · {h.bandwidthMiBps} MiB/s link
      </p>
      <UseBar
        name="Memory"
        allocated={h.usage.allocatedMemoryMiB}
        reserved={h.usage.reservedMemoryMiB}
        total={h.memoryMiB}
        format={formatMiB}
      />
      <UseBar
        name="vCPUs"
        allocated={h.usage.allocatedVcpus}
        reserved={h.usage.reservedVcpus}
        total={h.vcpuCapacity}
        format={(n) => String(n)}
      />
      {h.vms.length === 0 ? (
        <p class="hint">No VMs.</p>
      ) : (
        <ul class="vms" aria-label={`VMs on ${h.id}`}>
          {h.vms.map((v) => (
            <li class={v.migrating ? 'vm migrating' : 'vm'} data-vm={v.id}>
              <span class="vm-name">{v.id}</span>{' '}
              <span class="vm-meta">
                {v.applianceId}, {formatMiB(v.memoryMiB)}, {v.vcpus} vCPU{v.vcpus === 1 ? '' : 's'}
                {v.migrating ? ', migrating' : ''}
              </span>
              {v.migrationId ? (
                <button
                  type="button"
                  class="link"
                  aria-label={`Charts of ${v.id}'s ${v.migrating ? 'migration' : 'last migration'}`}
                  onClick={() => onShowMigration(v.migrationId!)}
                >
                  charts
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Allocated, reserved and free as one stacked bar, with the same numbers as text. */
function UseBar(props: {
  name: string;
  allocated: number;
  reserved: number;
  total: number;
  format: (n: number) => string;
}) {
  const { allocated, reserved, total, format } = props;
  const free = Math.max(0, total - allocated - reserved);
  const share = (n: number) => `${total > 0 ? (n / total) * 100 : 0}%`;
  const text = `${props.name}: ${format(allocated)} allocated, ${format(reserved)} reserved, ${format(free)} free of ${format(total)}`;
  return (
    <div class="use">
      <div class="use-bar" role="img" aria-label={text}>
        <span class="allocated" style={{ width: share(allocated) }} />
        <span class="reserved" style={{ width: share(reserved) }} />
      </div>
      <p class="use-text" aria-hidden="true">
        <span class="use-name">{props.name}</span> {format(allocated)} allocated
        {reserved > 0 ? `, ${format(reserved)} reserved` : ''}, {format(free)} free of{' '}
        {format(total)}
      </p>
    </div>
  );
}
