import { deletionBlocker } from '../domain';
import { StoreError } from '../errors';
import type { DeletedVm, DeleteVmRequest, Written } from '../port';
import { publicVm } from '../table/items';
import { TransactionCancelled } from '../table/persistence';
import { deleteWrites } from '../table/writes';
import { MAX_OPTIMISTIC_ATTEMPTS } from './context';
import { EarlierRun } from './idempotency';
import type { Unit } from './unit';

/**
 * The VM deleted and its room given back to its host, in one transaction (deleteWrites). The
 * deleted VM cannot be read again, so the idempotency record keeps it whole: a replay answers
 * with the VM as the first call deleted it. Without a key, a VM already gone is not found.
 */
export async function deleteVm(unit: Unit, request: DeleteVmRequest): Promise<Written<DeletedVm>> {
  const earlier = new EarlierRun(unit, request.idempotencyKey, async ({ result }) => result);
  const changed = () =>
    new StoreError('changed-meanwhile', { during: 'deleting', vmId: request.vmId });
  const replayed = await earlier.held();
  if (replayed) return replayed;
  for (let attempt = 1; ; attempt++) {
    const stored = await unit.vm(request.vmId);
    const vm = stored && publicVm(stored);
    // A VM that migrates: its record says whether the copy waits its turn (an evacuation's).
    const migration = vm?.migration && (await unit.records.migration(vm.migration.id));
    const blocker = deletionBlocker(request, vm, migration, unit.now());
    if (blocker) return earlier.refuse(blocker);
    await earlier.refuseIfFenced(changed);

    const deleted: DeletedVm = { ...vm!, deletedAt: unit.now() };
    const record = earlier.record({ resultId: deleted.id, result: deleted });
    await unit.ctx.faults('delete-vm:before-write');
    try {
      await unit.table.transact(deleteWrites(stored!, record));
    } catch (err) {
      if (!(err instanceof TransactionCancelled)) throw err;
      const twin = await earlier.replay({ fresh: true });
      if (twin) return twin;
      if (err.failed('host'))
        throw new StoreError('not-found', { kind: 'host', id: deleted.hostId, of: deleted.id });
      if (!err.failed('vm')) throw changed();
      // The VM changed under us (it started migrating, or went): look again.
      unit.records.forgetVm(deleted.id);
      if (attempt < MAX_OPTIMISTIC_ATTEMPTS) continue;
      throw changed();
    }
    await unit.ctx.faults('delete-vm:after-write');
    unit.records.absorbDeletion(deleted);
    earlier.written(record);
    return { value: deleted, replayed: false };
  }
}
