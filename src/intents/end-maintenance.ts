import { SLOT } from '../../bot-definition/names';
import { formatMiB } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';
import type { IntentHooks } from './registry';
import { hostKind } from './describe';
import { resolveHost } from './resolve';
import { done, fail } from './respond';
import { hostSlotDialog, normalise } from './slot-hooks';

/**
 * EndMaintenance: the way back from an evacuation. The host becomes active again, so placement
 * and migrations may use it; nothing moves by itself.
 */
export const endMaintenanceDialog = (ctx: IntentContext, req: LexRequest): Promise<LexResponse> =>
  hostSlotDialog(ctx, req, SLOT.HostName);

export async function endMaintenanceFulfill(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveHost(ctx, req.slot(SLOT.HostName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which host?');
  const host = res.value;
  const slots = normalise(req.intent.slots, SLOT.HostName, host.id);
  if (host.state !== 'maintenance') {
    return fail(req, `${host.id} isn't in maintenance: it is already in service.`, { slots });
  }
  const active = await ctx.store.setHostState(host.id, 'active');
  return done(
    req,
    `${active.id} (${hostKind(active)}) is back in service: placement and migrations can use it again, with ${formatMiB(active.free.memoryMiB)} and ${active.free.vcpus} vCPUs free.`,
    { slots },
  );
}

export const hooks: IntentHooks = { dialog: endMaintenanceDialog, fulfil: endMaintenanceFulfill };
