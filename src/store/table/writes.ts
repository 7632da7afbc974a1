import type { HostState } from '../../engine';
import {
  allocate,
  hostsChangeAt,
  nextDueAt,
  release,
  reserve,
  type HostDelta,
  type TransitionOutcome,
} from '../domain';
import type { MigrationRecord, VmView } from '../port';
import {
  idempotencyItem,
  inFlightMark,
  migrationItem,
  pendingEntry,
  vmIndexKeys,
  vmItem,
  type IdempotencyRecord,
  type StoredVm,
} from './items';
import { gsi2, keys, TABLE, type Key } from './keys';
import type { Change, Comparator, Condition, Item, Write } from './persistence';

/**
 * The store's writes, from what the domain decided, as data: each named, and each carrying as
 * its condition what the decision was based on, so that of two writers working from the same
 * read exactly one succeeds and the other learns which record had changed.
 */

/** The idempotency record a write carries: under `key`, written at `now` (epoch ms). */
export interface IdempotencyWrite {
  key: string;
  record: IdempotencyRecord;
  now: number;
}

const itemExists: Condition = { exists: TABLE.partitionKey };
const itemAbsent: Condition = { absent: TABLE.partitionKey };
const is = (attribute: string, comparator: Comparator, value: unknown): Condition => ({
  attribute,
  is: comparator,
  value,
});
/** The host is active and has room for `need` (free counters are stored for this). */
const hasRoom = (need: { memoryMiB: number; vcpus: number }): Condition[] => [
  is('state', '=', 'active'),
  is('freeMemoryMiB', '>=', need.memoryMiB),
  is('freeVcpus', '>=', need.vcpus),
];

/**
 * Stages 0 and 1: the destination reserves the VM's room (it must be active with room), the VM
 * is marked (no migration in flight, still on its source, the version we read), the migration
 * is recorded, and both hosts note when the migration will move their counters.
 */
export function startWrites(m: MigrationRecord, vm: StoredVm, idempotency?: IdempotencyWrite) {
  const pending = {
    addToSet: { pending: [pendingEntry({ migrationId: m.id, at: hostsChangeAt(m) })] },
  };
  return {
    reservation: hostWrite(m.destinationHostId, reserve(m), pending, hasRoom(m)),
    vm: {
      update: keys.vm(m.vmId),
      change: { set: { migrationId: m.id, inFlight: inFlightMark(m) }, add: { version: 1 } },
      when: [
        { absent: 'migrationId' },
        is('hostId', '=', m.sourceHostId),
        is('version', '=', vm.version),
      ],
    },
    migration: { put: migrationItem(m, nextDueAt(m, 0)), when: [itemAbsent] },
    idempotency: idempotency && idempotencyWrite(idempotency),
    source: hostWrite(m.sourceHostId, {}, pending),
  } satisfies Record<string, Write | undefined>;
}

/**
 * One transaction that applies a batch of due transitions of `m`: the migration (the condition
 * is its `applied` counter, so of concurrent advancers exactly one succeeds), its VM (still
 * carrying this migration) and, at commitment or abort, both hosts' counters.
 */
