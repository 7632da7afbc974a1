import type { Appliance, Host, HostState } from '../../engine';
import {
  allocate,
  applyTransitions,
  creationBlocker,
  dueTransitions,
  migrationBlocker,
  newMigration,
  newVm,
  nextVmName,
  startDeltas,
  withDelta,
  type HostDelta,
} from '../domain';
import { AdvanceFailed, StoreError, type AdvanceFailure } from '../errors';
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

export interface InMemoryFleetStoreOptions {
  /** Wall-clock epoch ms; tests inject their own. */
  clock?: () => number;
  /** Simulated seconds per wall-clock second for new migrations. */
  timeScale?: number;
  /** How long an idempotency record keeps a finished request's answer. */
  idempotencyTtlSeconds?: number;
}

type StoredVm = Omit<VmView, 'migration'> & { migrationId?: string };

/**
 * The FleetStore in the process's memory, on the same rules as the DynamoDB adapter (the
 * domain module) and held to the same contract: for tests of the intents that need no database,
 * and for the bench's ceiling (what the project's own code costs without DynamoDB). Every call
 * completes before the next starts, so a check and its write can never be separated by another
 * writer; the conditions the DynamoDB transactions carry are checked all the same, so that a
 * record changed behind a migration's back stops it here too. Results are copies.
 */
export class InMemoryFleetStore implements FleetStore {
  private readonly hosts = new Map<string, HostView>();
  private readonly appliances = new Map<string, Appliance>();
  private readonly vms = new Map<string, StoredVm>();
  private readonly migrations = new Map<string, MigrationRecord>();
  /** Idempotency records; one without a result is a fence (settleWrite). */
  private readonly records = new Map<string, { resultId?: string; expiresAt: number }>();
  private readonly now: () => number;
  private readonly timeScale: number;
  private readonly ttlSeconds: number;

  constructor(options: InMemoryFleetStoreOptions = {}) {
    this.now = options.clock ?? Date.now;
    this.timeScale = options.timeScale ?? 1;
    this.ttlSeconds = options.idempotencyTtlSeconds ?? 3600;
    if (!Number.isFinite(this.timeScale) || this.timeScale <= 0)
      throw new RangeError('time scale must be a positive number');
  }

  /** Nothing to gather: every read here is free. */
  unitOfWork(): FleetStore {
    return this;
  }

  // ---- reads: what is due applied first, copies out ------------------------------------------

  async getVm(id: string): Promise<VmView | undefined> {
    this.settle();
    const vm = this.vms.get(id);
    return vm && this.view(vm);
  }

  async listVms(): Promise<VmView[]> {
    this.settle();
    // In the order of the DynamoDB adapter's index: by host, then VM.
    return [...this.vms.values()]
      .sort((a, b) => vmSortKey(a).localeCompare(vmSortKey(b)))
      .map((vm) => this.view(vm));
  }

  async listVmsOnHost(hostId: string): Promise<VmView[]> {
    return (await this.listVms()).filter((v) => v.hostId === hostId);
  }

  async getHost(id: string): Promise<HostView | undefined> {
    this.settle();
    return copy(this.hosts.get(id));
  }

  async listHosts(): Promise<HostView[]> {
    this.settle();
    return sortedById(this.hosts).map(copy);
  }

  async getAppliance(id: string): Promise<Appliance | undefined> {
    return copy(this.appliances.get(id));
  }

  async listAppliances(): Promise<Appliance[]> {
    return sortedById(this.appliances).map(copy);
  }

  async getMigration(id: string): Promise<MigrationRecord | undefined> {
    this.settle();
    return copy(this.migrations.get(id));
  }

  async listMigrationsForVm(vmId: string, limit = 10): Promise<MigrationRecord[]> {
    this.settle();
    return [...this.migrations.values()]
      .filter((m) => m.vmId === vmId)
      .sort((a, b) => b.startedAt - a.startedAt || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map(copy);
  }

  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    this.settle();
    return [...this.migrations.values()].filter((m) => m.status === 'in-flight').map(copy);
  }

