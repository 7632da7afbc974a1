import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Appliance, Host, HostState } from '../../engine';
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
import { DynamoTable } from './table';
import { DynamoUnitOfWork, type StoreContext } from './unit';

export interface DynamoFleetStoreOptions {
  client: DynamoDBClient;
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

/**
 * The FleetStore on one DynamoDB table (see schema.ts for the key design). Long-lived (one per
 * Lambda container); each request works on its own `unitOfWork()`. A call made on the store
 * itself is a unit of work of its own, so it never sees an earlier call's reads.
 */
export class DynamoFleetStore implements FleetStore {
  private readonly context: StoreContext;

  constructor(options: DynamoFleetStoreOptions) {
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0)
      throw new RangeError('time scale must be a positive number');
    this.context = {
      table: new DynamoTable(options.client, options.tableName),
      now: options.clock ?? Date.now,
      timeScale,
      faults: options.faults ?? (async () => {}),
      idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? 3600,
    };
  }

  unitOfWork(): FleetStore {
    return new DynamoUnitOfWork(this.context);
  }

  getVm(id: string): Promise<VmView | undefined> {
    return this.unitOfWork().getVm(id);
  }
  listVms(): Promise<VmView[]> {
    return this.unitOfWork().listVms();
  }
  listVmsOnHost(hostId: string): Promise<VmView[]> {
    return this.unitOfWork().listVmsOnHost(hostId);
  }
  getHost(id: string): Promise<HostView | undefined> {
    return this.unitOfWork().getHost(id);
  }
  listHosts(): Promise<HostView[]> {
    return this.unitOfWork().listHosts();
  }
  getAppliance(id: string): Promise<Appliance | undefined> {
    return this.unitOfWork().getAppliance(id);
  }
  listAppliances(): Promise<Appliance[]> {
    return this.unitOfWork().listAppliances();
  }
  getMigration(id: string): Promise<MigrationRecord | undefined> {
    return this.unitOfWork().getMigration(id);
  }
  listMigrationsForVm(vmId: string, limit?: number): Promise<MigrationRecord[]> {
    return this.unitOfWork().listMigrationsForVm(vmId, limit);
  }
  listMigrationsInFlight(): Promise<MigrationRecord[]> {
    return this.unitOfWork().listMigrationsInFlight();
  }
  startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    return this.unitOfWork().startMigration(request);
  }
  advance(): Promise<AdvanceReport> {
    return this.unitOfWork().advance();
  }
  createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    return this.unitOfWork().createVm(request);
  }
  setHostState(hostId: string, state: HostState): Promise<HostView> {
    return this.unitOfWork().setHostState(hostId, state);
  }
  idempotentResult(key: string): Promise<string | undefined> {
    return this.unitOfWork().idempotentResult(key);
  }
  settleWrite(key: string): Promise<string | undefined> {
    return this.unitOfWork().settleWrite(key);
  }
  putHost(host: Host): Promise<boolean> {
    return this.unitOfWork().putHost(host);
  }
  putAppliance(appliance: Appliance): Promise<boolean> {
    return this.unitOfWork().putAppliance(appliance);
  }
}
