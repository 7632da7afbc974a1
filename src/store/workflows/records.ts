import type { Appliance } from '../../engine';
import {
  allocate,
  hostsChangeAt,
  release,
  reserve,
  withDelta,
  type TransitionOutcome,
} from '../domain';
import type { MigrationRecord, VmView } from '../port';
import {
  applianceFromItem,
  hostFromItem,
  idempotencyFromItem,
  inFlightMark,
  migrationFromItem,
  vmFromItem,
  type IdempotencyRecord,
  type StoredHost,
  type StoredVm,
} from '../table/items';
import { gsi1, keys, TABLE } from '../table/keys';
import type { Item, Table } from '../table/persistence';
import { KeyReads } from './key-reads';

export interface Fleet {
  hosts: Map<string, StoredHost>;
  appliances: Map<string, Appliance>;
}

/**
 * What one unit of work has read, each item at most once, kept true by the unit's own writes:
 *
 * - Hosts and appliances come from one query of the FLEET partition, made the first time any of
 *   them is asked for.
 * - Other items are read by key; the reads asked for together go out as one read of the table.
 * - The first read of an item wins over later query results for it (an index may lag behind the
 *   table; our own writes are already here).
 *
 * Records as stored: applying what has fallen due is the Unit's (unit.ts).
 */
export class UnitRecords {
  private readonly reads: KeyReads;
  private fleet?: Promise<Fleet>;
  private readonly vms = new Map<string, Promise<StoredVm | undefined>>();
  /** The ids of all VMs, once listed (with the VMs created and deleted since). */
  private listed?: Promise<string[]>;
  private readonly migrations = new Map<string, Promise<MigrationRecord | undefined>>();
  private readonly idempotency = new Map<string, Promise<IdempotencyRecord | undefined>>();

  constructor(private readonly table: Table) {
    this.reads = new KeyReads(table);
  }

  /** Hosts and appliances: one query of the FLEET partition, once. */
  fleetRecords(): Promise<Fleet> {
    this.fleet ??= this.table
      .query({ index: TABLE.gsi1.name, partition: gsi1.fleet })
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

  vm(id: string): Promise<StoredVm | undefined> {
    return this.held(this.vms, id, () =>
      this.reads.get(keys.vm(id)).then((i) => i && vmFromItem(i)),
    );
  }

  setVm(vm: StoredVm): void {
    this.vms.set(vm.id, Promise.resolve(vm));
  }

  /** Another writer changed the VM: the next read asks the table again. */
  forgetVm(id: string): void {
    this.vms.delete(id);
  }

  /** The ids of all VMs: from a query of the VMS partition once, then from what this unit did. */
  allVmIds(): Promise<string[]> {
    this.listed ??= this.table
      .query({ index: TABLE.gsi1.name, partition: gsi1.vms })
      .then((items) =>
        items.map((item) => {
          const vm = vmFromItem(item);
          if (!this.vms.has(vm.id)) this.setVm(vm);
          return vm.id;
        }),
      );
    return this.listed;
  }

  /** The names of the VMs, to choose the next: the VMs listed already, or only their ids. */
  async takenNames(options: { fresh?: boolean } = {}): Promise<string[]> {
    if (this.listed && !options.fresh) return this.listed;
    const items = await this.table.query({
      index: TABLE.gsi1.name,
      partition: gsi1.vms,
      attributes: ['id'],
    });
    return items.map((i) => String(i.id));
  }

  migration(id: string): Promise<MigrationRecord | undefined> {
    return this.held(this.migrations, id, () => this.readMigration(id));
  }

  /** What this unit holds of a migration, without reading it. */
  heldMigration(id: string): Promise<MigrationRecord | undefined> | undefined {
    return this.migrations.get(id);
  }

  setMigration(m: MigrationRecord): void {
    this.migrations.set(m.id, Promise.resolve(m));
  }

  /** A migration read by a query: what this unit holds of it already, if anything, wins. */
  async knownMigration(item: Item): Promise<MigrationRecord> {
    const m = migrationFromItem(item);
    const held = await this.migrations.get(m.id);
    if (held && held.applied >= m.applied) return held;
    this.setMigration(m);
    return m;
  }

  /** A migration as the table holds it now (not what this unit holds). */
  async readMigration(id: string): Promise<MigrationRecord | undefined> {
    const item = await this.reads.get(keys.migration(id));
    return item && migrationFromItem(item);
  }

  /** The idempotency record under `key`: once per unit, or `fresh` from the table. */
  record(key: string, options: { fresh?: boolean } = {}): Promise<IdempotencyRecord | undefined> {
    if (options.fresh) this.idempotency.delete(key);
    return this.held(this.idempotency, key, () =>
      this.reads.get(keys.idempotency(key)).then((i) => i && idempotencyFromItem(i)),
    );
  }

  /** The idempotency record under `key` if this unit has read it already, without reading. */
  heldRecord(key: string): Promise<IdempotencyRecord | undefined> | undefined {
    return this.idempotency.get(key);
  }

  setRecord(key: string, record: IdempotencyRecord): void {
    this.idempotency.set(key, Promise.resolve(record));
  }

  /** A host as the table holds it now, which this unit then holds. */
  async readHost(id: string): Promise<StoredHost | undefined> {
    const item = await this.reads.get(keys.host(id));
    const host = item && hostFromItem(item);
    if (host) this.updateHost(id, () => host);
    return host;
  }

  /** Reads these hosts again, after another writer changed them (nothing before the fleet). */
  async refreshHosts(ids: string[]): Promise<void> {
    if (this.fleet) await Promise.all(ids.map((id) => this.readHost(id)));
  }

  // ---- keeping what was read true after the unit's own writes --------------------------------

  absorbStart(m: MigrationRecord): void {
    this.setMigration(m);
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

  absorbTransitions(m: MigrationRecord, outcome: TransitionOutcome): void {
    const { after } = outcome;
    this.setMigration(after);
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

  absorbCreation(vm: VmView): void {
    this.setVm({ ...vm, version: 1 });
    if (this.listed) this.listed = this.listed.then((ids) => [...ids, vm.id]);
    this.updateHost(vm.hostId, (h) => ({ ...withDelta(h, allocate(vm)), version: h.version + 1 }));
  }

  absorbDeletion(vm: VmView): void {
    this.vms.set(vm.id, Promise.resolve(undefined));
    if (this.listed) this.listed = this.listed.then((ids) => ids.filter((id) => id !== vm.id));
    this.updateHost(vm.hostId, (h) => ({ ...withDelta(h, release(vm)), version: h.version + 1 }));
  }

  updateHost(id: string, change: (host: StoredHost) => StoredHost): void {
    this.changeFleet((fleet) => {
      const host = fleet.hosts.get(id);
      if (host) fleet.hosts.set(id, change(host));
    });
  }

  /** Changes the hosts and appliances this unit holds (nothing to do before it read them). */
  changeFleet(change: (fleet: Fleet) => void): void {
    this.fleet = this.fleet?.then((fleet) => {
      change(fleet);
      return fleet;
    });
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

  private held<T>(map: Map<string, Promise<T>>, id: string, read: () => Promise<T>): Promise<T> {
    let value = map.get(id);
    if (!value) {
      value = read();
      map.set(id, value);
    }
    return value;
  }
}
