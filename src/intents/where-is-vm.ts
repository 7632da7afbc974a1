import { confirmIntent, type LexRequest, type LexResponse } from '../lex';
import { INTENT, SLOT } from '../../bot-definition/names';
import { formatMiB } from '../engine';
import type { IntentContext } from './context';
import { hostKind, progressSentence } from './describe';
import { normalise } from './migrate-vm';
import { askAgain, carryOn, done, fail } from './respond';
import { resolveVm } from './resolve';

/**
 * WhereIsVm: the VM's host in a line. When the VM is migrating, the Lambda switches to
 * MigrationReport itself (ConfirmIntent on that intent): "want the progress report?".
 */
export async function whereIsVmDialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  const vm = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (vm.kind === 'problem') return askAgain(req, SLOT.VmName, vm.message);
  if (vm.kind === 'missing') return carryOn(req);
  return carryOn(req, { slots: normalise(req.intent.slots, SLOT.VmName, vm.value.id) });
}

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
  return confirmIntent(req.sessionState, {
    intentName: INTENT.MigrationReport,
    slots: normalise({}, SLOT.VmName, vm.id),
    messages: [line, progressSentence(m, ctx.now()), `Want the progress report for ${vm.id}?`],
  });
}
