import { createGuestWriter } from './guest-writes';
import type { DirtyPattern } from './model';
import { mibToPages, pagesToMiB, PAGES_PER_MIB, transferMs } from './units';

/**
 * Pre-copy live migration at page granularity, with the stop rules of QEMU (and of the managers
 * above it: KubeVirt, OpenStack Nova) and Xen exactly as the reference page fixes them. Round
 * k+1 sends exactly the pages the guest dirtied during round k; the first round sends all memory.
 */

export const POLICIES = ['qemu', 'xen', 'xen-v2'] as const;
export type Policy = (typeof POLICIES)[number];

export const STOP_REASONS = [
  'threshold',
  'no-progress',
  'timeout',
  'not-converging',
  'max-rounds',
  'data-cap',
  'dirty-growing',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** The stops that cancel a qemu migration: nothing is committed, the VM stays on its source. */
export const PRECOPY_ABORT_REASONS = ['no-progress', 'timeout', 'not-converging'] as const;
export type PrecopyAbortReason = (typeof PRECOPY_ABORT_REASONS)[number];

export function isPrecopyAbort(reason: string | undefined): reason is PrecopyAbortReason {
  return (PRECOPY_ABORT_REASONS as readonly (string | undefined)[]).includes(reason);
}

export interface PrecopyParams {
  memoryMiB: number;
  bandwidthMiBps: number;
  dirtyRateMiBps: number;
  /** Defaults to all memory. */
  workingSetMiB?: number;
  pattern?: DirtyPattern;
  seed?: number;
  policy?: Policy;
  /** qemu: the downtime the final copy may take. */
  downtimeLimitMs?: number;
  /**
   * Round cap: xen 30, xen-v2 5 unless set. qemu has none unless one is asked for (then the
   * stop is `not-converging`): QEMU iterates until the threshold holds, and what cancels a
   * migration that does not converge is the management layer's two timeouts below.
   */
  maxRounds?: number;
  /**
   * qemu: abort (`no-progress`) once the smallest remaining dirty data seen at the end of a
   * round has not shrunk for this long. KubeVirt's progressTimeout, 150 s.
   */
  progressTimeoutMs?: number;
  /**
   * qemu: abort (`timeout`) once pre-copy has run this long per GiB of memory. KubeVirt's
   * completionTimeoutPerGiB and Nova's live_migration_completion_timeout, 800 s.
   */
  completionTimeoutPerGiBMs?: number;
  /** qemu: throttle the guest when it dirties faster than the link drains. */
  autoConverge?: boolean;
  /** CPU/device state transfer and activation, added to the downtime. */
  resumeMs?: number;
}

/** Every parameter set; `maxRounds` is null when there is no round cap (qemu's default). */
export type ResolvedPrecopyParams = Omit<Required<PrecopyParams>, 'maxRounds'> & {
  maxRounds: number | null;
};

export interface PrecopyRound {
  /** 1-based; the first round is the full copy. */
  index: number;
  sentMiB: number;
  durationMs: number;
  /** Distinct data the guest dirtied during the round: what the next round (or the stop-and-copy) sends. */
  dirtiedMiB: number;
  /** Auto-converge throttle in force during the round, in percent. */
  throttlePct: number;
}

export interface PrecopyResult {
  params: ResolvedPrecopyParams;
  rounds: PrecopyRound[];
  precopyRounds: number;
  precopyTimeMs: number;
  /** Data sent while the VM is paused (zero when aborted). */
  stopCopyMiB: number;
  /** Null when the migration is aborted. */
  downtimeMs: number | null;
  totalTimeMs: number | null;
  transferredMiB: number;
  converged: boolean;
  stopReason: StopReason;
  outcome: 'completed' | 'aborted';
  /** The throttle in force when pre-copy stopped, in percent. */
  throttlePct: number;
}

export const DEFAULT_DOWNTIME_LIMIT_MS = 300;
export const DEFAULT_PROGRESS_TIMEOUT_MS = 150_000;
export const DEFAULT_COMPLETION_TIMEOUT_PER_GIB_MS = 800_000;
const XEN_MIN_PAGES = 50;
const MAX_RATE_MIBPS = 10_000_000;
const XEN_DATA_CAP_FACTOR = 3;
const DEFAULT_MAX_ROUNDS: Record<Policy, number | null> = { qemu: null, xen: 30, 'xen-v2': 5 };
/** Timeouts past a year of simulated time are no timeouts at all. */
const MAX_TIMEOUT_MS = 365 * 86_400_000;
/**
 * A guard, not a rule: without a round cap, a qemu pre-copy whose rounds are tiny (a downtime
 * limit near 0 on a fast link) could take millions of rounds to reach its timeouts. Past this
 * many, the simulator gives up rather than run for minutes.
 */
export const MAX_SIMULATED_ROUNDS = 1_000_000;
// QEMU auto-converge (cpu-throttle-initial, -increment, max; trigger at 50 % of a round's data).
const THROTTLE_INITIAL = 20;
const THROTTLE_INCREMENT = 10;
const THROTTLE_MAX = 99;
const THROTTLE_TRIGGER_RATIO = 0.5;
const THROTTLE_TRIGGER_COUNT = 2;

export function resolvePrecopyParams(p: PrecopyParams): ResolvedPrecopyParams {
  const policy = p.policy ?? 'qemu';
  const resolved: ResolvedPrecopyParams = {
    memoryMiB: p.memoryMiB,
    bandwidthMiBps: p.bandwidthMiBps,
    dirtyRateMiBps: p.dirtyRateMiBps,
    workingSetMiB: p.workingSetMiB ?? p.memoryMiB,
    pattern: p.pattern ?? 'sweep',
    seed: p.seed ?? 1,
    policy,
    downtimeLimitMs: p.downtimeLimitMs ?? DEFAULT_DOWNTIME_LIMIT_MS,
    maxRounds: p.maxRounds ?? DEFAULT_MAX_ROUNDS[policy],
    progressTimeoutMs: p.progressTimeoutMs ?? DEFAULT_PROGRESS_TIMEOUT_MS,
    completionTimeoutPerGiBMs: p.completionTimeoutPerGiBMs ?? DEFAULT_COMPLETION_TIMEOUT_PER_GIB_MS,
    autoConverge: p.autoConverge ?? false,
    resumeMs: p.resumeMs ?? 0,
  };
  const problem = precopyParamsProblem(resolved);
  if (problem) throw new RangeError(problem);
  return resolved;
}

const finite = (n: number): boolean => Number.isFinite(n);

/** Why the parameters cannot be simulated, or undefined when they can. */
export function precopyParamsProblem(p: ResolvedPrecopyParams): string | undefined {
  if (!finite(p.memoryMiB) || p.memoryMiB <= 0 || p.memoryMiB > 4 * 1024 * 1024)
    return 'memory must be more than 0 and at most 4 TiB (4194304 MiB)';
  if (mibToPages(p.memoryMiB) < 1) return 'memory must hold at least one 4 KiB page';
  // 10^7 MiB/s is ten terabytes a second: past any link or memory bus, and far from overflow.
  if (!finite(p.bandwidthMiBps) || p.bandwidthMiBps <= 0 || p.bandwidthMiBps > MAX_RATE_MIBPS)
    return `bandwidth must be a positive number of MiB/s, at most ${MAX_RATE_MIBPS}`;
  if (!finite(p.dirtyRateMiBps) || p.dirtyRateMiBps < 0 || p.dirtyRateMiBps > MAX_RATE_MIBPS)
    return `dirty rate must be zero or a positive number of MiB/s, at most ${MAX_RATE_MIBPS}`;
  if (p.autoConverge && p.policy !== 'qemu')
    return `auto-converge is QEMU's throttling; the ${p.policy} policy has no such thing`;
  if (!finite(p.workingSetMiB) || p.workingSetMiB < 0 || p.workingSetMiB > p.memoryMiB)
    return 'working set must be between 0 and the memory size';
  if (!Number.isInteger(p.seed)) return 'seed must be an integer';
  if (!finite(p.downtimeLimitMs) || p.downtimeLimitMs < 0)
    return 'downtime limit must be zero or more milliseconds';
  if (
    p.maxRounds !== null &&
    (!Number.isInteger(p.maxRounds) || p.maxRounds < 1 || p.maxRounds > 1000)
  )
    return 'max rounds must be an integer from 1 to 1000';
  if (
    !finite(p.progressTimeoutMs) ||
    p.progressTimeoutMs <= 0 ||
    p.progressTimeoutMs > MAX_TIMEOUT_MS
  )
    return 'progress timeout must be more than 0 and at most a year';
  if (
    !finite(p.completionTimeoutPerGiBMs) ||
    p.completionTimeoutPerGiBMs <= 0 ||
    p.completionTimeoutPerGiBMs > MAX_TIMEOUT_MS
  )
    return 'completion timeout per GiB must be more than 0 and at most a year';
  if (!finite(p.resumeMs) || p.resumeMs < 0) return 'resume time must be zero or more milliseconds';
  return undefined;
}

export function simulatePrecopy(input: PrecopyParams): PrecopyResult {
  const p = resolvePrecopyParams(input);
  const memoryPages = mibToPages(p.memoryMiB);
  const workingSetPages = Math.min(memoryPages, mibToPages(p.workingSetMiB));
  const guest = createGuestWriter(p.pattern, workingSetPages, p.seed);
  const capPages = XEN_DATA_CAP_FACTOR * memoryPages;
  // Writes owed to the guest, in pages; the fraction of a page carries to the next round.
  let writeCarry = 0;
  let throttle = 0;
  let throttleCounter = 0;

  const rounds: PrecopyRound[] = [];
  let toSend = memoryPages;
  let totalSentPages = 0;
  let previousSent = Infinity;
  let elapsedMs = 0;
  const progress: Progress = { lowest: Infinity, lowestAtMs: 0 };
  const timeoutMs = completionTimeoutMs(p);
  let stopReason: StopReason;

  for (;;) {
    const index = rounds.length + 1;
    if (index > MAX_SIMULATED_ROUNDS) {
      throw new RangeError(
        `pre-copy would run more than ${MAX_SIMULATED_ROUNDS} rounds before a stop rule decides; raise the downtime limit or set a round cap`,
      );
    }
    const sent = toSend;
    const durationMs = transferMs(sent, p.bandwidthMiBps);
    const roundThrottle = throttle;
    writeCarry +=
      (p.dirtyRateMiBps * (1 - roundThrottle / 100) * durationMs * PAGES_PER_MIB) / 1000;
    const writes = Math.floor(writeCarry);
    writeCarry -= writes;
    const dirtied = guest.write(writes).count;
    totalSentPages += sent;
    elapsedMs += durationMs;
    if (dirtied < progress.lowest) {
      progress.lowest = dirtied;
      progress.lowestAtMs = elapsedMs;
    }
    rounds.push({
      index,
      sentMiB: pagesToMiB(sent),
      durationMs,
      dirtiedMiB: pagesToMiB(dirtied),
      throttlePct: roundThrottle,
    });

    const stop = stopRule(p, {
      index,
      sent,
      dirtied,
      previousSent,
      totalSentPages,
      capPages,
      elapsedMs,
      lowestAtMs: progress.lowestAtMs,
      timeoutMs,
    });
    if (stop) {
      stopReason = stop;
      break;
    }
    if (p.policy === 'qemu' && p.autoConverge) {
      if (dirtied > THROTTLE_TRIGGER_RATIO * sent) throttleCounter++;
      if (throttleCounter >= THROTTLE_TRIGGER_COUNT) {
        throttleCounter = 0;
        throttle =
          throttle === 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, throttle + THROTTLE_INCREMENT);
      }
    }
    previousSent = sent;
    toSend = dirtied;
  }

  const precopyTimeMs = elapsedMs;
  const precopyMiB = pagesToMiB(totalSentPages);
  const aborted = isPrecopyAbort(stopReason);
  const remaining = rounds[rounds.length - 1]!.dirtiedMiB;
  const stopCopyMiB = aborted ? 0 : remaining;
  const downtimeMs = aborted ? null : (remaining / p.bandwidthMiBps) * 1000 + p.resumeMs;
  return {
    params: p,
    rounds,
    precopyRounds: rounds.length,
    precopyTimeMs,
    stopCopyMiB,
    downtimeMs,
    totalTimeMs: downtimeMs === null ? null : precopyTimeMs + downtimeMs,
    transferredMiB: precopyMiB + stopCopyMiB,
    converged: stopReason === 'threshold',
    stopReason,
    outcome: aborted ? 'aborted' : 'completed',
    throttlePct: throttle,
  };
}

