import type {
  AbortReason,
  Appliance,
  FreeCapacity,
  Host,
  HostState,
  HostUsage,
  InjectedFailure,
  MigrationPlan,
  Policy,
  StageIndex,
  TransitionKind,
  Vm,
  Workload,
} from '../engine';

/**
 * The fleet store: what the intents and the CLI need from persistence. Migrations take time;
 * every read that touches a VM, a host or the migrations first applies the transitions that
 * have fallen due, so callers always see the state as of `now`.
 */
export interface FleetStore {
  /**
   * The store for one request (one Lambda invocation): within it each item is read at most
   * once and the request's own writes update what it read, so a handler may ask for the same
   * records again without paying for them twice. A new one per request: it does not see what
   * other writers change after its first read of an item. What it returns is what it holds:
   * read-only to the caller.
   */
  unitOfWork(): FleetStore;

  getVm(id: string): Promise<VmView | undefined>;
  listVms(): Promise<VmView[]>;
  listVmsOnHost(hostId: string): Promise<VmView[]>;
  getHost(id: string): Promise<HostView | undefined>;
  listHosts(): Promise<HostView[]>;
  getAppliance(id: string): Promise<Appliance | undefined>;
  listAppliances(): Promise<Appliance[]>;
  getMigration(id: string): Promise<MigrationRecord | undefined>;
  /** Newest first. */
  listMigrationsForVm(vmId: string, limit?: number): Promise<MigrationRecord[]>;
  listMigrationsInFlight(): Promise<MigrationRecord[]>;

  /**
   * Stages 0 and 1 at once: records the plan and reserves room on the destination, in one
   * transaction. With an idempotency key, a second call with the same key returns the first
   * call's migration (replayed: true) and writes nothing.
   */
  startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>>;
  /** Applies every transition that has fallen due, for all migrations; returns what it applied. */
  advance(): Promise<AdvanceReport>;
  /** Creates a VM and allocates its room on the host, in one transaction (idempotent by key). */
  createVm(request: CreateVmRequest): Promise<Written<VmView>>;
  /**
   * Deletes a VM and gives its room back to its host, in one transaction (idempotent by key:
   * a replay returns the VM as the first call deleted it). Refused while the VM migrates.
   */
  deleteVm(request: DeleteVmRequest): Promise<Written<DeletedVm>>;
  setHostState(hostId: string, state: HostState): Promise<HostView>;

  /**
   * What a write made under this idempotency key produced (a migration or VM id), while the
   * record lives; undefined when no such write ran.
   */
  idempotentResult(key: string): Promise<string | undefined>;

  /**
   * Settles a write made under this idempotency key whose outcome is unknown (DynamoDB stopped
   * answering): what it produced if it was applied; otherwise undefined, and from then on it can
   * never be applied (a late copy of its transaction fails on the record this leaves). It
   * changes nothing in the fleet, so it is not one of WRITE_METHODS.
   */
  settleWrite(key: string): Promise<string | undefined>;

  /** Creates the record unless it exists; true when it was created. */
  putHost(host: Host): Promise<boolean>;
  putAppliance(appliance: Appliance): Promise<boolean>;
}

/** The methods that ask for a change of the fleet. */
export const WRITE_METHODS = [
  'startMigration',
  'advance',
  'createVm',
  'deleteVm',
  'setHostState',
  'putHost',
  'putAppliance',
] as const satisfies readonly (keyof FleetStore)[];
export type WriteMethod = (typeof WRITE_METHODS)[number];

/** The result of a write that may have been a replay of an earlier, identical request. */
export interface Written<T> {
  value: T;
  replayed: boolean;
}

export interface HostView extends Host {
  usage: HostUsage;
  free: FreeCapacity;
}

export interface VmView extends Vm {
  /** The migration in flight, when there is one (state as of now). */
  migration?: MigrationSummary;
  lastMigrationId?: string;
  createdAt: number;
}

export interface MigrationSummary {
  id: string;
  destinationHostId: string;
  stage: StageIndex;
}

export type MigrationStatus = 'in-flight' | 'completed' | 'aborted';

export interface StageEvent {
  kind: 'start' | TransitionKind;
  stage: StageIndex;
  /** Wall-clock epoch ms at which the transition was due (the plan's instant). */
  at: number;
  /** Wall-clock epoch ms at which it was written. */
  appliedAt: number;
}

export interface MigrationRecord {
  id: string;
  vmId: string;
  sourceHostId: string;
  destinationHostId: string;
  memoryMiB: number;
  vcpus: number;
  applianceId: string;
  status: MigrationStatus;
  /** The stage reached by the transitions applied so far. */
  stage: StageIndex;
  /** How many of plan.transitions have been applied. */
  applied: number;
  plan: MigrationPlan;
  history: StageEvent[];
  abortReason?: AbortReason;
  /** When the migration was requested (stages 0 and 1: placement and reservation). */
  requestedAt: number;
  /** When the copy begins (stage 2): the request instant, or later when queued. */
  startedAt: number;
  /** Wall-clock instant at which the plan ends. */
  endsAt: number;
}

export interface StartMigrationRequest {
  vmId: string;
  idempotencyKey?: string;
  destinationHostId: string;
  policy?: Policy;
  autoConverge?: boolean;
  downtimeLimitMs?: number;
  /** For tests and demos: make the destination or the link fail during the migration. */
  failure?: InjectedFailure;
  /**
   * Queue the copy to begin at this instant (wall-clock epoch ms), e.g. after the previous VM
   * of an evacuation has moved. The reservation is made at once either way.
   */
  startAt?: number;
}

export interface CreateVmRequest {
  idempotencyKey?: string;
  /** Chosen by the store (vm-<n>) when absent. */
  id?: string;
  applianceId: string;
  hostId: string;
  memoryMiB?: number;
  vcpus?: number;
  workload?: Workload;
}

export interface DeleteVmRequest {
  vmId: string;
  idempotencyKey?: string;
}

/** A VM as it was when it was deleted. Its migrations' records stay. */
export interface DeletedVm extends VmView {
  deletedAt: number;
}

export interface AdvanceReport {
  applied: { migrationId: string; kinds: TransitionKind[] }[];
}
