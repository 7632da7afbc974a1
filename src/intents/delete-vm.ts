import { SLOT } from '../../bot-definition';
import { formatMiB } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';
import { vmLabel } from './describe';
import type { IntentHooks } from './registry';
import { normaliseVmName } from './recognise';
import { resolveVm } from './resolve';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { normalise } from './slot-hooks';

/**
 * DeleteVm: "decommission vm-9". The dialog hook finds the VM and asks to confirm, naming what
 * the deletion frees on its host; a VM on its way to another host is refused (its migration
 * holds room on both). The fulfillment deletes it through the store, under an idempotency key
 * like every change, and says what the host has free now.
 */
export async function deleteVmDialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  const res = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (res.kind === 'missing') return carryOn(req);
  if (res.kind === 'problem') return askAgain(req, SLOT.VmName, res.message);
  const vm = res.value;
  const slots = normalise(req.intent.slots, SLOT.VmName, vm.id);
  if (vm.migration) {
    return fail(
      req,
      `${vm.id} is migrating to ${vm.migration.destinationHostId} right now: I can't delete it until it has arrived. Ask "how is ${vm.id} doing?" to follow it.`,
      { slots },
    );
  }
  const appliance = await ctx.store.getAppliance(vm.applianceId);
  return confirm(
    req,
    `Delete ${vmLabel(vm, appliance)} on ${vm.hostId}? It frees ${formatMiB(vm.memoryMiB)} and ${vm.vcpus} vCPUs there. There is no undo.`,
    { slots },
  );
}

export async function deleteVmFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  const raw = req.slot(SLOT.VmName);
  const id = raw === undefined ? undefined : normaliseVmName(raw);
  if (!id) return fail(req, 'Which VM? Nothing was deleted.');
  const { value: vm } = await ctx.store.deleteVm({
    vmId: id,
    idempotencyKey: idempotencyKey(req, id),
  });
  const host = await ctx.store.getHost(vm.hostId);
  const room = host
    ? ` ${host.id} now has ${formatMiB(host.free.memoryMiB)} and ${host.free.vcpus} vCPUs free.`
    : '';
  return done(req, `Deleted ${vm.id}.${room}`, {
    slots: normalise(req.intent.slots, SLOT.VmName, vm.id),
  });
}

export const hooks: IntentHooks = { dialog: deleteVmDialog, fulfil: deleteVmFulfill };
