import { SESSION_ATTRIBUTE, SLOT } from '../../bot-definition/names';
import { formatMiB, placeMigration } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';
import { hostKind } from './describe';
import { normalise } from './migrate-vm';
import { askAgain, carryOn, done, fail } from './respond';
import { resolveVm } from './resolve';

/**
 * RecommendHost: placement for a VM, explained. The chosen host goes into session attributes,
 * from which the closing response (chain 2) starts MigrateVm with both slots filled.
 */
export async function recommendHostDialog(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const vm = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (vm.kind === 'problem') return askAgain(req, SLOT.VmName, vm.message);
  if (vm.kind === 'missing') return carryOn(req);
  return carryOn(req, { slots: normalise(req.intent.slots, SLOT.VmName, vm.value.id) });
}

export async function recommendHostFulfill(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which VM?');
  const vm = res.value;
  const clearChain = {
    [SESSION_ATTRIBUTE.recommendedVm]: null,
    [SESSION_ATTRIBUTE.recommendedHost]: null,
  };
  if (vm.migration) {
    return fail(
      req,
      `${vm.id} is migrating to ${vm.migration.destinationHostId} right now; ask again when it has arrived.`,
      {
        sessionAttributes: clearChain,
      },
    );
  }
  const hosts = await ctx.store.listHosts();
  const source = hosts.find((h) => h.id === vm.hostId);
  if (!source) return fail(req, `${vm.id}'s host ${vm.hostId} is missing from the fleet.`);
  const placement = placeMigration(
    vm,
    source,
    hosts.map((h) => ({ host: h, usage: h.usage })),
  );
  // The first reason is the most fundamental (hypervisor, then CPU, then room): one per host.
  const excluded = placement.excluded.map((e) => e.refusals[0]!.message);
  const best = placement.candidates[0];
  if (!best) {
    return fail(
      req,
      [`No host can take ${vm.id} right now.`, ...excluded.map((e) => `${e}.`)].join('\n'),
      {
        sessionAttributes: clearChain,
      },
    );
  }
  const others = placement.candidates
    .slice(1)
    .map((c) => `${c.host.id} (${formatMiB(c.freeAfter.memoryMiB)} free after)`);
  const lines = [
    `For ${vm.id} (on ${vm.hostId}) I recommend ${best.host.id}: ${hostKind(best.host)} like ${vm.hostId}, and the most room left after the move (${formatMiB(best.freeAfter.memoryMiB)} and ${best.freeAfter.vcpus} vCPUs free).`,
    others.length ? `Also possible: ${others.join(', ')}.` : '',
    excluded.length ? `Excluded: ${excluded.join('; ')}.` : '',
  ].filter(Boolean);
  return done(req, lines.join('\n'), {
    slots: normalise(req.intent.slots, SLOT.VmName, vm.id),
    sessionAttributes: {
      [SESSION_ATTRIBUTE.recommendedVm]: vm.id,
      [SESSION_ATTRIBUTE.recommendedHost]: best.host.id,
    },
  });
}
