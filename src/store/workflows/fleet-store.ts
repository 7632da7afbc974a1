import type { Appliance, Host, HostState } from '../../engine';
import type {
  AdvanceReport,
  CreateVmRequest,
  DeletedVm,
  DeleteVmRequest,
  FleetStore,
  HostView,
  MigrationRecord,
  StartMigrationRequest,
  VmView,
  Written,
} from '../port';
import { publicHost, publicVm } from '../table/items';
import { gsi1, gsi2, TABLE } from '../table/keys';
import type { Item } from '../table/persistence';
import type { StoreContext } from './context';
import { createVm } from './create-vm';
import { deleteVm } from './delete-vm';
import { advance, putAppliance, putHost, setHostState } from './fleet-writes';
import { idempotentResult, settleWrite } from './idempotency';
import { startMigration } from './start-migration';
import { Unit } from './unit';

/**
 * The FleetStore on any Table (the persistence interface): the workflows are written once, here
 * and in the modules beside, and the adapters (DynamoDB, in memory) only carry out reads,
 * queries, conditional writes and transactions. The store itself gives every call a unit of
 * work of its own, so that a call never sees an earlier call's reads; `unitOfWork()` keeps one
 * for a whole request (one Lambda invocation): each item read at most once, the request's own
 * writes updating what it read. What it returns is what it holds: read-only to the caller.
 */
export class TableFleetStore implements FleetStore {
  constructor(
    private readonly context: StoreContext,
    /** The unit every call works on, for a unit of work; none for the store itself. */
    private readonly kept?: Unit,
  ) {}

  unitOfWork(): FleetStore {
    return this.kept ? this : new TableFleetStore(this.context, new Unit(this.context));
  }

  /** The unit this call works on. */
  private unit(): Unit {
    return this.kept ?? new Unit(this.context);
  }

  // ---- reads: what is due applied first --------------------------------------------------

  async getVm(id: string): Promise<VmView | undefined> {
    const vm = await this.unit().vm(id);
    return vm && publicVm(vm);
  }

  async listVms(): Promise<VmView[]> {
    const unit = this.unit();
    const ids = await unit.records.allVmIds();
    const vms = await Promise.all(ids.map((id) => unit.vm(id)));
    return vms.filter((v) => v !== undefined).map(publicVm);
  }

  async listVmsOnHost(hostId: string): Promise<VmView[]> {
    return (await this.listVms()).filter((v) => v.hostId === hostId);
  }

  async getHost(id: string): Promise<HostView | undefined> {
    const host = (await this.unit().hosts()).get(id);
    return host && publicHost(host);
  }

  async listHosts(): Promise<HostView[]> {
    return [...(await this.unit().hosts()).values()].map(publicHost);
  }

  async getAppliance(id: string): Promise<Appliance | undefined> {
    return (await this.unit().records.fleetRecords()).appliances.get(id);
  }

  async listAppliances(): Promise<Appliance[]> {
    return [...(await this.unit().records.fleetRecords()).appliances.values()];
  }

  async getMigration(id: string): Promise<MigrationRecord | undefined> {
    const unit = this.unit();
    const m = await unit.records.migration(id);
    return m && unit.migrationNow(m);
  }

  async listMigrationsForVm(vmId: string, limit = 10): Promise<MigrationRecord[]> {
    const unit = this.unit();
    const items = await unit.table.query({
      index: TABLE.gsi1.name,
      partition: gsi1.migrationsOfVm(vmId),
      beginsWith: gsi1.migrationPrefix,
      descending: true,
      limit,
    });
    return migrationsNow(unit, items);
  }

  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    const unit = this.unit();
    const items = await unit.table.query({ index: TABLE.gsi2.name, partition: gsi2.inFlight });
    return (await migrationsNow(unit, items)).filter((m) => m.status === 'in-flight');
  }

  idempotentResult(key: string): Promise<string | undefined> {
    return idempotentResult(this.unit(), key);
  }

  // ---- writes: the workflows -------------------------------------------------------------

  startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    return startMigration(this.unit(), request);
  }

  advance(): Promise<AdvanceReport> {
    return advance(this.unit());
  }

  createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    return createVm(this.unit(), request);
  }

  deleteVm(request: DeleteVmRequest): Promise<Written<DeletedVm>> {
    return deleteVm(this.unit(), request);
  }

  setHostState(hostId: string, state: HostState): Promise<HostView> {
    return setHostState(this.unit(), hostId, state);
  }

  settleWrite(key: string): Promise<string | undefined> {
    return settleWrite(this.unit(), key);
  }

  putHost(host: Host): Promise<boolean> {
    return putHost(this.unit(), host);
  }

  putAppliance(appliance: Appliance): Promise<boolean> {
    return putAppliance(this.unit(), appliance);
  }
}

/** Migrations read by a query, as of now (what the unit holds of them already wins). */
async function migrationsNow(unit: Unit, items: Item[]): Promise<MigrationRecord[]> {
  const found = await Promise.all(items.map((i) => unit.records.knownMigration(i)));
  return Promise.all(found.map((m) => unit.migrationNow(m)));
}