/** qemu: the pre-copy time after which the completion timeout cancels the migration. */
export function completionTimeoutMs(p: ResolvedPrecopyParams): number {
  return (p.completionTimeoutPerGiBMs * p.memoryMiB) / 1024;
}

/** When each round begins, in simulated ms from the start of pre-copy. */
export function roundStarts(rounds: readonly PrecopyRound[]): number[] {
  const starts: number[] = [];
  let t = 0;
  for (const r of rounds) {
    starts.push(t);
    t += r.durationMs;
  }
  return starts;
}

/** The rounds begun before simulated offset `atMs` (all of them when it is past the end). */
export function roundsBegunBy(rounds: readonly PrecopyRound[], atMs: number): PrecopyRound[] {
  const starts = roundStarts(rounds);
  return rounds.filter((_, i) => starts[i]! < atMs);
}

interface RoundFacts {
  index: number;
  sent: number;
  dirtied: number;
  previousSent: number;
  totalSentPages: number;
  capPages: number;
  /** Pre-copy time at the end of this round. */
  elapsedMs: number;
  /** When the smallest remaining dirty data so far was first reached. */
  lowestAtMs: number;
  timeoutMs: number;
}

/** qemu's progress watch: the smallest remaining dirty data at a round's end, and since when. */
interface Progress {
  lowest: number;
  lowestAtMs: number;
}

