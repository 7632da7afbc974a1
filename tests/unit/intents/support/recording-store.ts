import {
  NO_USAGE,
  freeCapacity,
  planMigration,
  precopyParamsFor,
  wallClockAt,
  type Appliance,
  type Host,
  type HostUsage,
  type Vm,
} from '../../../../src/engine';
import {
  DEMO_APPLIANCES,
  DEMO_HOSTS,
  DEMO_VMS,
  type AdvanceReport,
  type CreateVmRequest,
  type FleetStore,
  type HostView,
  type MigrationRecord,
  type StartMigrationRequest,
  type VmView,
  type Written,
} from '../../../../src/store';

/** A write the intents asked for: the method and its arguments. */
export interface RecordedWrite {
  method: 'startMigration' | 'advance' | 'createVm' | 'setHostState' | 'putHost' | 'putAppliance';
  args: unknown[];
}

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

/**
 * A FleetStore without a database: reads answer from the demo fleet (as `vmbot seed` loads it,
 * nothing migrating), writes are recorded and answered plausibly but change nothing, so that
 * every call sees the same fleet. For tests that check what the intents would write.
 */
export class RecordingStore implements FleetStore {
  readonly writes: RecordedWrite[] = [];
  private readonly hosts = new Map<string, Host>(DEMO_HOSTS.map((h) => [h.id, h]));
  private readonly appliances = new Map<string, Appliance>(DEMO_APPLIANCES.map((a) => [a.id, a]));
  private readonly vms = new Map<string, VmView>(
    DEMO_VMS.map((v) => {
      const appliance = this.appliances.get(v.applianceId)!;
      const host = this.hosts.get(v.hostId)!;
      const vm: VmView = {
        id: v.id,
        hostId: v.hostId,
        applianceId: v.applianceId,
        memoryMiB: appliance.memoryMiB,
        vcpus: appliance.vcpus,
        cpuFeatureLevel: host.cpuFeatureLevel,
        workload: appliance.workload,
        createdAt: T0,
      };
      return [v.id, vm];
    }),
  );

  constructor(private readonly now: () => number = () => T0) {}

  // ---- reads: copies, so that a caller changing a result changes nothing here ----------------

  async getVm(id: string) {
    const vm = this.vms.get(id);
    return vm && structuredClone(vm);
  }
  async listVms() {
    return [...this.vms.values()].map((v) => structuredClone(v));
  }
  async listVmsOnHost(hostId: string) {
    return (await this.listVms()).filter((v) => v.hostId === hostId);
  }
  async getHost(id: string) {
    const host = this.hosts.get(id);
    return host && this.view(host);
  }
  async listHosts() {
    return [...this.hosts.values()].map((h) => this.view(h));
  }
  async getAppliance(id: string) {
    const a = this.appliances.get(id);
    return a && structuredClone(a);
  }
  async listAppliances() {
    return [...this.appliances.values()].map((a) => structuredClone(a));
  }
  async getMigration(): Promise<MigrationRecord | undefined> {
    return undefined;
  }
  async listMigrationsForVm(): Promise<MigrationRecord[]> {
    return [];
  }
  async idempotentResult(): Promise<string | undefined> {
    return undefined;
  }
  /** Nothing is ever written here, so an earlier write never went through. */
  async settleWrite(): Promise<string | undefined> {
    return undefined;
  }

  async listMigrationsInFlight(): Promise<MigrationRecord[]> {
    return [];
  }

  // ---- writes: recorded, answered, not applied -----------------------------------------------

  async startMigration(request: StartMigrationRequest): Promise<Written<MigrationRecord>> {
    this.record('startMigration', request);
    const vm = this.vms.get(request.vmId);
    const source = vm && this.hosts.get(vm.hostId);
    const destination = this.hosts.get(request.destinationHostId);
    if (!vm || !source || !destination) throw new Error('startMigration: unknown VM or host');
    const startedAt = Math.max(this.now(), request.startAt ?? 0);
    const plan = planMigration({
      precopy: precopyParamsFor(vm, source, destination, request),
      startedAt,
      timeScale: 1,
    });
    const record: MigrationRecord = {
      id: `mig-recorded-${this.writes.length}`,
      vmId: vm.id,
      sourceHostId: source.id,
      destinationHostId: destination.id,
      memoryMiB: vm.memoryMiB,
      vcpus: vm.vcpus,
      applianceId: vm.applianceId,
      status: plan.outcome === 'completed' ? 'in-flight' : 'aborted',
      stage: 2,
      applied: 0,
      plan,
      history: [],
      requestedAt: this.now(),
      startedAt,
      endsAt: wallClockAt(plan, plan.endMs),
    };
    if (plan.outcome !== 'completed') record.abortReason = plan.abortReason;
    return { value: record, replayed: false };
  }

  async advance(): Promise<AdvanceReport> {
    this.record('advance');
    return { applied: [] };
  }

  async createVm(request: CreateVmRequest): Promise<Written<VmView>> {
    this.record('createVm', request);
    const appliance = this.appliances.get(request.applianceId);
    const host = this.hosts.get(request.hostId);
    if (!appliance || !host) throw new Error('createVm: unknown appliance or host');
    const vm: Vm = {
      id: request.id ?? `vm-${this.vms.size + 1}`,
      hostId: host.id,
      applianceId: appliance.id,
      memoryMiB: request.memoryMiB ?? appliance.memoryMiB,
      vcpus: request.vcpus ?? appliance.vcpus,
      cpuFeatureLevel: host.cpuFeatureLevel,
      workload: request.workload ?? appliance.workload,
    };
    return { value: { ...vm, createdAt: this.now() }, replayed: false };
  }

  async setHostState(hostId: string, state: Host['state']): Promise<HostView> {
    this.record('setHostState', hostId, state);
    const host = this.hosts.get(hostId);
    if (!host) throw new Error('setHostState: unknown host');
    return this.view({ ...host, state });
  }

  async putHost(host: Host): Promise<boolean> {
    this.record('putHost', host);
    return false;
  }

  async putAppliance(appliance: Appliance): Promise<boolean> {
    this.record('putAppliance', appliance);
    return false;
  }

  private record(method: RecordedWrite['method'], ...args: unknown[]): void {
    this.writes.push({ method, args: structuredClone(args) });
  }

  private view(host: Host): HostView {
    const mine = [...this.vms.values()].filter((v) => v.hostId === host.id);
    const usage: HostUsage = {
      ...NO_USAGE,
      allocatedMemoryMiB: mine.reduce((t, v) => t + v.memoryMiB, 0),
      allocatedVcpus: mine.reduce((t, v) => t + v.vcpus, 0),
    };
    return { ...structuredClone(host), usage, free: freeCapacity(host, usage) };
  }
}
