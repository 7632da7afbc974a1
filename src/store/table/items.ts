import type { Appliance, Host, HostUsage, StageIndex, Vm } from '../../engine';
import { nextDueAt } from '../domain';
import type { DeletedVm, HostView, MigrationRecord, VmView } from '../port';
import { gsi1, gsi2, indexKeys, keys, TABLE } from './keys';
import type { Item } from './persistence';

/**
 * Domain records <-> the table's items. Hosts carry their usage and their free room as
 * attributes: DynamoDB conditions cannot do arithmetic, so "free >= needed" must be a stored
 * number that every allocation and reservation moves together with the counters it derives from.
 *
 * Each item also says when a migration changes it next, so that a read knows without asking
 * anything else whether what it read is still true now: a VM carries its migration in flight
 * (where to, the stage, when the next transition falls due), a host the instants at which the
 * migrations touching it move its counters (commitment or abort).
 */

/** A migration that moves a host's counters at instant `at` (wall-clock epoch ms). */
export interface PendingChange {
  migrationId: string;
  at: number;
}

export type StoredHost = HostView & { version: number; pending: PendingChange[] };

/** What a VM's item says of its migration in flight. */
export interface InFlightMark {
  destinationHostId: string;
  stage: StageIndex;
  /** When the migration's next transition falls due: the mark holds until then. */
  nextDueAt: number;
}

export type StoredVm = VmView & { version: number; migrationId?: string; inFlight?: InFlightMark };

/** What a write made under an idempotency key produced; no result: a fence (settleWrite). */
export interface IdempotencyRecord {
  resultId?: string;
  /** What the write returned, for a replay when it cannot be read again (a deleted VM). */
  result?: DeletedVm;
  /** Epoch seconds after which the record no longer counts (the table's TTL attribute). */
  expiresAt: number;
}

export function hostItem(host: Host): Item {
  return {
    ...keys.host(host.id),
    ...fleetIndexKeys(host),
    type: 'host',
    ...host,
    allocatedMemoryMiB: 0,
    allocatedVcpus: 0,
    reservedMemoryMiB: 0,
    reservedVcpus: 0,
    freeMemoryMiB: host.memoryMiB,
    freeVcpus: host.vcpuCapacity,
    version: 1,
  };
}

/** Hosts and appliances: one GSI1 partition, so that one query reads them all. */
export function fleetIndexKeys(record: Host | Appliance): Item {
  const sortKey = 'family' in record ? gsi1.hostSortKey : gsi1.applianceSortKey;
  return indexKeys(TABLE.gsi1, gsi1.fleet, sortKey(record.id));
}

/** The entry of a string set that says `change` is pending: sortable by time, then id. */
export const pendingEntry = (change: PendingChange): string =>
  gsi2.dueSortKey(change.at, change.migrationId);

