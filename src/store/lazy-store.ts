import type { Appliance, Host, HostState } from '../engine';
import type {
  AdvanceReport,
  CreateVmRequest,
  FleetStore,
  HostView,
  MigrationRecord,
  StartMigrationRequest,
  VmView,
  Written,
} from './port';

/**
 * A FleetStore whose adapter is made on first use: `load` runs when a record is first asked
 * for, once. The Lambda passes an `import()` of the DynamoDB adapter, which the bundle then
 * splits off, so a cold start whose first event reads nothing (help, greetings, a refusal)
 * never loads it. A unit of work asks the adapter for its own unit on its first call.
 */
export function lazyFleetStore(load: () => Promise<FleetStore>): FleetStore {
  let store: Promise<FleetStore> | undefined;
  return new DeferredStore(() => (store ??= load()));
}

class DeferredStore implements FleetStore {
  constructor(private readonly store: () => Promise<FleetStore>) {}

  unitOfWork(): FleetStore {
    let unit: Promise<FleetStore> | undefined;
    return new DeferredStore(() => (unit ??= this.store().then((store) => store.unitOfWork())));
  }

  async getVm(id: string): Promise<VmView | undefined> {
    return (await this.store()).getVm(id);
  }
  async listVms(): Promise<VmView[]> {
    return (await this.store()).listVms();
  }
  async listVmsOnHost(hostId: string): Promise<VmView[]> {
    return (await this.store()).listVmsOnHost(hostId);
  }
  async getHost(id: string): Promise<HostView | undefined> {
    return (await this.store()).getHost(id);
  }
  async listHosts(): Promise<HostView[]> {
    return (await this.store()).listHosts();
  }
  async getAppliance(id: string): Promise<Appliance | undefined> {
    return (await this.store()).getAppliance(id);
  }
  async listAppliances(): Promise<Appliance[]> {
    return (await this.store()).listAppliances();
  }
  async getMigration(id: string): Promise<MigrationRecord | undefined> {
    return (await this.store()).getMigration(id);
  }
  async listMigrationsForVm(vmId: string, limit?: number): Promise<MigrationRecord[]> {
    return (await this.store()).listMigrationsForVm(vmId, limit);
  }
  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    return (await this.store()).listMigrationsInFlight();
  }
  async startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    return (await this.store()).startMigration(request);
  }
  async advance(): Promise<AdvanceReport> {
    return (await this.store()).advance();
  }
  async createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    return (await this.store()).createVm(request);
  }
  async setHostState(hostId: string, state: HostState): Promise<HostView> {
    return (await this.store()).setHostState(hostId, state);
  }
  async idempotentResult(key: string): Promise<string | undefined> {
    return (await this.store()).idempotentResult(key);
  }
  async putHost(host: Host): Promise<boolean> {
    return (await this.store()).putHost(host);
  }
  async putAppliance(appliance: Appliance): Promise<boolean> {
    return (await this.store()).putAppliance(appliance);
  }
}
