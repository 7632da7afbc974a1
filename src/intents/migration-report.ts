import {
  abortText,
  formatMiB,
  formatMs,
  roundsBegunBy,
  roundTableLines,
  timelineLines,
} from '../engine';
import { SESSION_ATTRIBUTE, SLOT } from '../../bot-definition/names';
import type { LexRequest, LexResponse } from '../lex';
import type { MigrationRecord, VmView } from '../store/port';
import { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
import { progressSentence } from './describe';
import { normalise, vmSlotDialog } from './slot-hooks';
import { confirm, done, fail } from './respond';
import { normaliseVmName } from './recognise';
import { resolveVm } from './resolve';

/**
 * MigrationReport: a VM's latest migration. While it runs: where it is (stage, round, share
 * copied, time left). When done: the timeline of stages 0-5 with the rounds, data and downtime.
 * Reached directly, or from MigrateVm's closing response (chain 1), where it first offers.
 */

/** Initial response, label offer-report: the chain from MigrateVm offers the report first. */
export async function offerReport(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  const offered = req.attribute(SESSION_ATTRIBUTE.offerReportFor);
  const vm = await resolveVm(ctx, req.slot(SLOT.VmName));
  // Reached directly ("how is vm-3 doing?"): the usual check of the VM slot.
  if (!offered || vm.kind !== 'found' || vm.value.id !== offered) {
    return migrationReportDialog(ctx, req);
  }
  return confirm(
    req,
    `Do you want to follow ${offered}'s migration? I can show where it is now and the round-by-round report.`,
    {
      slots: normalise(req.intent.slots, SLOT.VmName, offered),
      sessionAttributes: { [SESSION_ATTRIBUTE.offerReportFor]: null },
    },
  );
}

export async function migrationReportDialog(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Denied') {
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
    return done(req, progressSentence(latest, now), {
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
  return (await ctx.store.listMigrationsForVm(vm.id, 1))[0];
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
