import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  joinReasons,
  migrationRefusals,
  capacityRefusals,
  planMigration,
  precopyParamsFor,
  wallClockAt,
  type Appliance,
  type Host,
  type HostState,
} from '../../engine';
import { AdvanceFailed, isStoreError, StoreError, type AdvanceFailure } from '../errors';
import type { FaultHook } from '../faults';
import type {
  AdvanceReport,
  CreateVmRequest,
  FleetStore,
  HostView,
  MigrationRecord,
  MigrationSummary,
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
  migrationFromItem,
  migrationItem,
  vmFromItem,
  vmItem,
} from './items';
import { gsi1, gsi2, keys } from './schema';
import { mapDynamoError, transactWrite, TransactionCancelled } from './transact';
import { dueTransitions, hostUpdate, nextDueAt, transitionTransaction } from './transitions';

export interface DynamoFleetStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Wall-clock epoch ms; tests inject their own. */
  clock?: () => number;
  /** Simulated seconds per wall-clock second for new migrations (VMBOT_TIME_SCALE). */
  timeScale?: number;
  /** Fault injection between writes (crash tests). */
  faults?: FaultHook;
  /** How long an idempotency record keeps a finished request's answer. */
  idempotencyTtlSeconds?: number;
}

type Item = Record<string, unknown>;
type StoredVm = ReturnType<typeof vmFromItem>;

const MAX_OPTIMISTIC_ATTEMPTS = 4;
/**
 * Generated names drawn before giving up. Each clash means another VM took that number, and
 * every draw is past the last, so n concurrent creations need at most n draws each.
 */
const MAX_NAME_ATTEMPTS = 32;
const ADVANCE_PARALLELISM = 8;

