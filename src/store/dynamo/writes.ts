import {
  allocate,
  hostsChangeAt,
  nextDueAt,
  reserve,
  type HostDelta,
  type TransitionOutcome,
} from '../domain';
import type { MigrationRecord, VmView } from '../port';
import { expr, type ExpressionBuilder } from './expressions';
import {
  inFlightMark,
  migrationItem,
  pendingEntry,
  vmIndexKeys,
  vmItem,
  type Item,
  type StoredVm,
} from './items';
import { gsi2, keys } from './schema';
import type { Write } from './transact';

/**
 * The transactions of the store, from what the domain decided: each write named, and each
 * carrying as its condition what the decision was based on, so that of two writers working
 * from the same read exactly one succeeds and the other learns which record had changed.
 */

export interface IdempotencyRecord {
  key: string;
  /** Absent for a fence: the key is taken, by a write that never happened (settleWrite). */
  resultId?: string;
  /** Wall-clock epoch ms of the write. */
  now: number;
  ttlSeconds: number;
}

/**
 * Stages 0 and 1: the destination reserves the VM's room (it must be active with room), the VM
 * is marked (no migration in flight, still on its source, the version we read), the migration
 * is recorded, and both hosts note when the migration will move their counters.
 */
export function startWrites(m: MigrationRecord, vm: StoredVm, idempotency?: IdempotencyRecord) {
  const change = pendingEntry({ migrationId: m.id, at: hostsChangeAt(m) });
  const markVm = expr()
    .set('migrationId', m.id)
    .set('inFlight', inFlightMark(m))
    .add('version', 1)
    .whereNotExists('migrationId')
    .where('hostId', '=', m.sourceHostId)
    .where('version', '=', vm.version);
  return {
    reservation: hostWrite(m.destinationHostId, reserve(m), (b) =>
      b
        .addToSet('pending', [change])
        .where('state', '=', 'active')
        .where('freeMemoryMiB', '>=', m.memoryMiB)
        .where('freeVcpus', '>=', m.vcpus),
    ),
    vm: { update: keys.vm(m.vmId), expression: markVm.buildUpdate() },
    migration: {
      put: migrationItem(m, nextDueAt(m, 0)),
      expression: { ConditionExpression: 'attribute_not_exists(PK)' },
    },
    idempotency: idempotency && idempotencyWrite(idempotency),
    source: hostWrite(m.sourceHostId, {}, (b) => b.addToSet('pending', [change])),
  } satisfies Record<string, Write | undefined>;
}

/**
 * One transaction that applies a batch of due transitions of `m`: the migration (the condition
 * is its `applied` counter, so of concurrent advancers exactly one succeeds), its VM (still
 * carrying this migration) and, at commitment or abort, both hosts' counters.
 */
export function transitionWrites(m: MigrationRecord, outcome: TransitionOutcome) {
  const { after } = outcome;
  const migration = expr()
    .set('applied', after.applied)
    .set('stage', after.stage)
    .set('status', after.status)
    .append('history', after.history.slice(m.history.length))
    .add('version', 1)
    .where('applied', '=', m.applied);
  const due = nextDueAt(m, after.applied);
  if (due === undefined) migration.remove('GSI2PK', 'GSI2SK');
  else migration.set('GSI2SK', gsi2.dueSortKey(due, m.id));
  if (after.abortReason) migration.set('abortReason', after.abortReason);

  const vm = expr().add('version', 1).where('migrationId', '=', m.id);
  if (outcome.vm.moveTo) {
    vm.set('hostId', outcome.vm.moveTo)
      .set('GSI1SK', vmIndexKeys(m.vmId, outcome.vm.moveTo).GSI1SK)
      .where('hostId', '=', m.sourceHostId);
  }
  if (outcome.vm.ends) vm.set('lastMigrationId', m.id).remove('migrationId', 'inFlight');
  else vm.set('inFlight', inFlightMark(after));

  const change = [pendingEntry({ migrationId: m.id, at: hostsChangeAt(m) })];
  const hostChange = (hostId: string) =>
    outcome.settlesHosts
      ? hostWrite(hostId, outcome.hosts.find((h) => h.hostId === hostId)?.delta ?? {}, (b) =>
          b.deleteFromSet('pending', change),
        )
      : undefined;
  return {
    migration: { update: keys.migration(m.id), expression: migration.buildUpdate() },
    vm: { update: keys.vm(m.vmId), expression: vm.buildUpdate() },
    source: hostChange(m.sourceHostId),
    destination: hostChange(m.destinationHostId),
  } satisfies Record<string, Write | undefined>;
}

/** A new VM (its name must be free) and its room on the host (active, with room). */
export function createWrites(vm: VmView, idempotency?: IdempotencyRecord) {
  const need = { memoryMiB: vm.memoryMiB, vcpus: vm.vcpus };
  return {
    vm: {
      put: vmItem(vm, vm.createdAt),
      expression: { ConditionExpression: 'attribute_not_exists(PK)' },
    },
    host: hostWrite(vm.hostId, allocate(need), (b) =>
      b
        .where('state', '=', 'active')
        .where('freeMemoryMiB', '>=', need.memoryMiB)
        .where('freeVcpus', '>=', need.vcpus),
    ),
    idempotency: idempotency && idempotencyWrite(idempotency),
  } satisfies Record<string, Write | undefined>;
}

/**
 * Moves a host's counters by `delta`; the host must exist. `more` adds to the update and its
 * conditions (room, state, pending changes).
 */
function hostWrite(hostId: string, delta: HostDelta, more?: (b: ExpressionBuilder) => void): Write {
  const update = expr().add('version', 1).whereExists('PK');
  for (const [counter, d] of Object.entries(delta)) update.add(counter, d);
  more?.(update);
  return { update: keys.host(hostId), expression: update.buildUpdate() };
}

/**
 * What a write made under an idempotency key produced, written with it. An expired record may
 * linger until TTL deletes it (up to days): it no longer counts, so it may be overwritten.
 * Without a result it is a fence: while it lives, the write with this key is refused.
 */
export function idempotencyWrite(r: IdempotencyRecord): Write & { put: Item } {
  const record: Item = {
    ...keys.idempotency(r.key),
    type: 'idempotency',
    ...(r.resultId === undefined ? {} : { resultId: r.resultId }),
    expiresAt: Math.floor(r.now / 1000) + r.ttlSeconds,
  };
  return {
    put: record,
    expression: {
      ConditionExpression: 'attribute_not_exists(PK) OR #expiresAt < :now',
      ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':now': r.now / 1000 },
    },
  };
}
