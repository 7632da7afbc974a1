import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { wallClockAt, type Transition } from '../../engine';
import type { MigrationRecord, StageEvent } from '../port';
import { vmIndexKeys } from './items';
import { expr, type ExpressionBuilder } from './expressions';
import { gsi2, keys } from './schema';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The transitions of `m` that have fallen due by `now` and are not yet applied, in order. */
export function dueTransitions(m: MigrationRecord, now: number): Transition[] {
  return m.plan.transitions.filter((t) => t.seq > m.applied && wallClockAt(m.plan, t.atMs) <= now);
}

/** When the next unapplied transition falls due, or undefined when none is left. */
export function nextDueAt(m: Pick<MigrationRecord, 'plan'>, applied: number): number | undefined {
  const next = m.plan.transitions.find((t) => t.seq > applied);
  return next === undefined ? undefined : wallClockAt(m.plan, next.atMs);
}

/**
 * One transaction that applies `batch` (consecutive due transitions) to migration `m` and to the
 * VM and hosts they touch. The migration's `applied` counter is the condition: of concurrent
 * advancers exactly one succeeds, so each transition is applied exactly once. Applying several
 * transitions together is the same as applying them one by one, only in fewer writes.
 */
export function transitionTransaction(
  tableName: string,
  m: MigrationRecord,
  batch: readonly Transition[],
  now: number,
): { items: TransactItem[]; after: MigrationRecord } {
  const last = batch[batch.length - 1]!;
  const kinds = new Set(batch.map((t) => t.kind));
  const commits = kinds.has('commit');
  const ends = kinds.has('complete') || kinds.has('abort');
  const aborts = kinds.has('abort');

  const events: StageEvent[] = batch.flatMap((t): StageEvent[] => {
    const at = wallClockAt(m.plan, t.atMs);
    // Commitment and activation begin at the same instant: record both stages.
    return t.kind === 'commit'
      ? [
          { kind: 'commit', stage: 4, at, appliedAt: now },
          { kind: 'commit', stage: 5, at, appliedAt: now },
        ]
      : [{ kind: t.kind, stage: t.stage, at, appliedAt: now }];
  });
  const status = aborts ? 'aborted' : kinds.has('complete') ? 'completed' : 'in-flight';
  const after: MigrationRecord = {
    ...m,
    stage: last.stage,
    applied: last.seq,
    status,
    history: [...m.history, ...events],
    ...(aborts && m.plan.abortReason ? { abortReason: m.plan.abortReason } : {}),
  };

  const update = expr()
    .set('applied', last.seq)
    .set('stage', last.stage)
    .set('status', status)
    .append('history', events)
    .add('version', 1)
    .where('applied', '=', m.applied);
  const due = nextDueAt(m, last.seq);
  if (due === undefined) update.remove('GSI2PK', 'GSI2SK');
  else update.set('GSI2SK', gsi2.dueSortKey(due, m.id));
  if (after.abortReason) update.set('abortReason', after.abortReason);

  const items: TransactItem[] = [
    { Update: { TableName: tableName, Key: keys.migration(m.id), ...update.buildUpdate() } },
  ];

  if (commits || ends) items.push(vmUpdate(tableName, m, commits, ends));
  if (commits) {
    items.push(
      hostUpdate(tableName, m.sourceHostId, {
        allocatedMemoryMiB: -m.memoryMiB,
        allocatedVcpus: -m.vcpus,
        freeMemoryMiB: m.memoryMiB,
        freeVcpus: m.vcpus,
      }),
      hostUpdate(tableName, m.destinationHostId, {
        reservedMemoryMiB: -m.memoryMiB,
        reservedVcpus: -m.vcpus,
        allocatedMemoryMiB: m.memoryMiB,
        allocatedVcpus: m.vcpus,
      }),
    );
  }
  if (aborts) {
    items.push(
      hostUpdate(tableName, m.destinationHostId, {
        reservedMemoryMiB: -m.memoryMiB,
        reservedVcpus: -m.vcpus,
        freeMemoryMiB: m.memoryMiB,
        freeVcpus: m.vcpus,
      }),
    );
  }
  return { items, after };
}

/** Commit moves the VM to the destination; the end of a migration clears its in-flight mark. */
function vmUpdate(
  tableName: string,
  m: MigrationRecord,
  commits: boolean,
  ends: boolean,
): TransactItem {
  const update = expr().add('version', 1).where('migrationId', '=', m.id);
  if (commits) {
    update
      .set('hostId', m.destinationHostId)
      .set('GSI1SK', vmIndexKeys(m.vmId, m.destinationHostId).GSI1SK)
      .where('hostId', '=', m.sourceHostId);
  }
  if (ends) update.set('lastMigrationId', m.id).remove('migrationId');
  return { Update: { TableName: tableName, Key: keys.vm(m.vmId), ...update.buildUpdate() } };
}

export type HostCounter =
  | 'allocatedMemoryMiB'
  | 'allocatedVcpus'
  | 'reservedMemoryMiB'
  | 'reservedVcpus'
  | 'freeMemoryMiB'
  | 'freeVcpus';
export type HostDelta = Partial<Record<HostCounter, number>>;

/**
 * Moves a host's counters by `delta`. `require` adds conditions (room, state) to the host's
 * existence; callers pass the builder to add them.
 */
export function hostUpdate(
  tableName: string,
  hostId: string,
  delta: HostDelta,
  require?: (b: ExpressionBuilder) => void,
): TransactItem {
  const update = expr().add('version', 1).whereExists('PK');
  for (const [counter, d] of Object.entries(delta)) update.add(counter, d);
  require?.(update);
  return { Update: { TableName: tableName, Key: keys.host(hostId), ...update.buildUpdate() } };
}
