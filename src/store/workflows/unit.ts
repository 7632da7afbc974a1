import { applyTransitions, dueTransitions } from '../domain';
import { isStoreError, StoreError } from '../errors';
import type { AdvanceReport, MigrationRecord } from '../port';
import { inFlightMark, type StoredHost, type StoredVm } from '../table/items';
import { TransactionCancelled } from '../table/persistence';
import { transitionWrites } from '../table/writes';
import { MAX_OPTIMISTIC_ATTEMPTS, type StoreContext } from './context';
import { UnitRecords } from './records';

/**
 * One unit of work (one request): its records (records.ts) as of now. An item says when a
 * migration changes it next (a VM its migration in flight and when its next transition falls
 * due, a host when the migrations touching it move its counters), so a read applies what is due
 * only when something it read is due: no "what is due" query runs before reads. Every workflow
 * (start, create, delete, advance ...) works on a Unit.
 */
export class Unit {
  readonly records: UnitRecords;
  /** Transitions being applied, per migration: one at a time. */
  private readonly advancing = new Map<string, Promise<MigrationRecord>>();
  /** Migrations that could not advance: reads in this unit show them as stored. */
  private readonly stuck = new Set<string>();

  constructor(readonly ctx: StoreContext) {
    this.records = new UnitRecords(ctx.table);
  }

  get table() {
    return this.ctx.table;
  }

  now(): number {
    return this.ctx.now();
  }

  /** The hosts as of now: the migrations whose change of their counters is due, applied first. */
  async hosts(): Promise<Map<string, StoredHost>> {
    const { hosts } = await this.records.fleetRecords();
    const now = this.now();
    const due = new Set(
      [...hosts.values()].flatMap((h) =>
        h.pending.filter((p) => p.at <= now).map((p) => p.migrationId),
      ),
    );
    if (due.size === 0) return hosts;
    const records = await Promise.all([...due].map((id) => this.records.migration(id)));
    const settled = await Promise.all(records.map((m) => m && this.migrationNow(m)));
    // A host still noting a change its migration has made meanwhile (another writer made it
    // after we read the host) is behind: read it again.
    const made = new Set(settled.filter((m) => m && hostsChanged(m)).map((m) => m!.id));
    const behind = [...(await this.records.fleetRecords()).hosts.values()].filter((h) =>
      h.pending.some((p) => made.has(p.migrationId)),
    );
    if (behind.length > 0) await this.records.refreshHosts(behind.map((h) => h.id));
    return (await this.records.fleetRecords()).hosts;
  }

  /** A VM as of now: its migration advanced first when the VM's mark says a transition is due. */
  async vm(id: string): Promise<StoredVm | undefined> {
    let vm = await this.records.vm(id);
    if (!vm?.migrationId) return vm;
    if (vm.inFlight && vm.inFlight.nextDueAt > this.now()) return vm;
    const read = await this.records.migration(vm.migrationId);
    const m = read && (await this.migrationNow(read));
    vm = await this.records.vm(id);
    if (!m || !vm || vm.migrationId !== m.id) return vm;
    const mark = m.status === 'in-flight' ? inFlightMark(m) : undefined;
    if (!mark || (vm.inFlight && vm.inFlight.nextDueAt !== mark.nextDueAt)) {
      // The migration has moved past what the VM says (another writer moved it after we read
      // the VM): the VM is behind; read it again.
      this.records.forgetVm(id);
      return this.records.vm(id);
    }
    if (!vm.inFlight) {
      // An item written before VMs carried their mark: take it from the record.
      const marked: StoredVm = { ...vm, inFlight: mark };
      this.records.setVm(marked);
      return marked;
    }
    return vm;
  }

  /**
   * A migration as of now, for a read: when it cannot advance, the read shows it as stored, and
   * the other reads of this unit do not try again (`advance()` does, and reports it).
   */
  async migrationNow(m: MigrationRecord): Promise<MigrationRecord> {
    try {
      if (!this.stuck.has(m.id)) return await this.applyDue(m);
    } catch (err) {
      if (isStoreError(err, 'unavailable')) throw err;
      this.stuck.add(m.id);
    }
    return (await this.records.heldMigration(m.id)) ?? m;
  }

  /** Applies what is due of `m`, one caller at a time per migration. */
  applyDue(m: MigrationRecord, report?: AdvanceReport): Promise<MigrationRecord> {
    const previous = this.advancing.get(m.id);
    const next = (previous ?? Promise.resolve(m))
      .catch(() => m)
      .then((current) => this.applyDueNow(current.applied >= m.applied ? current : m, report));
    this.advancing.set(m.id, next);
    return next;
  }

  /**
   * Applies the transitions of `m` that are due, in one transaction. `m` may be stale (read from
   * an index, or by a process that lost a race): the transaction's condition on `applied` then
   * fails, and the record is read again and the rest applied from there.
   */
  private async applyDueNow(m: MigrationRecord, report?: AdvanceReport): Promise<MigrationRecord> {
    let current = m;
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS + 2; attempt++) {
      const now = this.now();
      const due = dueTransitions(current, now);
      if (due.length === 0) return current;
      const outcome = applyTransitions(current, due, now);
      await this.ctx.faults('advance:before-write');
      try {
        await this.table.transact(transitionWrites(current, outcome));
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        const fresh = await this.records.readMigration(current.id);
        if (!fresh)
          throw new StoreError('not-found', {
            kind: 'migration',
            id: current.id,
            of: current.vmId,
          });
        if (fresh.applied === current.applied) {
          // Not a lost race: the VM or a host is not as the migration left them.
          throw new StoreError('changed-meanwhile', {
            during: 'advancing',
            migrationId: current.id,
            vmId: current.vmId,
            reasons: err.list,
          });
        }
        // Someone else applied it: what we hold of its VM and hosts is behind too.
        this.records.setMigration(fresh);
        this.records.forgetVm(fresh.vmId);
        await this.records.refreshHosts([fresh.sourceHostId, fresh.destinationHostId]);
        current = fresh;
        continue;
      }
      await this.ctx.faults('advance:after-write');
      report?.applied.push({ migrationId: current.id, kinds: outcome.kinds });
      this.records.absorbTransitions(current, outcome);
      current = outcome.after;
    }
    return current;
  }
}

/** Whether the migration has moved its hosts' counters (committed, or ended). */
const hostsChanged = (m: MigrationRecord) => m.status !== 'in-flight' || m.stage >= 4;
