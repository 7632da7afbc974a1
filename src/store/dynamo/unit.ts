import type { Appliance, Host, HostState } from '../../engine';
import {
  applyTransitions,
  creationBlocker,
  dueTransitions,
  hostsChangeAt,
  inFlight,
  migrationBlocker,
  newMigration,
  newVm,
  nextVmName,
  reserve,
  allocate,
  roomLost,
  withDelta,
  type Size,
  type TransitionOutcome,
} from '../domain';
import { AdvanceFailed, isStoreError, StoreError, type AdvanceFailure } from '../errors';
import type { FaultHook } from '../faults';
import type {
  AdvanceReport,
  CreateVmRequest,
  FleetStore,
  HostView,
  MigrationRecord,
  StartMigrationRequest,
  VmView,
  Written,
} from '../port';
import { expr } from './expressions';
import {
  applianceFromItem,
  applianceItem,
  hostFromItem,
  hostItem,
  inFlightMark,
  migrationFromItem,
  publicHost,
  vmFromItem,
  type Item,
  type StoredHost,
  type StoredVm,
} from './items';
import { KeyReads } from './reads';
import { gsi1, gsi2, keys } from './schema';
import { ConditionFailed, type DynamoTable } from './table';
import { TransactionCancelled, transactWrite } from './transact';
import {
  createWrites,
  idempotencyWrite,
  startWrites,
  transitionWrites,
  type IdempotencyRecord,
} from './writes';

/** What every unit of work of one DynamoFleetStore shares. */
export interface StoreContext {
  table: DynamoTable;
  now: () => number;
  timeScale: number;
  faults: FaultHook;
  idempotencyTtlSeconds: number;
}

interface Fleet {
  hosts: Map<string, StoredHost>;
  appliances: Map<string, Appliance>;
}

const MAX_OPTIMISTIC_ATTEMPTS = 4;
/**
 * Generated names drawn before giving up. Each clash means another VM took that number, and
 * every draw is past the last, so n concurrent creations need at most n draws each.
 */
const MAX_NAME_ATTEMPTS = 32;
const ADVANCE_PARALLELISM = 8;

/**
 * The store for one request (one Lambda invocation): each item is read at most once, and what
 * the request writes updates what it read, so that handlers can ask for the same VM or the
 * hosts again and again and DynamoDB sees each read once.
 *
 * - Hosts and appliances come from one query of the FLEET partition, made the first time any of
 *   them is asked for.
 * - Other items are read by key; the reads asked for together go out as one BatchGetItem.
 * - An item says when a migration changes it next (a VM its migration in flight and when its
 *   next transition falls due, a host when the migrations touching it move its counters), so a
 *   read applies what is due only when something it read is due: no "what is due" query runs
 *   before reads. `advance()` (and listing the migrations in flight) still asks GSI2.
 * - The first read of an item wins over later query results for it (an index may lag behind the
 *   table; our own writes are already in the cache).
 */
export class DynamoUnitOfWork implements FleetStore {
  private readonly table: DynamoTable;
  private readonly reads: KeyReads;
  private fleet?: Promise<Fleet>;
  private readonly vms = new Map<string, Promise<StoredVm | undefined>>();
  /** The ids of all VMs, once listed (with the VMs created since). */
  private listed?: Promise<string[]>;
  private readonly migrations = new Map<string, Promise<MigrationRecord | undefined>>();
  /** Transitions being applied, per migration: one at a time. */
  private readonly advancing = new Map<string, Promise<MigrationRecord>>();
  /** Migrations that could not advance: reads in this unit show them as stored. */
  private readonly stuck = new Set<string>();

  constructor(private readonly ctx: StoreContext) {
    this.table = ctx.table;
    this.reads = new KeyReads(ctx.table);
  }