export function transitionWrites(m: MigrationRecord, outcome: TransitionOutcome) {
  const { after } = outcome;
  const due = nextDueAt(m, after.applied);
  const migration: Change = {
    set: {
      applied: after.applied,
      stage: after.stage,
      status: after.status,
      ...(due === undefined ? {} : { [TABLE.gsi2.sortKey]: gsi2.dueSortKey(due, m.id) }),
      ...(after.abortReason ? { abortReason: after.abortReason } : {}),
    },
    append: { history: after.history.slice(m.history.length) },
    add: { version: 1 },
    ...(due === undefined ? { remove: [TABLE.gsi2.partitionKey, TABLE.gsi2.sortKey] } : {}),
  };

  const { moveTo, ends } = outcome.vm;
  const vm: Change = {
    set: {
      ...(moveTo ? { hostId: moveTo, ...vmIndexKeys(m.vmId, moveTo) } : {}),
      ...(ends ? { lastMigrationId: m.id } : { inFlight: inFlightMark(after) }),
    },
    add: { version: 1 },
    ...(ends ? { remove: ['migrationId', 'inFlight'] } : {}),
  };
  const vmWhen = [
    is('migrationId', '=', m.id),
    ...(moveTo ? [is('hostId', '=', m.sourceHostId)] : []),
  ];

  const settled = {
    deleteFromSet: { pending: [pendingEntry({ migrationId: m.id, at: hostsChangeAt(m) })] },
  };
  const hostChange = (hostId: string) =>
    outcome.settlesHosts
      ? hostWrite(hostId, outcome.hosts.find((h) => h.hostId === hostId)?.delta ?? {}, settled)
      : undefined;
  return {
    migration: {
      update: keys.migration(m.id),
      change: migration,
      when: [is('applied', '=', m.applied)],
    },
    vm: { update: keys.vm(m.vmId), change: vm, when: vmWhen },
    source: hostChange(m.sourceHostId),
    destination: hostChange(m.destinationHostId),
  } satisfies Record<string, Write | undefined>;
}

/** A new VM (its name must be free) and its room on the host (active, with room). */
export function createWrites(vm: VmView, idempotency?: IdempotencyWrite) {
  return {
    vm: { put: vmItem(vm, vm.createdAt), when: [itemAbsent] },
    host: hostWrite(vm.hostId, allocate(vm), {}, hasRoom(vm)),
    idempotency: idempotency && idempotencyWrite(idempotency),
  } satisfies Record<string, Write | undefined>;
}

/**
 * The VM goes (not migrating, as we read it) and its room goes back to its host. Its
 * migrations' records stay: the history of what happened to it.
 */
export function deleteWrites(vm: StoredVm, idempotency?: IdempotencyWrite) {
  return {
    vm: {
      delete: keys.vm(vm.id),
      when: [{ absent: 'migrationId' }, is('version', '=', vm.version)],
    },
    host: hostWrite(vm.hostId, release(vm)),
    idempotency: idempotency && idempotencyWrite(idempotency),
  } satisfies Record<string, Write | undefined>;
}

/** A host goes into maintenance or back; it must exist. */
export const hostStateWrite = (hostId: string, state: HostState): Write =>
  hostWrite(hostId, {}, { set: { state } });

/** Creates the item unless one with its key exists. */
export const putIfAbsent = (item: Item): Write => ({ put: item, when: [itemAbsent] });

/**
 * The index keys of an item that exists, unless they are these already: a host or appliance
 * written before they shared the FLEET partition is brought up to date.
 */
export function indexKeysWrite(key: Key, index: Item): Write {
  const sortKey = TABLE.gsi1.sortKey;
  return {
    update: key,
    change: { set: index },
    when: [itemExists, is(sortKey, '<>', index[sortKey])],
  };
}

/**
 * Moves a host's counters by `delta`; the host must exist. `more` adds to the change, `when` to
 * the conditions (room, state).
 */
function hostWrite(
  hostId: string,
  delta: HostDelta,
  more: Change = {},
  when: Condition[] = [],
): Write {
  return {
    update: keys.host(hostId),
    change: { ...more, add: { version: 1, ...delta } },
    when: [itemExists, ...when],
  };
}

/**
 * What a write made under an idempotency key produced, written with it. An expired record may
 * linger until TTL deletes it (up to days): it no longer counts, so it may be overwritten.
 * Without a result it is a fence: while it lives, the write with this key is refused.
 */
export function idempotencyWrite({ key, record, now }: IdempotencyWrite): Write & { put: Item } {
  return {
    put: idempotencyItem(key, record),
    when: [{ anyOf: [itemAbsent, is(TABLE.ttlAttribute, '<', now / 1000)] }],
  };
}
