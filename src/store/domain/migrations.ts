import {
  planMigration,
  precopyParamsFor,
  wallClockAt,
  type Host,
  type StageIndex,
  type Transition,
  type TransitionKind,
} from '../../engine';
import type { MigrationRecord, StageEvent, StartMigrationRequest, VmView } from '../port';
import { cancelReservation, release, reserve, takeOver, type HostDelta } from './counters';

/**
 * A migration's record and how it moves: the plan and the history written when it starts, the
 * transitions that fall due as time passes, and the state after them, with what they do to the
 * VM and the hosts. Pure: every adapter persists these the same way.
 */

export interface MigrationStart {
  vm: VmView;
  source: Host;
  destination: Host;
  request: StartMigrationRequest;
  /** Wall-clock epoch ms of the request. */
  now: number;
  timeScale: number;
}

/** Stages 0 and 1 at once (and stage 2 unless the plan ends at once): the record to write. */
export function newMigration(start: MigrationStart): MigrationRecord {
  const { vm, source, destination, request, now } = start;
  const startedAt = Math.max(now, request.startAt ?? now);
  const plan = planMigration({
    precopy: precopyParamsFor(vm, source, destination, request),
    startedAt,
    timeScale: start.timeScale,
    failure: request.failure,
  });
  const copies = plan.stages.some((s) => s.stage === 2);
  return {
    id: newMigrationId(startedAt),
    vmId: vm.id,
    sourceHostId: source.id,
    destinationHostId: destination.id,
    memoryMiB: vm.memoryMiB,
    vcpus: vm.vcpus,
    applianceId: vm.applianceId,
    status: 'in-flight',
    stage: copies ? 2 : 1,
    applied: 0,
    plan,
    history: [
      { kind: 'start', stage: 0, at: now, appliedAt: now },
      { kind: 'start', stage: 1, at: now, appliedAt: now },
      ...(copies
        ? [{ kind: 'start' as const, stage: 2 as const, at: startedAt, appliedAt: now }]
        : []),
    ],
    requestedAt: now,
    startedAt,
    endsAt: wallClockAt(plan, plan.endMs),
  };
}

/** What starting the migration does to the hosts: the destination reserves the VM's room. */
export const startDeltas = (m: MigrationRecord): { hostId: string; delta: HostDelta }[] => [
  { hostId: m.destinationHostId, delta: reserve(m) },
];

/** The transitions of `m` that have fallen due by `now` and are not yet applied, in order. */
export function dueTransitions(m: MigrationRecord, now: number): Transition[] {
  if (m.status !== 'in-flight') return [];
  return m.plan.transitions.filter((t) => t.seq > m.applied && wallClockAt(m.plan, t.atMs) <= now);
}

/** When the next unapplied transition falls due, or undefined when none is left. */
export function nextDueAt(m: Pick<MigrationRecord, 'plan'>, applied: number): number | undefined {
  const next = m.plan.transitions.find((t) => t.seq > applied);
  return next === undefined ? undefined : wallClockAt(m.plan, next.atMs);
}

/**
 * When the migration moves its hosts' counters: at commitment (the source releases the VM, the
 * destination's reservation becomes an allocation) or at the abort (the reservation goes).
 */
export function hostsChangeAt(m: Pick<MigrationRecord, 'plan'>): number {
  const t = m.plan.transitions.find((x) => x.kind === 'commit' || x.kind === 'abort')!;
  return wallClockAt(m.plan, t.atMs);
}

export interface TransitionOutcome {
  kinds: TransitionKind[];
  after: MigrationRecord;
  /** The VM moves to the destination (commit) and/or its migration ends (complete, abort). */
  vm: { moveTo?: string; ends: boolean };
  /** The hosts whose counters move, and how. */
  hosts: { hostId: string; delta: HostDelta }[];
  /** The batch commits or aborts: the hosts' counters are final from here on. */
  settlesHosts: boolean;
}

/**
 * Applies `batch` (consecutive due transitions of `m`) at `now`. Applying several transitions
 * together is the same as applying them one by one.
 */
export function applyTransitions(
  m: MigrationRecord,
  batch: readonly Transition[],
  now: number,
): TransitionOutcome {
  const last = batch[batch.length - 1]!;
  const kinds = batch.map((t) => t.kind);
  const commits = kinds.includes('commit');
  const aborts = kinds.includes('abort');
  const events: StageEvent[] = batch.flatMap((t): StageEvent[] => {
    const at = wallClockAt(m.plan, t.atMs);
    // Commitment and activation begin at the same instant: record both stages.
    return t.kind === 'commit'
      ? [
          { kind: 'commit', stage: 4, at, appliedAt: now },
          { kind: 'commit', stage: 5, at, appliedAt: now },
        ]
      : [{ kind: t.kind, stage: t.stage as StageIndex, at, appliedAt: now }];
  });
  const status = aborts ? 'aborted' : kinds.includes('complete') ? 'completed' : 'in-flight';
  const after: MigrationRecord = {
    ...m,
    stage: last.stage,
    applied: last.seq,
    status,
    history: [...m.history, ...events],
    ...(aborts && m.plan.abortReason ? { abortReason: m.plan.abortReason } : {}),
  };
  const hosts = commits
    ? [
        { hostId: m.sourceHostId, delta: release(m) },
        { hostId: m.destinationHostId, delta: takeOver(m) },
      ]
    : aborts
      ? [{ hostId: m.destinationHostId, delta: cancelReservation(m) }]
      : [];
  return {
    kinds,
    after,
    vm: { ...(commits ? { moveTo: m.destinationHostId } : {}), ends: status !== 'in-flight' },
    hosts,
    settlesHosts: commits || aborts,
  };
}

/** Time-ordered and unique enough: start instant plus 48 random bits. */
export function newMigrationId(at: number): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  return `mig-${at.toString(36)}-${random}`;
}
