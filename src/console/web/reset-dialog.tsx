import { useEffect, useRef } from 'preact/hooks';
import type { FleetSnapshot } from '../api-types';

/** What a reset of the fleet undoes, one line each, from the live snapshot. */
export function resetLosses(fleet: FleetSnapshot): string[] {
  const { migrations, finished, sinceSeed: s } = fleet;
  const vms = (ids: string[]) => ids.join(', ');
  const lines: string[] = [];
  if (migrations.length > 0)
    lines.push(
      `${count(migrations.length, 'migration')} in flight, stopped: ${migrations
        .map((m) => `${m.vmId} (${m.sourceHostId} → ${m.destinationHostId})`)
        .join(', ')}`,
    );
  if (s.createdVms.length > 0)
    lines.push(
      `${count(s.createdVms.length, 'VM')} created since the seed, deleted: ${vms(s.createdVms)}`,
    );
  if (s.movedVms.length > 0)
    lines.push(
      `${count(s.movedVms.length, 'VM')} moved, put back: ${s.movedVms
        .map((v) => `${v.id} to ${v.seedHostId}`)
        .join(', ')}`,
    );
  if (s.removedVms.length > 0)
    lines.push(
      `${count(s.removedVms.length, 'demo VM')} deleted, created again: ${vms(s.removedVms)}`,
    );
  if (s.changedHosts.length > 0)
    lines.push(
      `${count(s.changedHosts.length, 'host')} back to ${s.changedHosts[0]!.seedState}: ${s.changedHosts
        .map((h) => `${h.id} (${h.state} now)`)
        .join(', ')}`,
    );
  if (finished.length > 0)
    lines.push(
      `${count(finished.length, 'report')} of finished migrations, erased: ${finished.map((f) => f.vmId).join(', ')}`,
    );
  return lines;
}

/** What a reset did, in one sentence, from the snapshot before it. */
export function resetResult(before: FleetSnapshot | undefined): string {
  const done = before ? resetLosses(before).map((l) => l.split(':')[0]!) : [];
  return done.length > 0
    ? `Fleet reset: ${done.join('; ')}. The fleet is the demo fleet again.`
    : 'The fleet is the demo fleet again.';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * "Reset fleet" asks first, naming what would be lost (kept up to date while it is open: a
 * migration may end meanwhile). Escape or Cancel keeps the fleet.
 */
export function ResetDialog(props: {
  open: boolean;
  fleet: FleetSnapshot | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  const losses = props.fleet ? resetLosses(props.fleet) : [];
  return (
    <dialog
      ref={ref}
      class="confirm"
      aria-labelledby="reset-heading"
      onClose={() => props.open && props.onCancel()}
    >
      <h2 id="reset-heading">Reset the fleet?</h2>
      <p>Every change since the demo fleet was seeded is undone, with no way back:</p>
      {!props.fleet ? (
        <p class="hint">The fleet has not loaded yet: what it holds cannot be told.</p>
      ) : losses.length > 0 ? (
        <ul class="losses">
          {losses.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : (
        <p class="hint">Nothing is lost: the fleet is as it was seeded.</p>
      )}
      <p class="hint">Chat sessions go on; the VMs they talk about may be gone.</p>
      <div class="dialog-actions">
        <button type="button" class="danger" onClick={props.onConfirm}>
          Reset the fleet
        </button>
        <button type="button" class="secondary" autofocus onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