/** The policy's verdict after a round: the reason to stop pre-copy, or undefined to go on. */
function stopRule(p: ResolvedPrecopyParams, r: RoundFacts): StopReason | undefined {
  // Nothing left to send: another round would be empty, whatever the policy.
  if (r.dirtied === 0) return 'threshold';
  switch (p.policy) {
    case 'qemu':
      // QEMU's own rule, then the management layer's (KubeVirt, Nova), in the reference's order.
      if (transferMs(r.dirtied, p.bandwidthMiBps) <= p.downtimeLimitMs) return 'threshold';
      if (r.elapsedMs - r.lowestAtMs >= p.progressTimeoutMs) return 'no-progress';
      if (r.elapsedMs >= r.timeoutMs) return 'timeout';
      if (p.maxRounds !== null && r.index >= p.maxRounds) return 'not-converging';
      return undefined;
    case 'xen':
      // xc_linux_save: the first rule that holds names the stop.
      if (r.sent < XEN_MIN_PAGES) return 'threshold';
      if (r.index >= (p.maxRounds ?? Infinity)) return 'max-rounds';
      if (r.totalSentPages > r.capPages) return 'data-cap';
      if (r.sent > r.previousSent) return 'dirty-growing';
      return undefined;
    case 'xen-v2':
      if (r.dirtied < XEN_MIN_PAGES) return 'threshold';
      if (r.index >= (p.maxRounds ?? Infinity)) return 'max-rounds';
      return undefined;
  }
}
