import { inFlight, migrationBlocker, newMigration } from '../domain';
import { StoreError } from '../errors';
import type { MigrationRecord, StartMigrationRequest, Written } from '../port';
import { publicVm } from '../table/items';
import { TransactionCancelled } from '../table/persistence';
import { startWrites } from '../table/writes';
import { MAX_OPTIMISTIC_ATTEMPTS } from './context';
import { EarlierRun } from './idempotency';
import { roomRefusal } from './room';
import type { Unit } from './unit';

/**
 * Stages 0 and 1 at once: the plan recorded and the destination's room reserved, in one
 * transaction (startWrites). An earlier run under the key answers first; then the checks on the
 * records as read; the transaction's conditions make the same checks, so a record that changed
 * meanwhile still loses, and the failed condition, read by name, says which.
 */
export async function startMigration(
  unit: Unit,
  request: StartMigrationRequest,
): Promise<Written<MigrationRecord>> {
  const earlier = new EarlierRun(unit, request.idempotencyKey, async ({ resultId }) => {
    const m = await unit.records.migration(resultId);
    return m && unit.migrationNow(m);
  });
  const replayed = await earlier.held();
  if (replayed) return replayed;
  for (let attempt = 1; ; attempt++) {
    const [stored, hosts] = await Promise.all([unit.vm(request.vmId), unit.hosts()]);
    const vm = stored && publicVm(stored);
    const source = vm && hosts.get(vm.hostId);
    const destination = hosts.get(request.destinationHostId);
    const blocker = migrationBlocker(request, vm, { source, destination });
    if (blocker) return earlier.refuse(blocker);
    await earlier.refuseIfFenced(
      () => new StoreError('changed-meanwhile', { during: 'recording', vmId: request.vmId }),
    );

    const m = newMigration({
      vm: vm!,
      source: source!,
      destination: destination!,
      request,
      now: unit.now(),
      timeScale: unit.ctx.timeScale,
    });
    const record = earlier.record({ resultId: m.id });
    await unit.ctx.faults('start:before-write');
    try {
      await unit.table.transact(startWrites(m, stored!, record));
    } catch (err) {
      if (!(err instanceof TransactionCancelled)) throw err;
      // A twin of this request (a Lex retry) may have won: answer as it did.
      const twin = await earlier.replay({ fresh: true });
      if (twin) return twin;
      if (err.failed('reservation')) throw await roomRefusal(unit, m.destinationHostId, m.vmId, m);
      if (err.failed('source'))
        throw new StoreError('not-found', { kind: 'host', id: m.sourceHostId, of: m.vmId });
      if (err.failed('vm')) {
        unit.records.forgetVm(m.vmId);
        const now = await unit.vm(m.vmId);
        const view = now && publicVm(now);
        if (view?.migration) throw inFlight(view, view.migration);
        if (attempt < MAX_OPTIMISTIC_ATTEMPTS) continue; // the VM changed under us: plan again
        throw new StoreError('changed-meanwhile', { during: 'planning', vmId: m.vmId });
      }
      throw new StoreError(
        'changed-meanwhile',
        { during: 'recording', vmId: m.vmId, migrationId: m.id },
        { cause: err },
      );
    }
    await unit.ctx.faults('start:after-write');
    unit.records.absorbStart(m);
    earlier.written(record);
    // A plan can be over at once (a failure injected at the start): apply what is due.
    return { value: await unit.migrationNow(m), replayed: false };
  }
}
