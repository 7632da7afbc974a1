import type { Command } from 'commander';
import {
  completionTimeoutMs,
  DEFAULT_COMPLETION_TIMEOUT_PER_GIB_MS,
  DEFAULT_PROGRESS_TIMEOUT_MS,
  DIRTY_PATTERNS,
  formatMiB,
  formatMs,
  POLICIES,
  preciseMiB,
  preciseSeconds,
  roundTableLines,
  simulatePrecopy,
  type DirtyPattern,
  type Policy,
  type PrecopyResult,
} from '../../engine';
import { integerIn, nonNegativeNumber, oneOf, positiveNumber } from '../options';
import { UsageError } from '../usage-error';

interface SimulateOptions {
  memoryMib: number;
  bandwidthMibps: number;
  dirtyRateMibps: number;
  workingSetMib?: number;
  pattern: DirtyPattern;
  seed: number;
  policy: Policy;
  downtimeLimitMs: number;
  maxRounds?: number;
  progressTimeoutS: number;
  completionTimeoutPerGibS: number;
  autoConverge: boolean;
  resumeMs: number;
  json: boolean;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulate one pre-copy live migration, round by round')
    .requiredOption('--memory-mib <n>', 'VM memory in MiB', positiveNumber('--memory-mib'))
    .requiredOption(
      '--bandwidth-mibps <n>',
      'migration link in MiB/s',
      positiveNumber('--bandwidth-mibps'),
    )
    .requiredOption(
      '--dirty-rate-mibps <n>',
      'rate at which the guest writes memory, MiB/s',
      nonNegativeNumber('--dirty-rate-mibps'),
    )
    .option(
      '--working-set-mib <n>',
      'writable working set in MiB (default: the memory)',
      nonNegativeNumber('--working-set-mib'),
    )
    .option(
      '--pattern <p>',
      'how writes land: sweep or random',
      oneOf('--pattern', DIRTY_PATTERNS),
      'sweep',
    )
    .option('--seed <n>', 'seed of the random pattern', integerIn('--seed', 0, 2 ** 32 - 1), 1)
    .option('--policy <p>', 'stop rules: qemu, xen or xen-v2', oneOf('--policy', POLICIES), 'qemu')
    .option(
      '--downtime-limit-ms <n>',
      'qemu: largest acceptable downtime',
      nonNegativeNumber('--downtime-limit-ms'),
      300,
    )
    .option(
      '--max-rounds <n>',
      'round cap (default: none for qemu, 30 for xen, 5 for xen-v2)',
      integerIn('--max-rounds', 1, 1000),
    )
    .option(
      '--progress-timeout-s <n>',
      'qemu: abort when the remaining dirty data has not shrunk for this long (KubeVirt progressTimeout)',
      positiveNumber('--progress-timeout-s'),
      DEFAULT_PROGRESS_TIMEOUT_MS / 1000,
    )
    .option(
      '--completion-timeout-per-gib-s <n>',
      'qemu: abort when pre-copy has run this long per GiB of memory (KubeVirt completionTimeoutPerGiB)',
      positiveNumber('--completion-timeout-per-gib-s'),
      DEFAULT_COMPLETION_TIMEOUT_PER_GIB_MS / 1000,
    )
    .option('--auto-converge', 'qemu: throttle the guest when it dirties too fast', false)
    .option(
      '--resume-ms <n>',
      'CPU/device state and activation time, added to the downtime',
      nonNegativeNumber('--resume-ms'),
      0,
    )
    .option('--json', 'print one JSON object instead of the table', false)
    .action((opts: SimulateOptions) => {
      if (opts.workingSetMib !== undefined && opts.workingSetMib > opts.memoryMib) {
        throw new UsageError(
          `--working-set-mib (${opts.workingSetMib}) cannot be larger than --memory-mib (${opts.memoryMib}).`,
        );
      }
      const result = simulatePrecopy({
        memoryMiB: opts.memoryMib,
        bandwidthMiBps: opts.bandwidthMibps,
        dirtyRateMiBps: opts.dirtyRateMibps,
        workingSetMiB: opts.workingSetMib,
        pattern: opts.pattern,
        seed: opts.seed,
        policy: opts.policy,
        downtimeLimitMs: opts.downtimeLimitMs,
        maxRounds: opts.maxRounds,
        progressTimeoutMs: opts.progressTimeoutS * 1000,
        completionTimeoutPerGiBMs: opts.completionTimeoutPerGibS * 1000,
        autoConverge: opts.autoConverge,
        resumeMs: opts.resumeMs,
      });
      process.stdout.write(
        opts.json ? `${JSON.stringify(toJson(result))}\n` : `${renderText(result).join('\n')}\n`,
      );
    });
}

export function toJson(r: PrecopyResult) {
  return {
    precopyRounds: r.precopyRounds,
    rounds: r.rounds.map(({ index, sentMiB, durationMs, dirtiedMiB, throttlePct }) => ({
      index,
      sentMiB,
      durationMs,
      dirtiedMiB,
      throttlePct,
    })),
    precopyTimeMs: r.precopyTimeMs,
    downtimeMs: r.downtimeMs,
    totalTimeMs: r.totalTimeMs,
    transferredMiB: r.transferredMiB,
    converged: r.converged,
    stopReason: r.stopReason,
    outcome: r.outcome,
    stopCopyMiB: r.stopCopyMiB,
    throttlePct: r.throttlePct,
    params: r.params,
  };
}

export function renderText(r: PrecopyResult): string[] {
  const p = r.params;
  const ws = p.workingSetMiB === p.memoryMiB ? '' : `, working set ${formatMiB(p.workingSetMiB)}`;
  const head =
    `${formatMiB(p.memoryMiB)} VM over ${p.bandwidthMiBps} MiB/s, dirtying ${p.dirtyRateMiBps} MiB/s (${p.pattern}${ws}); ` +
    `policy ${p.policy}${p.policy === 'qemu' ? qemuLimits(p) : ''}${p.autoConverge ? ', auto-converge' : ''}`;
  // What happened first (the limits below are the rules, not the outcome), then the rounds.
  return [summaryLine(r), head, '', ...roundTableLines(r.rounds), '', summaryLine(r)];
}

function qemuLimits(p: PrecopyResult['params']): string {
  const cap = p.maxRounds === null ? '' : `, at most ${p.maxRounds} rounds`;
  return `, downtime limit ${formatMs(p.downtimeLimitMs)}, gives up after ${formatMs(p.progressTimeoutMs)} without progress or ${formatMs(completionTimeoutMs(p))} in all${cap}`;
}

export function summaryLine(r: PrecopyResult): string {
  const rounds = `${r.precopyRounds} pre-copy round${r.precopyRounds === 1 ? '' : 's'}`;
  const throttle = r.throttlePct > 0 ? `, throttle ${r.throttlePct} %` : '';
  if (r.outcome === 'aborted') {
    const hint =
      r.params.policy === 'qemu' && !r.params.autoConverge ? ' Try --auto-converge.' : '';
    return `Aborted after ${rounds} (${r.stopReason}) at ${preciseSeconds(r.precopyTimeMs)}: ${preciseMiB(r.transferredMiB)} sent, the VM stays on the source${throttle}.${hint}`;
  }
  const verdict = r.converged ? 'Converged' : 'Forced stop-and-copy';
  return `${verdict} after ${rounds} (${r.stopReason}): downtime ${formatMs(r.downtimeMs!)}, total ${preciseSeconds(r.totalTimeMs!)}, ${preciseMiB(r.transferredMiB)} sent${throttle}.`;
}
