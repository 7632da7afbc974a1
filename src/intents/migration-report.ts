import {
  abortText,
  formatMiB,
  formatMs,
  progressAt,
  roundsBegunBy,
  roundTableLines,
  timelineLines,
} from '../engine';
import { SLOT } from '../../bot-definition/names';
import type { LexRequest, LexResponse } from '../lex';
import type { MigrationRecord, VmView } from '../store/port';
import { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
import { progressSentence } from './describe';
import type { IntentHooks } from './registry';
import { vmSlotDialog } from './slot-hooks';
import { askAgain, done, fail } from './respond';
import { normaliseVmName } from './recognise';
import { resolveVm } from './resolve';

/**
 * MigrationReport: a VM's latest migration. While it runs: where it is (stage, round, share
 * copied, time left) and the rounds so far. When done: the timeline of stages 0-5 with the
 * rounds, data and downtime. Reached directly, or offered (its Follow slot asked) after a
 * migration starts (chain 1) or when a VM asked about is migrating: a yes reports at once.
 */

export async function migrationReportDialog(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const follow = req.slot(SLOT.Follow);
  if (follow !== undefined) {
    const answer = follow.toLowerCase();
    if (answer === 'yes') return migrationReportFulfill(ctx, req);
    if (answer !== 'no') {
      return askAgain(req, SLOT.Follow, 'Please answer yes or no: shall I show the migration?', {
        slots: { ...req.intent.slots, [SLOT.Follow]: null },
      });
    }
    const raw = req.slot(SLOT.VmName);
    const vm = (raw !== undefined && normaliseVmName(raw)) || 'it';
    return fail(req, `OK. Ask "how is ${vm} doing?" any time.`);
  }
  return vmSlotDialog(ctx, req, SLOT.VmName);
}

export async function migrationReportFulfill(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which VM?');
  const vm = res.value;
  const latest = await latestMigration(ctx, vm);
  if (!latest) {
    return done(req, `${vm.id} has never been migrated. It runs on ${vm.hostId}.`);
  }
  const now = ctx.now();
  if (latest.status === 'in-flight') {
    // The rounds begun so far, as the finished report lists them all.
    const begun = roundsBegunBy(latest.plan.precopy.rounds, progressAt(latest.plan, now).elapsedMs);
    const rounds = begun.length
      ? [['Pre-copy rounds so far:', ...roundTableLines(begun, 20)].join('\n')]
      : [];
    return done(req, [progressSentence(latest, now), ...rounds], {
      sessionAttributes: { [PROGRESS_ATTRIBUTE]: vm.id },
    });
  }
  return done(req, finishedReport(latest), { sessionAttributes: { [PROGRESS_ATTRIBUTE]: null } });
}

async function latestMigration(
  ctx: IntentContext,
  vm: VmView,
): Promise<MigrationRecord | undefined> {
  const id = vm.migration?.id ?? vm.lastMigrationId;
  if (id) return ctx.store.getMigration(id);
  // Not a migration of an earlier VM of the same name (deleted since).
  const [latest] = await ctx.store.listMigrationsForVm(vm.id, 1);
  return latest && latest.requestedAt >= vm.createdAt ? latest : undefined;
}

/** The timeline of Figure 1, then the rounds: one message each. */
export function finishedReport(m: MigrationRecord): string[] {
  const p = m.plan.precopy;
  const names = {
    vmId: m.vmId,
    sourceHostId: m.sourceHostId,
    destinationHostId: m.destinationHostId,
    memoryMiB: m.memoryMiB,
    vcpus: m.vcpus,
  };
  const headline =
    m.status === 'completed'
      ? `${m.vmId} moved from ${m.sourceHostId} to ${m.destinationHostId}: ${p.precopyRounds} pre-copy round${p.precopyRounds === 1 ? '' : 's'}, ${formatMiB(p.transferredMiB)} sent, downtime ${formatMs(p.downtimeMs ?? 0)}, ${formatMs(p.totalTimeMs ?? 0)} in all.`
      : `${m.vmId}'s migration to ${m.destinationHostId} was aborted (${m.abortReason ? abortText(m.abortReason) : 'unknown reason'}); ${m.vmId} stays on ${m.sourceHostId}.`;
  // An abort during pre-copy cuts the rounds short.
  const all = m.plan.precopy.rounds;
  const rounds = m.status === 'completed' ? all : roundsBegunBy(all, m.plan.endMs);
  return [
    headline,
    ['Timeline (Clark et al., Figure 1):', ...timelineLines(m.plan, names)].join('\n'),
    ['Pre-copy rounds:', ...roundTableLines(rounds, 20)].join('\n'),
  ];
}

export const hooks: IntentHooks = { dialog: migrationReportDialog, fulfil: migrationReportFulfill };