  async idempotentResult(key: string): Promise<string | undefined> {
    return this.liveRecord(key)?.resultId;
  }

  async settleWrite(key: string): Promise<string | undefined> {
    const record = this.liveRecord(key);
    if (record) return record.resultId;
    this.records.set(key, { expiresAt: this.expiry() });
    return undefined;
  }

  // ---- writes --------------------------------------------------------------------------------

  async startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    this.settle();
    const stored = this.vms.get(request.vmId);
    const vm = stored && this.view(stored);
    const source = vm && this.hosts.get(vm.hostId);
    const destination = this.hosts.get(request.destinationHostId);
    const blocker = migrationBlocker(request, vm, { source, destination });
    const replay = this.replay(request.idempotencyKey, (id) => this.migrations.get(id));
    // A twin of this request that ran already is answered as it was (as the DynamoDB adapter's
    // transaction finds the twin's idempotency record).
    if (replay && (!blocker || ['migration-in-flight', 'refused'].includes(blocker.code)))
      return replay;
    if (blocker) throw blocker;
    // A settled write's key is fenced: the write must never happen (its transaction would fail
    // on the fence in DynamoDB).
    if (this.fenced(request.idempotencyKey))
      throw new StoreError('changed-meanwhile', { during: 'recording', vmId: request.vmId });

