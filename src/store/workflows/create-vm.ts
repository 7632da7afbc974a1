import { creationBlocker, newVm, nextVmName } from '../domain';
import { StoreError } from '../errors';
import type { CreateVmRequest, VmView, Written } from '../port';
import { publicVm } from '../table/items';
import { TransactionCancelled } from '../table/persistence';
import { createWrites } from '../table/writes';
import { EarlierRun } from './idempotency';
import { roomRefusal } from './room';
import type { Unit } from './unit';

/**
 * Generated names drawn before giving up. Each clash means another VM took that number, and
 * every draw is past the last, so n concurrent creations need at most n draws each.
 */
const MAX_NAME_ATTEMPTS = 32;

/** A VM and its room on its host, in one transaction (createWrites). */
export async function createVm(unit: Unit, request: CreateVmRequest): Promise<Written<VmView>> {
  const earlier = new EarlierRun(unit, request.idempotencyKey, async ({ resultId }) => {
    const vm = await unit.vm(resultId);
    return vm && publicVm(vm);
  });
  const replayed = await earlier.held();
  if (replayed) return replayed;
  const [fleet, hosts, existing] = await Promise.all([
    unit.records.fleetRecords(),
    unit.hosts(),
    request.id === undefined ? undefined : unit.vm(request.id),
  ]);
  const appliance = fleet.appliances.get(request.applianceId);
  const host = hosts.get(request.hostId);
  // A name is drawn only when the rest can be checked: a refusal names the VM.
  let id = request.id ?? (appliance && host ? nextVmName(await unit.records.takenNames()) : '');
  const blocker = creationBlocker(request, {
    existing: existing && publicVm(existing),
    appliance,
    host,
    name: id,
  });
  if (blocker) return earlier.refuse(blocker);
  await earlier.refuseIfFenced(
    () => new StoreError('changed-meanwhile', { during: 'creating', vmId: id }),
  );

  for (let attempt = 1; ; attempt++) {
    const vm = newVm(request, appliance!, host!, id, unit.now());
    const record = earlier.record({ resultId: id });
    await unit.ctx.faults('create-vm:before-write');
    try {
      await unit.table.transact(createWrites(vm, record));
    } catch (err) {
      if (!(err instanceof TransactionCancelled)) throw err;
      const twin = await earlier.replay({ fresh: true });
      if (twin) return twin;
      if (err.failed('vm')) {
        if (request.id !== undefined) throw new StoreError('already-exists', { vmId: id });
        // A name we chose was taken meanwhile (by a concurrent creation): the user never saw
        // it, so draw another, past both the index and this one (the index may lag).
        if (attempt >= MAX_NAME_ATTEMPTS) throw new StoreError('busy', { cause: 'names' });
        await jitter(attempt);
        id = nextVmName(await unit.records.takenNames({ fresh: true }), id);
        continue;
      }
      if (err.failed('host')) throw await roomRefusal(unit, vm.hostId, vm.id, vm);
      throw new StoreError('changed-meanwhile', { during: 'creating', vmId: id }, { cause: err });
    }
    await unit.ctx.faults('create-vm:after-write');
    unit.records.absorbCreation(vm);
    earlier.written(record);
    return { value: vm, replayed: false };
  }
}

/** A short random pause, growing with the attempts, so that clashing creators spread out. */
function jitter(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * attempt)));
}