/** The FleetStore on one DynamoDB table (see schema.ts for the key design). */
export class DynamoFleetStore implements FleetStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => number;
  private readonly timeScale: number;
  private readonly faults: FaultHook;
  private readonly idempotencyTtl: number;

  constructor(options: DynamoFleetStoreOptions) {
    this.doc = options.doc;
    this.table = options.tableName;
    this.now = options.clock ?? Date.now;
    this.timeScale = options.timeScale ?? 1;
    this.faults = options.faults ?? (async () => {});
    this.idempotencyTtl = options.idempotencyTtlSeconds ?? 3600;
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0)
      throw new RangeError('time scale must be a positive number');
  }

  // ---- reads -------------------------------------------------------------------------------

  async getVm(id: string): Promise<VmView | undefined> {
    return (await this.loadVm(id))?.view;
  }

  /**
   * The VM as of now: its stored record (with the version for optimistic locking) and its view.
   * A migration of this VM with transitions due is advanced first.
   */
  private async loadVm(id: string): Promise<{ stored: StoredVm; view: VmView } | undefined> {
    let stored = await this.readVm(id);
    if (!stored?.migrationId) return stored && { stored, view: publicVm(stored) };
    let migration = await this.readMigration(stored.migrationId);
    if (migration && dueTransitions(migration, this.now()).length > 0) {
      migration = await this.applyDueOnRead(migration);
      stored = await this.readVm(id);
      if (!stored) return undefined;
    }
    const view = publicVm(stored);
    if (migration && migration.status === 'in-flight' && stored.migrationId === migration.id) {
      view.migration = summary(migration);
    }
    return { stored, view };
  }

  async listVms(): Promise<VmView[]> {
    await this.advanceDueOnRead();
    return this.queryVms();
  }

  async listVmsOnHost(hostId: string): Promise<VmView[]> {
    await this.advanceDueOnRead();
    return this.queryVms(hostId);
  }

  async getHost(id: string): Promise<HostView | undefined> {
    await this.advanceDueOnRead();
    const item = await this.get(keys.host(id));
    return item && hostFromItem(item);
  }

  async listHosts(): Promise<HostView[]> {
    await this.advanceDueOnRead();
    const items = await this.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.hosts },
    });
    return items.map(hostFromItem);
  }

  async getAppliance(id: string): Promise<Appliance | undefined> {
    const item = await this.get(keys.appliance(id));
    return item && applianceFromItem(item);
  }

  async listAppliances(): Promise<Appliance[]> {
    const items = await this.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.appliances },
    });
    return items.map(applianceFromItem);
  }

  async getMigration(id: string): Promise<MigrationRecord | undefined> {
    const m = await this.readMigration(id);
    return m && (await this.applyDueOnRead(m));
  }

  async listMigrationsForVm(vmId: string, limit = 10): Promise<MigrationRecord[]> {
    const items = await this.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': gsi1.migrationsOfVm(vmId), ':prefix': 'MIGRATION#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    return Promise.all(items.map((i) => this.applyDueOnRead(migrationFromItem(i))));
  }

  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    await this.advanceDueOnRead();
    const items = await this.query({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi2.inFlight },
    });
    return items.map(migrationFromItem).filter((m) => m.status === 'in-flight');
  }

  // ---- migrations ----------------------------------------------------------------------------

  async startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    for (let attempt = 1; ; attempt++) {
      await this.advanceDueOnRead();
      const loaded = await this.loadVm(request.vmId);
      if (!loaded) throw new StoreError('not-found', `There is no VM called ${request.vmId}.`);
      const { stored, view: vm } = loaded;
      const hosts = await this.batchGetHosts([vm.hostId, request.destinationHostId]);
      const source = hosts.get(vm.hostId);
      const destination = hosts.get(request.destinationHostId);
      if (!destination)
        throw new StoreError('not-found', `There is no host called ${request.destinationHostId}.`);
      if (!source) throw new StoreError('not-found', `${vm.id}'s host ${vm.hostId} is missing.`);
      if (vm.migration) {
        const replay = await this.replay(request.idempotencyKey, (id) => this.getMigration(id));
        if (replay) return replay;
        throw inFlight(vm.id, vm.migration);
      }
      const refusals = migrationRefusals(vm, source, {
        host: destination,
        usage: destination.usage,
      });
      if (refusals.length > 0) {
        const replay = await this.replay(request.idempotencyKey, (id) => this.getMigration(id));
        if (replay) return replay;
        throw new StoreError('refused', `${joinReasons(refusals)}.`);
      }

      const requestedAt = this.now();
      const startedAt = Math.max(requestedAt, request.startAt ?? requestedAt);
      const plan = planMigration({
        precopy: precopyParamsFor(vm, source, destination, request),
        startedAt,
        timeScale: this.timeScale,
        failure: request.failure,
      });
      const record: MigrationRecord = {
        id: migrationId(startedAt),
        vmId: vm.id,
        sourceHostId: source.id,
        destinationHostId: destination.id,
        memoryMiB: vm.memoryMiB,
        vcpus: vm.vcpus,
        applianceId: vm.applianceId,
        status: 'in-flight',
        stage: 1,
        applied: 0,
        plan,
        history: [
          { kind: 'start', stage: 0, at: requestedAt, appliedAt: requestedAt },
          { kind: 'start', stage: 1, at: requestedAt, appliedAt: requestedAt },
          ...(plan.stages.some((s) => s.stage === 2)
            ? [{ kind: 'start' as const, stage: 2 as const, at: startedAt, appliedAt: requestedAt }]
            : []),
        ],
        requestedAt,
        startedAt,
        endsAt: wallClockAt(plan, plan.endMs),
      };
      if (plan.stages.some((s) => s.stage === 2)) record.stage = 2;

      const reserve = hostUpdate(
        this.table,
        destination.id,
        {
          reservedMemoryMiB: vm.memoryMiB,
          reservedVcpus: vm.vcpus,
          freeMemoryMiB: -vm.memoryMiB,
          freeVcpus: -vm.vcpus,
        },
        (b) =>
          b
            .where('state', '=', 'active')
            .where('freeMemoryMiB', '>=', vm.memoryMiB)
            .where('freeVcpus', '>=', vm.vcpus),
      );
      const markVm = expr()
        .set('migrationId', record.id)
        .add('version', 1)
        .whereNotExists('migrationId')
        .where('hostId', '=', source.id)
        .where('version', '=', stored.version);
      const items = [
        reserve,
        { Update: { TableName: this.table, Key: keys.vm(vm.id), ...markVm.buildUpdate() } },
        {
          Put: {
            TableName: this.table,
            Item: migrationItem(record, nextDueAt(record, 0)),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...this.idempotencyPut(request.idempotencyKey, record.id),
      ];

      await this.faults('start:before-write');
      try {
        await transactWrite(this.doc, items);
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        // A twin of this request (a Lex retry) may have won: answer as it did.
        const replay = await this.replay(request.idempotencyKey, (id) => this.getMigration(id));
        if (replay) return replay;
        if (err.failedAt(0)) throw await this.roomRefusal(destination.id, vm);
        if (err.failedAt(1)) {
          const now = await this.getVm(vm.id);
          if (now?.migration) throw inFlight(vm.id, now.migration);
          if (attempt < MAX_OPTIMISTIC_ATTEMPTS) continue; // the VM changed under us: plan again
          throw new StoreError(
            'changed-meanwhile',
            `${vm.id} kept changing while I planned its migration; try again.`,
          );
        }
        throw new StoreError(
          'changed-meanwhile',
          `Could not record the migration of ${vm.id}; try again.`,
          {
            cause: err,
          },
        );
      }
      await this.faults('start:after-write');
      // A plan can be over at once (a failure injected at the start): apply what is due.
      return { value: await this.applyDueOnRead(record), replayed: false };
    }
  }

  /**
   * Tries every migration that is due, even when some fail; then throws AdvanceFailed (what was
   * applied and what failed) if any did.
   */
  async advance(): Promise<AdvanceReport> {
    const { report, failed } = await this.advanceDue();
    if (failed.length > 0) throw new AdvanceFailed(report.applied, failed);
    return report;
  }

  /**
   * The lazy advance before a read: one migration that cannot advance (its VM or hosts are not as
   * it left them) must not make every read fail, so only an unreachable DynamoDB stops the read.
   * The stuck migration stays due; `advance()` reports it.
   */
  private async advanceDueOnRead(): Promise<void> {
    const { failed } = await this.advanceDue();
    const unreachable = failed.find((f) => isStoreError(f.error, 'unavailable'));
    if (unreachable) throw unreachable.error;
  }

  /** Applies every due transition of every migration in flight (one query when none is due). */
  private async advanceDue(): Promise<{ report: AdvanceReport; failed: AdvanceFailure[] }> {
    const now = this.now();
    const items = await this.query({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': gsi2.inFlight, ':now': `${gsi2.dueKey(now)}#~` },
    });
    const report: AdvanceReport = { applied: [] };
    const failed: AdvanceFailure[] = [];
    await eachAtMost(ADVANCE_PARALLELISM, items, async (item) => {
      try {
        await this.applyDue(migrationFromItem(item), report);
      } catch (error) {
        failed.push({ migrationId: String(item.id), error });
      }
    });
    return { report, failed };
  }

  /** applyDue for a read: when the migration cannot advance, the read shows it as stored. */
  private async applyDueOnRead(m: MigrationRecord): Promise<MigrationRecord> {
    try {
      return await this.applyDue(m);
    } catch (err) {
      if (isStoreError(err, 'unavailable')) throw err;
      return m;
    }
  }

  /**
   * Applies the transitions of `m` that are due, in one transaction. `m` may be stale (read from
   * an index, or by a process that lost a race): the transaction's condition on `applied` then
   * fails, and the record is read again and the rest applied from there.
   */
  private async applyDue(m: MigrationRecord, report?: AdvanceReport): Promise<MigrationRecord> {
    let current = m;
    for (let attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS + 2; attempt++) {
      const now = this.now();
      const due = dueTransitions(current, now);
      if (due.length === 0) return current;
      const { items, after } = transitionTransaction(this.table, current, due, now);
      await this.faults('advance:before-write');
      try {
        await transactWrite(this.doc, items);
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        const fresh = await this.readMigration(current.id);
        if (!fresh) throw new StoreError('not-found', `Migration ${current.id} disappeared.`);
        if (fresh.applied === current.applied) {
          // Not a lost race: the VM or a host is not as the migration left them.
          throw new StoreError(
            'changed-meanwhile',
            `Migration ${current.id} could not advance: its VM or hosts changed (${err.reasons.join(', ')}).`,
          );
        }
        current = fresh;
        continue;
      }
      await this.faults('advance:after-write');
      report?.applied.push({ migrationId: current.id, kinds: due.map((t) => t.kind) });
      current = after;
    }
    return current;
  }

  // ---- VMs and hosts -------------------------------------------------------------------------

  async createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    await this.advanceDueOnRead();
    const [appliance, host, existing] = await Promise.all([
      this.getAppliance(request.applianceId),
      this.batchGetHosts([request.hostId]).then((h) => h.get(request.hostId)),
      request.id === undefined ? undefined : this.readVm(request.id),
    ]);
    // A name that is taken says so before anything else (a full host, a host in maintenance):
    // that is why the request cannot be done, and a retry of the request that created it is
    // answered with its result.
    if (existing) {
      const replay = await this.replay(request.idempotencyKey, (vmId) => this.getVm(vmId));
      if (replay) return replay;
      throw new StoreError('already-exists', `There is already a VM called ${existing.id}.`);
    }
    if (!appliance)
      throw new StoreError('not-found', `There is no appliance called ${request.applianceId}.`);
    if (!host) throw new StoreError('not-found', `There is no host called ${request.hostId}.`);
    let id = request.id ?? (await this.nextVmName());
    const memoryMiB = request.memoryMiB ?? appliance.memoryMiB;
    const vcpus = request.vcpus ?? appliance.vcpus;
    const refusals = capacityRefusals({ name: id, memoryMiB, vcpus }, { host, usage: host.usage });
    if (refusals.length > 0) {
      const replay = await this.replay(request.idempotencyKey, (vmId) => this.getVm(vmId));
      if (replay) return replay;
      throw new StoreError('refused', `${joinReasons(refusals)}.`);
    }

    for (let attempt = 1; ; attempt++) {
      const createdAt = this.now();
      const vm = {
        id,
        hostId: host.id,
        vcpus,
        memoryMiB,
        applianceId: appliance.id,
        cpuFeatureLevel: host.cpuFeatureLevel,
        workload: request.workload ?? appliance.workload,
      };
      const items = [
        {
          Put: {
            TableName: this.table,
            Item: vmItem(vm, createdAt),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        hostUpdate(
          this.table,
          host.id,
          {
            allocatedMemoryMiB: memoryMiB,
            allocatedVcpus: vcpus,
            freeMemoryMiB: -memoryMiB,
            freeVcpus: -vcpus,
          },
          (b) =>
            b
              .where('state', '=', 'active')
              .where('freeMemoryMiB', '>=', memoryMiB)
              .where('freeVcpus', '>=', vcpus),
        ),
        ...this.idempotencyPut(request.idempotencyKey, id),
      ];
      await this.faults('create-vm:before-write');
      try {
        await transactWrite(this.doc, items);
      } catch (err) {
        if (!(err instanceof TransactionCancelled)) throw err;
        const replay = await this.replay(request.idempotencyKey, (vmId) => this.getVm(vmId));
        if (replay) return replay;
        if (err.failedAt(0)) {
          if (request.id !== undefined)
            throw new StoreError('already-exists', `There is already a VM called ${id}.`);
          // A name we chose was taken meanwhile (by a concurrent creation): the user never saw
          // it, so draw another, past both the index and this one (the index may lag).
          if (attempt >= MAX_NAME_ATTEMPTS) {
            throw new StoreError(
              'busy',
              'So many VMs are being created at once that I could not pick a free name; try again, or give the VM a name.',
            );
          }
          await jitter(attempt);
          id = await this.nextVmName(id);
          continue;
        }
        if (err.failedAt(1)) throw await this.roomRefusal(host.id, { id, memoryMiB, vcpus });
        throw new StoreError('changed-meanwhile', `Could not create ${id} just now; try again.`, {
          cause: err,
        });
      }
      await this.faults('create-vm:after-write');
      return { value: { ...vm, createdAt }, replayed: false };
    }
  }

  async setHostState(hostId: string, state: HostState): Promise<HostView> {
    const update = expr().set('state', state).add('version', 1).whereExists('PK');
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.host(hostId),
          ...update.buildUpdate(),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return hostFromItem(out.Attributes as Item);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException)
        throw new StoreError('not-found', `There is no host called ${hostId}.`);
      throw mapDynamoError(err);
    }
  }

  async putHost(host: Host): Promise<boolean> {
    return this.putIfAbsent(hostItem(host));
  }

  async putAppliance(appliance: Appliance): Promise<boolean> {
    return this.putIfAbsent(applianceItem(appliance));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async roomRefusal(
    hostId: string,
    need: { id: string; memoryMiB: number; vcpus: number },
  ): Promise<StoreError> {
    const host = await this.get(keys.host(hostId));
    if (!host) return new StoreError('not-found', `There is no host called ${hostId}.`);
    const view = hostFromItem(host);
    const refusals = capacityRefusals(
      { name: need.id, memoryMiB: need.memoryMiB, vcpus: need.vcpus },
      { host: view, usage: view.usage },
    );
    return new StoreError(
      'refused',
      refusals.length
        ? `${joinReasons(refusals)}.`
        : `${hostId} could not take ${need.id} just now; try again.`,
    );
  }

  private idempotencyPut(key: string | undefined, resultId: string) {
    if (!key) return [];
    return [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.idempotency(key),
            type: 'idempotency',
            resultId,
            expiresAt: Math.floor(this.now() / 1000) + this.idempotencyTtl,
          },
          // An expired record may linger until TTL deletes it (up to days): it no longer counts.
          ConditionExpression: 'attribute_not_exists(PK) OR #expiresAt < :now',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':now': this.now() / 1000 },
        },
      },
    ];
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

  async idempotentResult(key: string): Promise<string | undefined> {
    const item = await this.get(keys.idempotency(key));
    if (!item || Number(item.expiresAt) * 1000 < this.now() || typeof item.resultId !== 'string')
      return undefined;
    return item.resultId;
  }

  async settleWrite(key: string): Promise<string | undefined> {
    // The record the write would have put, without a result: its condition now refuses it.
    const [fence] = this.idempotencyPut(key, '');
    const { resultId: _none, ...item } = fence!.Put.Item;
    try {
      await this.doc.send(new PutCommand({ ...fence!.Put, Item: item }));
      return undefined;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return this.idempotentResult(key);
      throw mapDynamoError(err);
    }
  }

  private async batchGetHosts(ids: string[]): Promise<Map<string, HostView>> {
    const unique = [...new Set(ids)];
    const out = await this.guard(() =>
      this.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table]: { Keys: unique.map((id) => keys.host(id)), ConsistentRead: true },
          },
        }),
      ),
    );
    const hosts = new Map<string, HostView>();
    for (const item of out.Responses?.[this.table] ?? []) {
      const h = hostFromItem(item);
      hosts.set(h.id, h);
    }
    // Unprocessed keys (throttling) are read one by one.
    for (const id of unique) {
      if (hosts.has(id)) continue;
      const item = await this.get(keys.host(id));
      if (item) hosts.set(id, hostFromItem(item));
    }
    return hosts;
  }

  /**
   * vm-<n+1> after the highest vm-<n> the index shows and, on a retry, after the name just
   * tried: the index is eventually consistent in AWS, so it may not show the VM that took it.
   */
  private async nextVmName(tried?: string): Promise<string> {
    const items = await this.query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': gsi1.vms },
      ProjectionExpression: 'id',
    });
    const highest = Math.max(0, ...[tried, ...items.map((i) => i.id)].map(vmNumber));
    return `vm-${highest + 1}`;
  }

  private async readVm(id: string): Promise<StoredVm | undefined> {
    const item = await this.get(keys.vm(id));
    return item && vmFromItem(item);
  }

  private async readMigration(id: string): Promise<MigrationRecord | undefined> {
    const item = await this.get(keys.migration(id));
    return item && migrationFromItem(item);
  }

  private async queryVms(hostId?: string): Promise<VmView[]> {
    const items = await this.query({
      IndexName: 'GSI1',
      KeyConditionExpression: hostId
        ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)'
        : 'GSI1PK = :pk',
      ExpressionAttributeValues: hostId
        ? { ':pk': gsi1.vms, ':prefix': gsi1.vmsOnHostPrefix(hostId) }
        : { ':pk': gsi1.vms },
    });
    const vms = items.map(vmFromItem);
    const inFlight = vms.filter((v) => v.migrationId);
    const migrations = await this.batchGetMigrations(inFlight.map((v) => v.migrationId!));
    return vms.map((v) => {
      const view = publicVm(v);
      const m = v.migrationId ? migrations.get(v.migrationId) : undefined;
      if (m && m.status === 'in-flight') view.migration = summary(m);
      return view;
    });
  }

  private async batchGetMigrations(ids: string[]): Promise<Map<string, MigrationRecord>> {
    const found = new Map<string, MigrationRecord>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.table]: { Keys: ids.slice(i, i + 100).map((id) => keys.migration(id)) },
      };
      while (request && Object.keys(request).length > 0) {
        const input = request;
        const out = await this.guard(() =>
          this.doc.send(new BatchGetCommand({ RequestItems: input })),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const m = migrationFromItem(item);
          found.set(m.id, m);
        }
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  private async get(key: Record<string, string>): Promise<Item | undefined> {
    const out = await this.guard(() =>
      this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })),
    );
    return out.Item;
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const from = start;
      const out = await this.guard(() =>
        this.doc.send(
          new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: from }),
        ),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
      if (input.Limit !== undefined && items.length >= input.Limit) break;
    } while (start);
    return items;
  }

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw mapDynamoError(err);
    }
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw mapDynamoError(err);
    }
  }
}

function publicVm(vm: StoredVm): VmView {
  const { version: _version, migrationId: _migrationId, ...view } = vm;
  return view;
}

function summary(m: MigrationRecord): MigrationSummary {
  return { id: m.id, destinationHostId: m.destinationHostId, stage: m.stage };
}

function inFlight(vmId: string, m: MigrationSummary): StoreError {
  return new StoreError(
    'migration-in-flight',
    `${vmId} is already migrating to ${m.destinationHostId} (stage ${m.stage}).`,
  );
}

/** Runs `fn` over every item, at most `width` at a time (`fn` handles its own failures). */
async function eachAtMost<T>(width: number, items: T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** n for vm-<n>, else 0. */
function vmNumber(id: unknown): number {
  const match = /^vm-(\d+)$/.exec(String(id));
  return match ? Number(match[1]) : 0;
}

/** A short random pause, growing with the attempts, so that clashing creators spread out. */
function jitter(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * attempt)));
}

/** Time-ordered and unique enough: start instant plus 48 random bits. */
function migrationId(startedAt: number): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `mig-${startedAt.toString(36)}-${random}`;
}
