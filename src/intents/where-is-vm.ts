import { elicitSlot, type LexRequest, type LexResponse } from '../lex';
import { INTENT, SLOT } from '../../bot-definition';
import { formatMiB } from '../engine';
import type { IntentContext } from './context';
import { hostKind, progressSentence } from './describe';
import type { IntentHooks } from './registry';
import { normalise, vmSlotDialog } from './slot-hooks';
import { done, fail } from './respond';
import { resolveVm } from './resolve';

/**
 * WhereIsVm: the VM's host in a line. When the VM is migrating, the Lambda switches to
 * MigrationReport itself (its Follow slot elicited): "want the progress report?".
 */
export const whereIsVmDialog = (ctx: IntentContext, req: LexRequest): Promise<LexResponse> =>
  vmSlotDialog(ctx, req, SLOT.VmName);

export async function whereIsVmFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  const res = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which VM?');
  const vm = res.value;
  const [host, appliance] = await Promise.all([
    ctx.store.getHost(vm.hostId),
    ctx.store.getAppliance(vm.applianceId),
  ]);
  const what = appliance
    ? `${appliance.name} (${appliance.os}: ${appliance.applications.join(', ')})`
    : vm.applianceId;
  const line = `${vm.id} runs on ${vm.hostId}${host ? ` (${hostKind(host)})` : ''}: ${formatMiB(vm.memoryMiB)}, ${vm.vcpus} vCPUs, ${what}.`;
  if (!vm.migration) return done(req, line);
  const m = await ctx.store.getMigration(vm.migration.id);
  if (!m || m.status !== 'in-flight') return done(req, line);
  // Lambda-driven switch: offer MigrationReport for this VM, answered by yes or no.
  return elicitSlot(req.sessionState, {
    intentName: INTENT.MigrationReport,
    slots: normalise({}, SLOT.VmName, vm.id),
    slotToElicit: SLOT.Follow,
    messages: [line, progressSentence(m, ctx.now()), `Want the progress report for ${vm.id}?`],
  });
}

export const hooks: IntentHooks = { dialog: whereIsVmDialog, fulfil: whereIsVmFulfill };
