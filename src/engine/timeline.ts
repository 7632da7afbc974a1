import type { MigrationPlan, StageSpan } from './migration';
import {
  completionTimeoutMs,
  roundsBegunBy,
  type PrecopyResult,
  type PrecopyRound,
} from './precopy';
import { formatMiB, formatMs } from './units';

/** Plain-text renderings of a plan, shared by the CLI and the bot's reports. */

export interface TimelineNames {
  vmId: string;
  sourceHostId: string;
  destinationHostId: string;
  memoryMiB: number;
  vcpus: number;
}

const ABORT_TEXT = {
  'no-progress': 'pre-copy made no progress',
  timeout: 'pre-copy ran past its completion timeout',
  'not-converging': 'pre-copy did not converge',
  'destination-failed': 'the destination failed',
  'link-down': 'the migration link went down',
} as const;

/** One line per stage: Clark et al.'s Figure 1 for this migration. */
export function timelineLines(plan: MigrationPlan, names: TimelineNames): string[] {
  const { precopy } = plan;
  const { vmId, sourceHostId: a, destinationHostId: b } = names;
  const describe = (s: StageSpan): string => {
    switch (s.stage) {
      case 0:
        return `${vmId} running on ${a}; ${b} chosen`;
      case 1:
        return `${b} reserves ${formatMiB(names.memoryMiB)} and ${names.vcpus} vCPU${names.vcpus === 1 ? '' : 's'}`;
      case 2: {
        const rounds = roundsBegunBy(precopy.rounds, s.endMs);
        const sent = rounds.reduce((m, r) => m + r.sentMiB, 0);
        return `${rounds.length} round${rounds.length === 1 ? '' : 's'}, ${formatMiB(sent)} sent while ${vmId} runs`;
      }
      case 3:
        return `${vmId} paused; ${formatMiB(precopy.stopCopyMiB)} of dirty pages and CPU state sent`;
      case 4:
        return `${b} holds a consistent copy; ${a} releases ${vmId}`;
      case 5:
        return `${vmId} resumes on ${b}`;
    }
  };
  const lines = plan.stages.map(
    (s) => `${s.stage} ${s.name.padEnd(18)} ${spanText(s).padEnd(19)} ${describe(s)}`,
  );
  if (plan.outcome === 'aborted' && plan.abortReason) {
    lines.push(
      `  aborted at ${formatMs(plan.endMs)}: ${ABORT_TEXT[plan.abortReason]}; ${vmId} stays on ${a}`,
    );
  } else if (precopy.downtimeMs !== null) {
    lines.push(`  downtime ${formatMs(precopy.downtimeMs)} (stages 3 to 5)`);
  }
  return lines;
}

export function abortText(reason: keyof typeof ABORT_TEXT): string {
  return ABORT_TEXT[reason];
}

/**
 * Why a pre-copy would be cancelled, naming the stop rule, as one clause about the VM that reads
 * on after a colon: "vm-6 would make no progress, as it dirties its working set faster than the
 * link copies it (1500 MiB/s against 1180 MiB/s)". Undefined when the pre-copy completes.
 */
export function precopyAbortText(r: PrecopyResult, vmId: string): string | undefined {
  const p = r.params;
  const rates = `${p.dirtyRateMiBps} MiB/s against ${p.bandwidthMiBps} MiB/s`;
  switch (r.stopReason) {
    case 'no-progress':
      return `${vmId} would make no progress, as it dirties its working set faster than the link copies it (${rates})`;
    case 'timeout':
      return `${vmId} would not finish in time, as after ${formatMs(completionTimeoutMs(p))} (${formatMs(p.completionTimeoutPerGiBMs)} per GiB of its ${formatMiB(p.memoryMiB)}) pre-copy would still leave more to copy than the ${formatMs(p.downtimeLimitMs)} downtime limit allows (${rates})`;
    case 'not-converging':
      return `${vmId} would not converge in ${r.precopyRounds} rounds, as it dirties its memory at ${p.dirtyRateMiBps} MiB/s and the link moves ${p.bandwidthMiBps} MiB/s`;
    default:
      return undefined;
  }
}

function spanText(s: StageSpan): string {
  return s.endMs === s.startMs
    ? `at ${formatMs(s.startMs)}`
    : `${formatMs(s.startMs)} to ${formatMs(s.endMs)}`;
}

/** A table of the pre-copy rounds with a bar per round, scaled to the largest. */
export function roundTableLines(rounds: readonly PrecopyRound[], barWidth = 30): string[] {
  const largest = Math.max(...rounds.map((r) => r.sentMiB), 1e-9);
  const showThrottle = rounds.some((r) => r.throttlePct > 0);
  const header = `round       sent   duration    dirtied${showThrottle ? '  throttle' : ''}`;
  const lines = [header];
  for (const r of rounds) {
    const bar = '#'.repeat(Math.max(1, Math.round((r.sentMiB / largest) * barWidth)));
    lines.push(
      `${String(r.index).padStart(5)} ${formatMiB(r.sentMiB).padStart(10)} ${formatMs(r.durationMs).padStart(10)} ${formatMiB(r.dirtiedMiB).padStart(10)}` +
        (showThrottle ? `${`${r.throttlePct} %`.padStart(10)}` : '') +
        `  ${bar}`,
    );
  }
  return lines;
}
