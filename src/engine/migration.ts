import type { Host, Vm } from './model';
import {
  isPrecopyAbort,
  roundStarts,
  simulatePrecopy,
  type PrecopyAbortReason,
  type PrecopyParams,
  type PrecopyResult,
} from './precopy';

/**
 * A live migration planned over time: the six stages of Clark et al. (Figure 1), laid out from
 * the pre-copy simulation. A plan is computed once, when the migration starts; afterwards
 * `progressAt(plan, now)` says where the migration is at any instant and which of its
 * transitions have fallen due. The clock is always an argument: the engine never reads it.
 *
 * Instants (`startedAt`, `now`, `dueAt`) are wall-clock epoch ms; offsets inside the plan
 * (`atMs`, stage spans) are simulated ms from the start. `timeScale` is simulated seconds per
 * wall-clock second, so a plan runs `timeScale` times faster than real time.
 */

export const STAGE_NAMES = [
  'Pre-Migration',
  'Reservation',
  'Iterative Pre-Copy',
  'Stop-and-Copy',
  'Commitment',
  'Activation',
] as const;
export type StageIndex = 0 | 1 | 2 | 3 | 4 | 5;

export const FAILURE_KINDS = ['destination-failed', 'link-down'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface InjectedFailure {
  kind: FailureKind;
  /** Simulated ms after the start. Failures at or after commitment do not abort: B owns the VM. */
  atMs: number;
}

/** Why a migration was aborted: a pre-copy stop rule (qemu), or an injected failure. */
export type AbortReason = PrecopyAbortReason | FailureKind;

export interface StageSpan {
  stage: StageIndex;
  name: (typeof STAGE_NAMES)[StageIndex];
  startMs: number;
  endMs: number;
}

/**
 * The persisted steps after the start (stages 0 and 1 happen when the migration starts).
 * `commit` is the atomic switch of ownership; `complete` ends activation.
 */
export const TRANSITION_KINDS = ['stop-and-copy', 'commit', 'complete', 'abort'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export interface Transition {
  /** 1-based position in the plan: the store records how many it has applied. */
  seq: number;
  kind: TransitionKind;
  /** The stage the migration is in once the transition is applied (abort: the stage it ended in). */
  stage: StageIndex;
  atMs: number;
}

export interface MigrationPlan {
  startedAt: number;
  timeScale: number;
  precopy: PrecopyResult;
  stages: StageSpan[];
  transitions: Transition[];
  outcome: 'completed' | 'aborted';
  abortReason?: AbortReason;
  /** Simulated ms from the start to completion or abort. */
  endMs: number;
  /** Simulated ms at which ownership moves to the destination, when it does. */
  commitAtMs?: number;
}

export interface PlanInput {
  precopy: PrecopyParams;
  startedAt: number;
  timeScale?: number;
  failure?: InjectedFailure;
}

export function planMigration(input: PlanInput): MigrationPlan {
  const timeScale = input.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    throw new RangeError('time scale must be a positive number');
  if (!Number.isFinite(input.startedAt)) throw new RangeError('start instant must be a number');
  const precopy = simulatePrecopy(input.precopy);
  const precopyEnd = precopy.precopyTimeMs;
  const stopCopyMs = (precopy.stopCopyMiB / precopy.params.bandwidthMiBps) * 1000;
  const commitAt = precopyEnd + stopCopyMs;
  const completeAt = commitAt + precopy.params.resumeMs;

  const span = (stage: StageIndex, startMs: number, endMs: number): StageSpan => ({
    stage,
    name: STAGE_NAMES[stage],
    startMs,
    endMs,
  });
  const base = { startedAt: input.startedAt, timeScale, precopy };

  const failure = input.failure;
  if (failure && !(Number.isFinite(failure.atMs) && failure.atMs >= 0))
    throw new RangeError('failure instant must be zero or more simulated ms');
  const failsBeforeCommit =
    failure !== undefined &&
    failure.atMs < commitAt &&
    (precopy.outcome === 'completed' || failure.atMs < precopyEnd);

  if (failsBeforeCommit) {
    const at = failure.atMs;
    const stage: StageIndex = at === 0 ? 1 : at < precopyEnd ? 2 : 3;
    const stages = [span(0, 0, 0), span(1, 0, 0)];
    if (stage >= 2) stages.push(span(2, 0, Math.min(at, precopyEnd)));
    if (stage === 3) stages.push(span(3, precopyEnd, at));
    const transitions: Transition[] = [];
    if (stage === 3)
      transitions.push({ seq: 1, kind: 'stop-and-copy', stage: 3, atMs: precopyEnd });
    transitions.push({ seq: transitions.length + 1, kind: 'abort', stage, atMs: at });
    return {
      ...base,
      stages,
      transitions,
      outcome: 'aborted',
      abortReason: failure.kind,
      endMs: at,
    };
  }

  if (isPrecopyAbort(precopy.stopReason)) {
    return {
      ...base,
      stages: [span(0, 0, 0), span(1, 0, 0), span(2, 0, precopyEnd)],
      transitions: [{ seq: 1, kind: 'abort', stage: 2, atMs: precopyEnd }],
      outcome: 'aborted',
      abortReason: precopy.stopReason,
      endMs: precopyEnd,
    };
  }

  return {
    ...base,
    stages: [
      span(0, 0, 0),
      span(1, 0, 0),
      span(2, 0, precopyEnd),
      span(3, precopyEnd, commitAt),
      span(4, commitAt, commitAt),
      span(5, commitAt, completeAt),
    ],
    transitions: [
      { seq: 1, kind: 'stop-and-copy', stage: 3, atMs: precopyEnd },
      { seq: 2, kind: 'commit', stage: 5, atMs: commitAt },
      { seq: 3, kind: 'complete', stage: 5, atMs: completeAt },
    ],
    outcome: 'completed',
    endMs: completeAt,
    commitAtMs: commitAt,
  };
}

/** Simulated ms since the start at wall-clock instant `now` (never negative). */
export function simulatedElapsed(plan: MigrationPlan, now: number): number {
  return Math.max(0, (now - plan.startedAt) * plan.timeScale);
}

/** The wall-clock instant of a simulated offset. */
export function wallClockAt(plan: MigrationPlan, atMs: number): number {
  return plan.startedAt + atMs / plan.timeScale;
}

export interface Progress {
  /** Simulated ms since the start, capped at the end of the plan. */
  elapsedMs: number;
  stage: StageIndex;
  stageName: (typeof STAGE_NAMES)[StageIndex];
  /** The pre-copy round under way (1-based) while in stage 2. */
  round: number | null;
  copiedMiB: number;
  /** What the plan transfers in all (for an abort: what it sends before stopping). */
  plannedMiB: number;
  /** copiedMiB / plannedMiB, 0..1. */
  shareCopied: number;
  finished: boolean;
  /** Wall-clock ms until the plan ends (0 when finished). */
  remainingWallMs: number;
  /** Transitions whose instant has come, in order. */
  due: Transition[];
}

export function progressAt(plan: MigrationPlan, now: number): Progress {
  const elapsed = Math.min(simulatedElapsed(plan, now), plan.endMs);
  const finished = simulatedElapsed(plan, now) >= plan.endMs;
  const due = plan.transitions.filter((t) => t.atMs <= elapsed);
  const { precopy } = plan;
  const bandwidth = precopy.params.bandwidthMiBps;
  const plannedMiB =
    plan.outcome === 'completed' ? precopy.transferredMiB : copiedBy(plan, plan.endMs, bandwidth);
  const copiedMiB = copiedBy(plan, elapsed, bandwidth);
  const stage = stageAt(plan, elapsed, finished);
  return {
    elapsedMs: elapsed,
    stage,
    stageName: STAGE_NAMES[stage],
    round: stage === 2 && !finished ? roundAt(precopy, elapsed) : null,
    copiedMiB,
    plannedMiB,
    shareCopied: plannedMiB === 0 ? 1 : Math.min(1, copiedMiB / plannedMiB),
    finished,
    remainingWallMs: finished ? 0 : (plan.endMs - elapsed) / plan.timeScale,
    due,
  };
}

function stageAt(plan: MigrationPlan, elapsed: number, finished: boolean): StageIndex {
  if (finished) return plan.stages[plan.stages.length - 1]!.stage;
  // The latest stage that has begun; zero-length stages 0 and 1 pass at the start.
  let current: StageIndex = plan.stages.length > 2 ? 2 : 1;
  for (const s of plan.stages) if (s.startMs <= elapsed && s.endMs > s.startMs) current = s.stage;
  return current;
}

/** The round under way at `elapsed`: the last one to have started. */
function roundAt(precopy: PrecopyResult, elapsed: number): number {
  const starts = roundStarts(precopy.rounds);
  let current = 0;
  starts.forEach((start, i) => {
    if (start <= elapsed) current = i;
  });
  return precopy.rounds[current]?.index ?? 1;
}

/** Data on the wire by simulated offset `at`: whole rounds, then the round in flight pro rata. */
function copiedBy(plan: MigrationPlan, at: number, bandwidthMiBps: number): number {
  const { rounds } = plan.precopy;
  const starts = roundStarts(rounds);
  let copied = 0;
  for (const [i, r] of rounds.entries()) {
    const start = starts[i]!;
    if (at < start + r.durationMs) return copied + ((at - start) / 1000) * bandwidthMiBps;
    copied += r.sentMiB;
  }
  if (plan.outcome === 'aborted' && isPrecopyAbort(plan.abortReason)) return copied;
  const precopyEnd = plan.precopy.precopyTimeMs;
  const stopCopy = Math.min(
    plan.precopy.stopCopyMiB,
    (Math.max(0, at - precopyEnd) / 1000) * bandwidthMiBps,
  );
  return copied + stopCopy;
}

export interface MigrationOptions {
  policy?: PrecopyParams['policy'];
  autoConverge?: boolean;
  downtimeLimitMs?: number;
  resumeMs?: number;
}

/**
 * The pre-copy parameters of migrating `vm` between two hosts: the slower of the two links, the
 * VM's workload, and a seed derived from the VM's id, so that an estimate made before the user
 * confirms is exactly the plan that then runs.
 */
export function precopyParamsFor(
  vm: Pick<Vm, 'id' | 'memoryMiB' | 'workload'>,
  source: Pick<Host, 'bandwidthMiBps'>,
  destination: Pick<Host, 'bandwidthMiBps'>,
  options: MigrationOptions = {},
): PrecopyParams {
  return {
    memoryMiB: vm.memoryMiB,
    bandwidthMiBps: Math.min(source.bandwidthMiBps, destination.bandwidthMiBps),
    dirtyRateMiBps: vm.workload.dirtyRateMiBps,
    workingSetMiB: Math.min(vm.workload.workingSetMiB, vm.memoryMiB),
    pattern: vm.workload.pattern,
    seed: seedFor(vm.id),
    policy: options.policy ?? 'qemu',
    autoConverge: options.autoConverge ?? false,
    downtimeLimitMs: options.downtimeLimitMs,
    resumeMs: options.resumeMs ?? DEFAULT_RESUME_MS,
  };
}

/** CPU and device state plus ARP redirection: a few ms on a LAN. */
export const DEFAULT_RESUME_MS = 5;

/** FNV-1a over the id: a stable 32-bit seed. */
function seedFor(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
