import { INTENT, SLOT } from '../../bot-definition';
import { formatMiB } from '../engine';
import { toLexRequest, type LexRequest, type LexResponse } from '../lex';
import type { IntentContext } from './context';
import { exclusionsSentence, hostKind } from './describe';
import { destinationsFor, noWayOut } from './destinations';
import { migrateVmDialog } from './migrate-vm';
import type { IntentHooks } from './registry';
import { resolveVm } from './resolve';
import { done, fail } from './respond';
import { normalise, vmSlotDialog } from './slot-hooks';

/**
 * RecommendHost: placement for a VM, explained. Only a host the migration would really reach
 * is recommended (compatible, with room, and a pre-copy that converges). Chain 2: the answer
 * goes on to MigrateVm's confirmation for that host (the Lambda names the next intent in its
 * answer), so that a yes migrates the VM there.
 */
export const recommendHostDialog = (ctx: IntentContext, req: LexRequest): Promise<LexResponse> =>
  vmSlotDialog(ctx, req, SLOT.VmName);

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
    );
  }
  const hosts = await ctx.store.listHosts();
  const source = hosts.find((h) => h.id === vm.hostId);
  if (!source) return fail(req, `${vm.id}'s host ${vm.hostId} is missing from the fleet.`);
  const options = destinationsFor(vm, source, hosts);
  const { placement, viable, notConverging } = options;
  const slow = notConverging.map((c) => c.host.id);
  const best = viable[0];
  if (!best) {
    const dead = noWayOut(vm, source, options);
    if (dead.throttledTo) {
      ctx.notes?.suggest({
        intent: INTENT.MigrateVm,
        slots: {
          [SLOT.VmName]: vm.id,
          [SLOT.TargetHost]: dead.throttledTo,
          [SLOT.AutoConverge]: 'auto-converge',
        },
      });
    }
    return fail(req, dead.text);
  }
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
  // Chain 2: MigrateVm's own confirmation for the recommended host, with its estimate.
  const migrate = await migrateVmDialog(
    ctx,
    toLexRequest({
      ...req.event,
      invocationSource: 'DialogCodeHook',
      sessionState: {
        ...req.sessionState,
        intent: {
          name: INTENT.MigrateVm,
          slots: {
            [SLOT.VmName]: normalise({}, SLOT.VmName, vm.id)[SLOT.VmName]!,
            [SLOT.TargetHost]: normalise({}, SLOT.TargetHost, host.id)[SLOT.TargetHost]!,
          },
          state: 'InProgress',
          confirmationState: 'None',
        },
      },
    }),
  );
  if (migrate.sessionState.dialogAction.type !== 'ConfirmIntent') {
    return done(req, lines.join('\n'), { slots: normalise(req.intent.slots, SLOT.VmName, vm.id) });
  }
  return {
    ...migrate,
    messages: [
      { contentType: 'PlainText', content: lines.join('\n') },
      ...(migrate.messages ?? []),
    ],
  };
}

export const hooks: IntentHooks = { dialog: recommendHostDialog, fulfil: recommendHostFulfill };
