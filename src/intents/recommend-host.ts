import { SESSION_ATTRIBUTE, SLOT } from '../../bot-definition/names';
import { formatMiB } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';
import { exclusionsSentence, hostKind } from './describe';
import { destinationsFor, noWayOut } from './destinations';
import { resolveVm } from './resolve';
import { done, fail } from './respond';
import { normalise, vmSlotDialog } from './slot-hooks';

/**
 * RecommendHost: placement for a VM, explained. Only a host the migration would really reach
 * is recommended (compatible, with room, and a pre-copy that converges). The chosen host goes
 * into session attributes, from which the closing response (chain 2) starts MigrateVm with both
 * slots filled.
 */
export const recommendHostDialog = (ctx: IntentContext, req: LexRequest): Promise<LexResponse> =>
  vmSlotDialog(ctx, req, SLOT.VmName);

const CLEAR_CHAIN = {
  [SESSION_ATTRIBUTE.recommendedVm]: null,
  [SESSION_ATTRIBUTE.recommendedHost]: null,
};

export async function recommendHostFulfill(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which VM?');
  const vm = res.value;
  if (vm.migration) {
    return fail(
      req,
      `${vm.id} is migrating to ${vm.migration.destinationHostId} right now; ask again when it has arrived.`,
      { sessionAttributes: CLEAR_CHAIN },
    );
  }
  const hosts = await ctx.store.listHosts();
  const source = hosts.find((h) => h.id === vm.hostId);
  if (!source) return fail(req, `${vm.id}'s host ${vm.hostId} is missing from the fleet.`);
  const options = destinationsFor(vm, source, hosts);
  const { placement, viable, notConverging } = options;
  const slow = notConverging.map((c) => c.host.id);
  const best = viable[0];
  if (!best) return fail(req, noWayOut(vm, source, options), { sessionAttributes: CLEAR_CHAIN });
  const excluded = exclusionsSentence(vm, source, placement.excluded);
  const host = best.candidate.host;
  const free = best.candidate.freeAfter;
  const others = viable
    .slice(1)
    .map(
      (v) => `${v.candidate.host.id} (${formatMiB(v.candidate.freeAfter.memoryMiB)} free after)`,
    );
  const lines = [
    `For ${vm.id} (on ${vm.hostId}) I recommend ${host.id}: ${hostKind(host)} like ${vm.hostId}, and the most room left after the move (${formatMiB(free.memoryMiB)} and ${free.vcpus} vCPUs free).`,
    others.length ? `Also possible: ${others.join(', ')}.` : '',
    slow.length ? `Not without auto-converge: ${slow.join(', ')}.` : '',
    excluded ? `Excluded: ${excluded}.` : '',
  ].filter(Boolean);
  return done(req, lines.join('\n'), {
    slots: normalise(req.intent.slots, SLOT.VmName, vm.id),
    sessionAttributes: {
      [SESSION_ATTRIBUTE.recommendedVm]: vm.id,
      [SESSION_ATTRIBUTE.recommendedHost]: host.id,
    },
  });
}