    const m = newMigration({
      vm: vm!,
      source: source!,
      destination: destination!,
      request,
      now: this.now(),
      timeScale: this.timeScale,
    });
    this.migrations.set(m.id, m);
    this.vms.set(vm!.id, { ...stored!, migrationId: m.id });
    for (const { hostId, delta } of startDeltas(m)) this.move(hostId, delta);
    this.remember(request.idempotencyKey, m.id);
    // A plan can be over at once (a failure injected at the start): apply what is due.
    this.settle();
    return { value: copy(this.migrations.get(m.id)!), replayed: false };
  }

  async advance(): Promise<AdvanceReport> {
    const report: AdvanceReport = { applied: [] };
    const failed = this.settle(report);
    if (failed.length > 0) throw new AdvanceFailed(report.applied, failed);
    return report;
  }

  async createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    this.settle();
    const existing = request.id === undefined ? undefined : this.vms.get(request.id);
    const appliance = this.appliances.get(request.applianceId);
    const host = this.hosts.get(request.hostId);
    const id = request.id ?? nextVmName(this.vms.keys());
    const blocker = creationBlocker(request, {
      existing: existing && this.view(existing),
      appliance,
      host,
      name: id,
    });
    const replay = this.replay(request.idempotencyKey, (vmId) => this.vms.get(vmId));
    if (replay && (!blocker || ['already-exists', 'refused'].includes(blocker.code))) {
      return { value: this.view(replay.value), replayed: true };
    }
    if (blocker) throw blocker;
    if (this.fenced(request.idempotencyKey))
      throw new StoreError('changed-meanwhile', { during: 'creating', vmId: id });

    const vm = newVm(request, appliance!, host!, id, this.now());
    this.vms.set(id, vm);
    this.move(host!.id, allocate(vm));
    this.remember(request.idempotencyKey, id);
    return { value: copy(vm), replayed: false };
  }

  async setHostState(hostId: string, state: HostState): Promise<HostView> {
    const host = this.hosts.get(hostId);
    if (!host) throw new StoreError('not-found', { kind: 'host', id: hostId });
    this.hosts.set(hostId, { ...host, state });
    return copy(this.hosts.get(hostId)!);
  }

  async putHost(host: Host): Promise<boolean> {
    if (this.hosts.has(host.id)) return false;
    const usage = {
      allocatedMemoryMiB: 0,
      allocatedVcpus: 0,
      reservedMemoryMiB: 0,
      reservedVcpus: 0,
    };
    this.hosts.set(host.id, {
      ...copy(host),
      usage,
      free: { memoryMiB: host.memoryMiB, vcpus: host.vcpuCapacity },
    });
    return true;
  }

  async putAppliance(appliance: Appliance): Promise<boolean> {
    if (this.appliances.has(appliance.id)) return false;
    this.appliances.set(appliance.id, copy(appliance));
    return true;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Applies every transition that is due, migration by migration. One whose VM or hosts are not
   * as it left them stays as it is (reads show it as stored); `advance()` reports it.
   */
  private settle(report?: AdvanceReport): AdvanceFailure[] {
    const failed: AdvanceFailure[] = [];
    const now = this.now();
    for (const m of [...this.migrations.values()]) {
      const due = dueTransitions(m, now);
      if (due.length === 0) continue;
      const outcome = applyTransitions(m, due, now);
      const vm = this.vms.get(m.vmId);
      const hostsThere = outcome.hosts.every((h) => this.hosts.has(h.hostId));
      const vmAsLeft =
        vm?.migrationId === m.id && (!outcome.vm.moveTo || vm.hostId === m.sourceHostId);
      if (!vm || !vmAsLeft || !hostsThere) {
        const error = new StoreError('changed-meanwhile', {
          during: 'advancing',
          migrationId: m.id,
          vmId: m.vmId,
          reasons: [!vmAsLeft ? 'vm ConditionalCheckFailed' : 'host ConditionalCheckFailed'],
        });
        failed.push({ migrationId: m.id, error });
        continue;
      }
      this.migrations.set(m.id, outcome.after);
      const { migrationId: _id, ...rest } = vm;
      const moved = { ...rest, hostId: outcome.vm.moveTo ?? vm.hostId };
      this.vms.set(
        m.vmId,
        outcome.vm.ends ? { ...moved, lastMigrationId: m.id } : { ...moved, migrationId: m.id },
      );
      for (const { hostId, delta } of outcome.hosts) this.move(hostId, delta);
      report?.applied.push({ migrationId: m.id, kinds: outcome.kinds });
    }
    return failed;
  }

  private move(hostId: string, delta: HostDelta): void {
    this.hosts.set(hostId, withDelta(this.hosts.get(hostId)!, delta));
  }

  private view(vm: StoredVm): VmView {
    const { migrationId, ...view } = copy(vm);
    const m = migrationId === undefined ? undefined : this.migrations.get(migrationId);
    if (m?.status !== 'in-flight') return view;
    return {
      ...view,
      migration: { id: m.id, destinationHostId: m.destinationHostId, stage: m.stage },
    };
  }

  private remember(key: string | undefined, resultId: string): void {
    if (key) this.records.set(key, { resultId, expiresAt: this.expiry() });
  }

  private expiry(): number {
    return Math.floor(this.now() / 1000) + this.ttlSeconds;
  }

  /** The record under this key unless it has expired (it may linger, as until DynamoDB's TTL). */
  private liveRecord(key: string | undefined) {
    const record = key === undefined ? undefined : this.records.get(key);
    return record && record.expiresAt * 1000 >= this.now() ? record : undefined;
  }

  private fenced(key: string | undefined): boolean {
    const record = this.liveRecord(key);
    return record !== undefined && record.resultId === undefined;
  }

  /** When a request with this key already ran: its result (a copy), marked as a replay. */
  private replay<T>(
    key: string | undefined,
    load: (resultId: string) => T | undefined,
  ): Written<T> | undefined {
    const resultId = this.liveRecord(key)?.resultId;
    const value = resultId === undefined ? undefined : load(resultId);
    return value === undefined ? undefined : { value: copy(value), replayed: true };
  }
}

const copy = <T>(value: T): T => structuredClone(value);

function sortedById<T extends { id: string }>(records: Map<string, T>): T[] {
  return [...records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const vmSortKey = (vm: StoredVm) => `HOST#${vm.hostId}#VM#${vm.id}`;