  unitOfWork(): FleetStore {
    return this;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async getVm(id: string): Promise<VmView | undefined> {
    const vm = await this.settledVm(id);
    return vm && this.viewOf(vm);
  }

  async listVms(): Promise<VmView[]> {
    const ids = await this.allVmIds();
    const vms = await Promise.all(ids.map((id) => this.settledVm(id)));
    return vms.filter((v) => v !== undefined).map((v) => this.viewOf(v));
  }

  async listVmsOnHost(hostId: string): Promise<VmView[]> {
    return (await this.listVms()).filter((v) => v.hostId === hostId);
  }

  async getHost(id: string): Promise<HostView | undefined> {
    const host = (await this.settledHosts()).get(id);
    return host && publicHost(host);
  }

  async listHosts(): Promise<HostView[]> {
    return [...(await this.settledHosts()).values()].map(publicHost);
  }

  async getAppliance(id: string): Promise<Appliance | undefined> {
    return (await this.fleetRecords()).appliances.get(id);
  }

  async listAppliances(): Promise<Appliance[]> {
    return [...(await this.fleetRecords()).appliances.values()];
  }

  async getMigration(id: string): Promise<MigrationRecord | undefined> {
    const m = await this.migration(id);
    return m && this.applyDueOnRead(m);
  }

  async listMigrationsForVm(vmId: string, limit = 10): Promise<MigrationRecord[]> {
    const items = await this.table.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': gsi1.migrationsOfVm(vmId), ':prefix': 'MIGRATION#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    const found = await Promise.all(items.map((i) => this.knownMigration(i)));
    return Promise.all(found.map((m) => this.applyDueOnRead(m)));
  }

  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    const items = await this.table.query({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi2.inFlight },
    });
    const found = await Promise.all(items.map((i) => this.knownMigration(i)));
    const now = await Promise.all(found.map((m) => this.applyDueOnRead(m)));
    return now.filter((m) => m.status === 'in-flight');
  }

  async idempotentResult(key: string): Promise<string | undefined> {
    const item = await this.reads.get(keys.idempotency(key));
    if (!item || Number(item.expiresAt) * 1000 < this.ctx.now()) return undefined;
    return typeof item.resultId === 'string' ? item.resultId : undefined;
  }

  /**
   * Puts, under the condition the write's own record carries, a record without a result (a
   * fence): if it goes in, the write never happened and now cannot (its transaction would fail
   * on the fence); if it does not, the write's record is there and names what it produced.
   */
  async settleWrite(key: string): Promise<string | undefined> {
    const fence = idempotencyWrite({
      key,
      now: this.ctx.now(),
      ttlSeconds: this.ctx.idempotencyTtlSeconds,
    });
    try {
      await this.table.put(fence.put, fence.expression ?? {});
      return undefined;
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
      return this.idempotentResult(key);
    }
  }

  // ---- migrations ----------------------------------------------------------------------------

  async startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    for (let attempt = 1; ; attempt++) {
      const [stored, hosts] = await Promise.all([
        this.settledVm(request.vmId),
        this.settledHosts(),
      ]);
      const vm = stored && this.viewOf(stored);
      const source = vm && hosts.get(vm.hostId);
      const destination = hosts.get(request.destinationHostId);
      const blocker = migrationBlocker(request, vm, { source, destination });
      if (blocker) {
        if (blocker.code === 'migration-in-flight' || blocker.code === 'refused') {
          const replay = await this.replay(request.idempotencyKey, (id) => this.getMigration(id));
          if (replay) return replay;
        }
        throw blocker;
      }
      const m = newMigration({
        vm: vm!,
        source: source!,
        destination: destination!,
        request,
        now: this.ctx.now(),
        timeScale: this.ctx.timeScale,
      });
      await this.ctx.faults('start:before-write');
      try {
        await transactWrite(
          this.table,
          startWrites(m, stored!, this.idempotency(request.idempotencyKey, m.id)),
        );
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        // A twin of this request (a Lex retry) may have won: answer as it did.
        const replay = await this.replay(request.idempotencyKey, (id) => this.getMigration(id));
        if (replay) return replay;
        if (err.failed('reservation')) throw await this.roomRefusal(m.destinationHostId, m.vmId, m);
        if (err.failed('source'))
          throw new StoreError('not-found', { kind: 'host', id: m.sourceHostId, of: m.vmId });
        if (err.failed('vm')) {
          this.vms.delete(m.vmId);
          const now = await this.getVm(m.vmId);
          if (now?.migration) throw inFlight(now, now.migration);
          if (attempt < MAX_OPTIMISTIC_ATTEMPTS) continue; // the VM changed under us: plan again
          throw new StoreError('changed-meanwhile', { during: 'planning', vmId: m.vmId });
        }
        throw new StoreError(
          'changed-meanwhile',
          { during: 'recording', vmId: m.vmId, migrationId: m.id },
          { cause: err },
        );
      }
      await this.ctx.faults('start:after-write');
      this.absorbStart(m);
      // A plan can be over at once (a failure injected at the start): apply what is due.
      return { value: await this.applyDueOnRead(m), replayed: false };
    }
  }

  /**
   * Tries every migration that is due, even when some fail; then throws AdvanceFailed (what was
   * applied and what failed) if any did.
   */
  async advance(): Promise<AdvanceReport> {
    const items = await this.table.query({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: {
        ':pk': gsi2.inFlight,
        ':now': `${gsi2.dueKey(this.ctx.now())}#~`,
      },
    });
    const report: AdvanceReport = { applied: [] };
    const failed: AdvanceFailure[] = [];
    await eachAtMost(ADVANCE_PARALLELISM, items, async (item) => {
      try {
        await this.applyDue(await this.knownMigration(item), report);
      } catch (error) {
        failed.push({ migrationId: String(item.id), error });
      }
    });
    if (failed.length > 0) throw new AdvanceFailed(report.applied, failed);
    return report;
  }

  /**
   * applyDue for a read: when the migration cannot advance, the read shows it as stored, and
   * the other reads of this unit do not try again (`advance()` does, and reports it).
   */
  private async applyDueOnRead(m: MigrationRecord): Promise<MigrationRecord> {
    try {
      if (!this.stuck.has(m.id)) return await this.applyDue(m);
    } catch (err) {
      if (isStoreError(err, 'unavailable')) throw err;
      this.stuck.add(m.id);
    }
    return (await this.migrations.get(m.id)) ?? m;
  }

  /** Applies what is due of `m`, one caller at a time per migration. */
  private applyDue(m: MigrationRecord, report?: AdvanceReport): Promise<MigrationRecord> {
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
      const now = this.ctx.now();
      const due = dueTransitions(current, now);
      if (due.length === 0) return current;
      const outcome = applyTransitions(current, due, now);
      await this.ctx.faults('advance:before-write');
      try {
        await transactWrite(this.table, transitionWrites(current, outcome));
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        const item = await this.table.get(keys.migration(current.id));
        if (!item)
          throw new StoreError('not-found', {
            kind: 'migration',
            id: current.id,
            of: current.vmId,
          });
        const fresh = migrationFromItem(item);
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
        this.migrations.set(fresh.id, Promise.resolve(fresh));
        this.vms.delete(fresh.vmId);
        await this.refreshHosts([fresh.sourceHostId, fresh.destinationHostId]);
        current = fresh;
        continue;
      }
      await this.ctx.faults('advance:after-write');
      report?.applied.push({ migrationId: current.id, kinds: outcome.kinds });
      this.absorbTransitions(current, outcome);
      current = outcome.after;
    }
    return current;
  }

  // ---- VMs and hosts -------------------------------------------------------------------------

  async createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    const [fleet, hosts, existing] = await Promise.all([
      this.fleetRecords(),
      this.settledHosts(),
      request.id === undefined ? undefined : this.settledVm(request.id),
    ]);
    const appliance = fleet.appliances.get(request.applianceId);
    const host = hosts.get(request.hostId);
    // A name is drawn only when the rest can be checked: a refusal names the VM.
    let id = request.id ?? (appliance && host ? nextVmName(await this.takenNames()) : '');
    const blocker = creationBlocker(request, {
      existing: existing && this.viewOf(existing),
      appliance,
      host,
      name: id,
    });
    if (blocker) {
      if (blocker.code === 'already-exists' || blocker.code === 'refused') {
        const replay = await this.replay(request.idempotencyKey, (vmId) => this.getVm(vmId));
        if (replay) return replay;
      }
      throw blocker;
    }

    for (let attempt = 1; ; attempt++) {
      const vm = newVm(request, appliance!, host!, id, this.ctx.now());
      await this.ctx.faults('create-vm:before-write');
      try {
        await transactWrite(
          this.table,
          createWrites(vm, this.idempotency(request.idempotencyKey, id)),
        );
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        const replay = await this.replay(request.idempotencyKey, (vmId) => this.getVm(vmId));
        if (replay) return replay;
        if (err.failed('vm')) {
          if (request.id !== undefined) throw new StoreError('already-exists', { vmId: id });
          // A name we chose was taken meanwhile (by a concurrent creation): the user never saw
          // it, so draw another, past both the index and this one (the index may lag).
          if (attempt >= MAX_NAME_ATTEMPTS) throw new StoreError('busy', { cause: 'names' });
          await jitter(attempt);
          id = nextVmName(await this.takenNames({ fresh: true }), id);
          continue;
        }
        if (err.failed('host')) throw await this.roomRefusal(vm.hostId, vm.id, vm);
        throw new StoreError('changed-meanwhile', { during: 'creating', vmId: id }, { cause: err });
      }
      await this.ctx.faults('create-vm:after-write');
      this.absorbCreation(vm);
      return { value: vm, replayed: false };
    }
  }

  async setHostState(hostId: string, state: HostState): Promise<HostView> {
    const update = expr().set('state', state).add('version', 1).whereExists('PK');
    try {
      const host = hostFromItem(await this.table.update(keys.host(hostId), update.buildUpdate()));
      this.updateHost(hostId, () => host);
      return publicHost(host);
    } catch (err) {
      if (err instanceof ConditionFailed)
        throw new StoreError('not-found', { kind: 'host', id: hostId });
      throw err;
    }
  }

  async putHost(host: Host): Promise<boolean> {
    const item = hostItem(host);
    const created = await this.putIfAbsent(item);
    if (created) this.addToFleet((f) => f.hosts.set(host.id, hostFromItem(item)));
    return created;
  }

  async putAppliance(appliance: Appliance): Promise<boolean> {
    const item = applianceItem(appliance);
    const created = await this.putIfAbsent(item);
    if (created) this.addToFleet((f) => f.appliances.set(appliance.id, applianceFromItem(item)));
    return created;
  }

  // ---- what this unit has read ---------------------------------------------------------------

  /** Hosts and appliances: one query of the FLEET partition, once. */
  private fleetRecords(): Promise<Fleet> {
    this.fleet ??= this.table
      .query({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.fleet },
      })
      .then((items) => {
        const fleet: Fleet = { hosts: new Map(), appliances: new Map() };
        for (const item of items) {
          if (item.type === 'host') fleet.hosts.set(String(item.id), hostFromItem(item));
          else if (item.type === 'appliance')
            fleet.appliances.set(String(item.id), applianceFromItem(item));
        }
        return fleet;
      });
    return this.fleet;
  }

  /** The hosts as of now: the migrations whose change of their counters is due, applied first. */
  private async settledHosts(): Promise<Map<string, StoredHost>> {
    const { hosts } = await this.fleetRecords();
    const now = this.ctx.now();
    const due = new Set(
      [...hosts.values()].flatMap((h) =>
        h.pending.filter((p) => p.at <= now).map((p) => p.migrationId),
      ),
    );
    if (due.size === 0) return hosts;
    const records = await Promise.all([...due].map((id) => this.migration(id)));
    const settled = await Promise.all(records.map((m) => m && this.applyDueOnRead(m)));
    // A host still noting a change its migration has made meanwhile (another writer made it
    // after we read the host) is behind: read it again.
    const made = new Set(settled.filter((m) => m && hostsChanged(m)).map((m) => m!.id));
    const behind = [...(await this.fleetRecords()).hosts.values()].filter((h) =>
      h.pending.some((p) => made.has(p.migrationId)),
    );
    if (behind.length > 0) await this.refreshHosts(behind.map((h) => h.id));
    return (await this.fleetRecords()).hosts;
  }

  /** A VM as of now: its migration advanced first when the VM's mark says a transition is due. */
  private async settledVm(id: string): Promise<StoredVm | undefined> {
    let vm = await this.storedVm(id);
    if (!vm?.migrationId) return vm;
    if (vm.inFlight && vm.inFlight.nextDueAt > this.ctx.now()) return vm;
    const read = await this.migration(vm.migrationId);
    const m = read && (await this.applyDueOnRead(read));
    vm = await this.storedVm(id);
    if (!m || !vm || vm.migrationId !== m.id) return vm;
    const mark = m.status === 'in-flight' ? inFlightMark(m) : undefined;
    if (!mark || (vm.inFlight && vm.inFlight.nextDueAt !== mark.nextDueAt)) {
      // The migration has moved past what the VM says (another writer moved it after we read
      // the VM): the VM is behind; read it again.
      this.vms.delete(id);
      return this.storedVm(id);
    }
    if (!vm.inFlight) {
      // An item written before VMs carried their mark: take it from the record.
      const marked: StoredVm = { ...vm, inFlight: mark };
      this.vms.set(id, Promise.resolve(marked));
      return marked;
    }
    return vm;
  }

  private storedVm(id: string): Promise<StoredVm | undefined> {
    let vm = this.vms.get(id);
    if (!vm) {
      vm = this.reads.get(keys.vm(id)).then((item) => item && vmFromItem(item));
      this.vms.set(id, vm);
    }
    return vm;
  }

  /** The names of the VMs, to choose the next: the VMs listed already, or only their ids. */
  private async takenNames(options: { fresh?: boolean } = {}): Promise<string[]> {
    if (this.listed && !options.fresh) return this.listed;
    const items = await this.table.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.vms },
      ProjectionExpression: 'id',
    });
    return items.map((i) => String(i.id));
  }

  /** The ids of all VMs: from a query of the VMS partition once, then from what this unit did. */
  private allVmIds(): Promise<string[]> {
    this.listed ??= this.table
      .query({
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1.vms },
      })
      .then((items) =>
        items.map((item) => {
          const vm = vmFromItem(item);
          if (!this.vms.has(vm.id)) this.vms.set(vm.id, Promise.resolve(vm));
          return vm.id;
        }),
      );
    return this.listed;
  }

  private migration(id: string): Promise<MigrationRecord | undefined> {
    let m = this.migrations.get(id);
    if (!m) {
      m = this.reads.get(keys.migration(id)).then((item) => item && migrationFromItem(item));
      this.migrations.set(id, m);
    }
    return m;
  }

  /** A migration read by a query: what this unit holds of it already, if anything, wins. */
  private async knownMigration(item: Item): Promise<MigrationRecord> {
    const m = migrationFromItem(item);
    const held = await this.migrations.get(m.id);
    if (held && held.applied >= m.applied) return held;
    this.migrations.set(m.id, Promise.resolve(m));
    return m;
  }

  private viewOf(vm: StoredVm): VmView {
    const { version: _v, migrationId, inFlight, ...view } = vm;
    if (migrationId && inFlight) {
      view.migration = {
        id: migrationId,
        destinationHostId: inFlight.destinationHostId,
        stage: inFlight.stage,
      };
    }
    return view;
  }

  // ---- keeping what was read true after our own writes ---------------------------------------

  private absorbStart(m: MigrationRecord): void {
    this.migrations.set(m.id, Promise.resolve(m));
    this.updateVm(m.vmId, (vm) => ({
      ...vm,
      migrationId: m.id,
      inFlight: inFlightMark(m),
      version: vm.version + 1,
    }));
    const pending = { migrationId: m.id, at: hostsChangeAt(m) };
    this.updateHost(m.destinationHostId, (h) => ({
      ...withDelta(h, reserve(m)),
      pending: [...h.pending, pending],
      version: h.version + 1,
    }));
    this.updateHost(m.sourceHostId, (h) => ({
      ...h,
      pending: [...h.pending, pending],
      version: h.version + 1,
    }));
  }

  private absorbTransitions(m: MigrationRecord, outcome: TransitionOutcome): void {
    const { after } = outcome;
    this.migrations.set(m.id, Promise.resolve(after));
    this.updateVm(m.vmId, (vm) => {
      const { migrationId: _id, inFlight: _mark, ...rest } = vm;
      const moved = { ...rest, hostId: outcome.vm.moveTo ?? vm.hostId, version: vm.version + 1 };
      return outcome.vm.ends
        ? { ...moved, lastMigrationId: m.id }
        : { ...moved, migrationId: m.id, inFlight: inFlightMark(after) };
    });
    if (!outcome.settlesHosts) return;
    for (const hostId of [m.sourceHostId, m.destinationHostId]) {
      const delta = outcome.hosts.find((h) => h.hostId === hostId)?.delta ?? {};
      this.updateHost(hostId, (h) => ({
        ...withDelta(h, delta),
        pending: h.pending.filter((p) => p.migrationId !== m.id),
        version: h.version + 1,
      }));
    }
  }

  private absorbCreation(vm: VmView): void {
    this.vms.set(vm.id, Promise.resolve({ ...vm, version: 1 }));
    if (this.listed) this.listed = this.listed.then((ids) => [...ids, vm.id]);
    this.updateHost(vm.hostId, (h) => ({ ...withDelta(h, allocate(vm)), version: h.version + 1 }));
  }

  /** Changes a VM this unit holds (nothing to do for one it never read). */
  private updateVm(id: string, change: (vm: StoredVm) => StoredVm): void {
    const held = this.vms.get(id);
    if (held)
      this.vms.set(
        id,
        held.then((vm) => vm && change(vm)),
      );
  }

  private updateHost(id: string, change: (host: StoredHost) => StoredHost): void {
    this.addToFleet((fleet) => {
      const host = fleet.hosts.get(id);
      if (host) fleet.hosts.set(id, change(host));
    });
  }

  /** Changes the hosts and appliances this unit holds (nothing to do before it read them). */
  private addToFleet(change: (fleet: Fleet) => void): void {
    this.fleet = this.fleet?.then((fleet) => {
      change(fleet);
      return fleet;
    });
  }

  /** Reads these hosts again (consistently), after another writer changed them. */
  private async refreshHosts(ids: string[]): Promise<void> {
    if (!this.fleet) return;
    const items = await Promise.all(ids.map((id) => this.reads.get(keys.host(id))));
    for (const item of items) if (item) this.updateHost(String(item.id), () => hostFromItem(item));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Why the host's room condition failed: the host as it is now says. */
  private async roomRefusal(hostId: string, vmId: string, need: Size): Promise<StoreError> {
    const item = await this.table.get(keys.host(hostId));
    if (!item) return new StoreError('not-found', { kind: 'host', id: hostId });
    const host = hostFromItem(item);
    this.updateHost(hostId, () => host);
    return roomLost(host, vmId, need);
  }

  private idempotency(key: string | undefined, resultId: string): IdempotencyRecord | undefined {
    return key
      ? { key, resultId, now: this.ctx.now(), ttlSeconds: this.ctx.idempotencyTtlSeconds }
      : undefined;
  }

  /** When a request with this key already ran: its result, marked as a replay. */
  private async replay<T>(
    key: string | undefined,
    load: (resultId: string) => Promise<T | undefined>,
  ): Promise<Written<T> | undefined> {
    const resultId = key && (await this.idempotentResult(key));
    if (!resultId) return undefined;
    const value = await load(resultId);
    return value === undefined ? undefined : { value, replayed: true };
  }

  /**
   * Creates the record unless it exists. A host or appliance written before they shared the
   * FLEET partition gets its index keys brought up to date, so seeding again heals an older
   * table.
   */
  private async putIfAbsent(item: Item): Promise<boolean> {
    if (await this.table.putIfAbsent(item)) return true;
    if (item.GSI1PK === gsi1.fleet) {
      const keysNow = expr()
        .set('GSI1PK', item.GSI1PK)
        .set('GSI1SK', item.GSI1SK)
        .whereExists('PK')
        .where('GSI1SK', '<>', item.GSI1SK);
      await this.table
        .update({ PK: String(item.PK), SK: String(item.SK) }, keysNow.buildUpdate())
        .catch((err: unknown) => {
          if (!(err instanceof ConditionFailed)) throw err;
        });
    }
    return false;
  }
}

/** Whether the migration has moved its hosts' counters (committed, or ended). */
const hostsChanged = (m: MigrationRecord) => m.status !== 'in-flight' || m.stage >= 4;

/** Runs `fn` over every item, at most `width` at a time (`fn` handles its own failures). */
async function eachAtMost<T>(width: number, items: T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** A short random pause, growing with the attempts, so that clashing creators spread out. */
function jitter(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * attempt)));
}