export function hostFromItem(item: Item): StoredHost {
  const usage: HostUsage = {
    allocatedMemoryMiB: num(item.allocatedMemoryMiB),
    allocatedVcpus: num(item.allocatedVcpus),
    reservedMemoryMiB: num(item.reservedMemoryMiB),
    reservedVcpus: num(item.reservedVcpus),
  };
  return {
    id: str(item.id),
    family: item.family as Host['family'],
    technique: item.technique as Host['technique'],
    cpuVendor: item.cpuVendor as Host['cpuVendor'],
    cpuFeatureLevel: num(item.cpuFeatureLevel),
    vcpuCapacity: num(item.vcpuCapacity),
    memoryMiB: num(item.memoryMiB),
    bandwidthMiBps: num(item.bandwidthMiBps),
    state: item.state as Host['state'],
    usage,
    free: { memoryMiB: num(item.freeMemoryMiB), vcpus: num(item.freeVcpus) },
    version: num(item.version),
    pending: [...((item.pending as Set<string> | undefined) ?? [])].map((entry) => {
      const [at, migrationId] = entry.split(/#(.*)/s);
      return { at: Number(at), migrationId: migrationId! };
    }),
  };
}

/** The host as the port shows it: without what only the store needs. */
export function publicHost(host: StoredHost): HostView {
  const { version: _version, pending: _pending, ...view } = host;
  return view;
}

export function vmItem(vm: Vm, createdAt: number): Item {
  return {
    ...keys.vm(vm.id),
    ...vmIndexKeys(vm.id, vm.hostId),
    type: 'vm',
    ...vm,
    createdAt,
    version: 1,
  };
}

/** VMs sit in one GSI1 partition sorted by host: all VMs, or one host's, in one query. */
export function vmIndexKeys(vmId: string, hostId: string): Item {
  return indexKeys(TABLE.gsi1, gsi1.vms, gsi1.vmSortKey(hostId, vmId));
}

export function vmFromItem(item: Item): StoredVm {
  const view: StoredVm = {
    id: str(item.id),
    hostId: str(item.hostId),
    vcpus: num(item.vcpus),
    memoryMiB: num(item.memoryMiB),
    applianceId: str(item.applianceId),
    cpuFeatureLevel: num(item.cpuFeatureLevel),
    workload: item.workload as Vm['workload'],
    createdAt: num(item.createdAt),
    version: num(item.version),
  };
  if (typeof item.migrationId === 'string') view.migrationId = item.migrationId;
  if (typeof item.lastMigrationId === 'string') view.lastMigrationId = item.lastMigrationId;
  if (item.inFlight && typeof item.inFlight === 'object') {
    const mark = item.inFlight as Item;
    view.inFlight = {
      destinationHostId: str(mark.destinationHostId),
      stage: num(mark.stage) as StageIndex,
      nextDueAt: num(mark.nextDueAt),
    };
  }
  return view;
}

/** The VM as the port shows it: its migration in flight from its mark, nothing store-only. */
export function publicVm(vm: StoredVm): VmView {
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

/** What the VM's item says of `m` while it is in flight. */
export function inFlightMark(m: MigrationRecord): InFlightMark {
  return {
    destinationHostId: m.destinationHostId,
    stage: m.stage,
    nextDueAt: nextDueAt(m, m.applied) ?? m.endsAt,
  };
}

export function applianceItem(a: Appliance): Item {
  return {
    ...keys.appliance(a.id),
    ...fleetIndexKeys(a),
    type: 'appliance',
    ...a,
  };
}

export function applianceFromItem(item: Item): Appliance {
  return {
    id: str(item.id),
    name: str(item.name),
    os: str(item.os),
    applications: (item.applications as string[]) ?? [],
    memoryMiB: num(item.memoryMiB),
    vcpus: num(item.vcpus),
    workload: item.workload as Appliance['workload'],
  };
}

export function migrationItem(m: MigrationRecord, nextDueAt: number | undefined): Item {
  return {
    ...keys.migration(m.id),
    ...indexKeys(TABLE.gsi1, gsi1.migrationsOfVm(m.vmId), gsi1.migrationSortKey(m.startedAt, m.id)),
    ...(nextDueAt === undefined
      ? {}
      : indexKeys(TABLE.gsi2, gsi2.inFlight, gsi2.dueSortKey(nextDueAt, m.id))),
    type: 'migration',
    ...m,
    version: 1,
  };
}

export function migrationFromItem(item: Item): MigrationRecord {
  const m: MigrationRecord = {
    id: str(item.id),
    vmId: str(item.vmId),
    sourceHostId: str(item.sourceHostId),
    destinationHostId: str(item.destinationHostId),
    memoryMiB: num(item.memoryMiB),
    vcpus: num(item.vcpus),
    applianceId: str(item.applianceId),
    status: item.status as MigrationRecord['status'],
    stage: num(item.stage) as MigrationRecord['stage'],
    applied: num(item.applied),
    plan: item.plan as MigrationRecord['plan'],
    history: (item.history as MigrationRecord['history']) ?? [],
    requestedAt: num(item.requestedAt ?? item.startedAt),
    startedAt: num(item.startedAt),
    endsAt: num(item.endsAt),
  };
  if (typeof item.abortReason === 'string')
    m.abortReason = item.abortReason as MigrationRecord['abortReason'];
  return m;
}

export function idempotencyItem(key: string, record: IdempotencyRecord): Item {
  return {
    ...keys.idempotency(key),
    type: 'idempotency',
    ...(record.resultId === undefined ? {} : { resultId: record.resultId }),
    ...(record.result === undefined ? {} : { result: record.result }),
    [TABLE.ttlAttribute]: record.expiresAt,
  };
}

export function idempotencyFromItem(item: Item): IdempotencyRecord {
  return {
    ...(typeof item.resultId === 'string' ? { resultId: item.resultId } : {}),
    ...(item.result && typeof item.result === 'object' ? { result: item.result as DeletedVm } : {}),
    expiresAt: num(item[TABLE.ttlAttribute]),
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : String(v ?? '');
}
