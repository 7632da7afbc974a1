import {
  joinReasons,
  migrationRefusals,
  placeMigration,
  precopyParamsFor,
  simulatePrecopy,
  type Appliance,
  type PrecopyResult,
} from '../engine';
import { SESSION_ATTRIBUTE, SLOT } from '../../bot-definition/names';
import { originalValue, setSlot, type LexRequest, type LexResponse, type LexSlots } from '../lex';
import { isStoreError, type HostView, type MigrationRecord, type VmView } from '../store';
import { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
import { about, planSentence, vmLabel } from './describe';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { normaliseHostName, normaliseVmName } from './recognise';
import { resolveHost, resolveVm } from './resolve';

/**
 * MigrateVm: "migrate vm-3 to host B". The dialog hook normalises and checks both names, then
 * asks for confirmation with the engine's estimate; fulfillment starts the migration through
 * the store and answers at once with the plan (the migration then runs in simulated time).
 */

/** What a request amounts to, decided the same way by the dialog hook and the fulfillment. */
type Assessment =
  | { kind: 'incomplete'; slots: LexSlots }
  | { kind: 'ask'; slot: string; message: string; slots: LexSlots }
  | { kind: 'refuse'; message: string; slots: LexSlots }
  | { kind: 'migrating'; message: string; slots: LexSlots; vm: VmView }
  | {
      kind: 'ready';
      slots: LexSlots;
      vm: VmView;
      source: HostView;
      destination: HostView;
      appliance?: Appliance;
      estimate: PrecopyResult;
      autoConverge: boolean;
    };

async function assess(ctx: IntentContext, req: LexRequest): Promise<Assessment> {
  let slots = req.intent.slots;
  const vmRes = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (vmRes.kind === 'missing') return { kind: 'incomplete', slots };
  if (vmRes.kind === 'problem')
    return { kind: 'ask', slot: SLOT.VmName, message: vmRes.message, slots };
  const vm = vmRes.value;
  slots = normalise(slots, SLOT.VmName, vm.id);

  if (vm.migration) {
    return {
      kind: 'migrating',
      vm,
      slots,
      message: `${vm.id} is already migrating to ${vm.migration.destinationHostId} (stage ${vm.migration.stage}). Ask "how is ${vm.id} doing?" to follow it.`,
    };
  }
  const hostRes = await resolveHost(ctx, req.slot(SLOT.TargetHost));
  if (hostRes.kind === 'missing') return { kind: 'incomplete', slots };
  if (hostRes.kind === 'problem') {
    return { kind: 'ask', slot: SLOT.TargetHost, message: hostRes.message, slots };
  }
  const destination = hostRes.value;
  slots = normalise(slots, SLOT.TargetHost, destination.id);

  const hosts = await ctx.store.listHosts();
  const source = hosts.find((h) => h.id === vm.hostId);
  if (!source)
    return {
      kind: 'refuse',
      slots,
      message: `${vm.id}'s host ${vm.hostId} is missing from the fleet.`,
    };
  const alternative = () => {
    const best = placeMigration(
      vm,
      source,
      hosts.map((h) => ({ host: h, usage: h.usage })),
    ).candidates[0];
    return best ? ` ${best.host.id} would take it.` : ' No other host can take it right now.';
  };
  if (destination.id === vm.hostId) {
    return {
      kind: 'ask',
      slot: SLOT.TargetHost,
      slots,
      message: `${vm.id} is already on ${destination.id}. Where else should it go?${alternative()}`,
    };
  }
  const refusals = migrationRefusals(vm, source, { host: destination, usage: destination.usage });
  if (refusals.length > 0) {
    return {
      kind: 'ask',
      slot: SLOT.TargetHost,
      slots,
      message: `${destination.id} can't take ${vm.id}: ${joinReasons(refusals)}.${alternative()} Which host should it go to?`,
    };
  }

  const autoConverge = req.slot(SLOT.AutoConverge) !== undefined;
  const estimate = simulatePrecopy(precopyParamsFor(vm, source, destination, { autoConverge }));
  if (estimate.outcome === 'aborted') {
    const rate = vm.workload.dirtyRateMiBps;
    const link = Math.min(source.bandwidthMiBps, destination.bandwidthMiBps);
    const why = `${vm.id} writes its memory at ${rate} MiB/s and the link moves ${link} MiB/s, so pre-copy would not converge in ${estimate.precopyRounds} rounds`;
    return {
      kind: 'refuse',
      slots,
      message: autoConverge
        ? `I won't start that migration: ${why}, even with auto-converge. ${vm.id} stays on ${vm.hostId}.`
        : `I won't start that migration: ${why}. ${vm.id} stays on ${vm.hostId}. To throttle the guest until the copy catches up, say "migrate ${vm.id} to ${destination.id} with auto-converge".`,
    };
  }
  const appliance = await ctx.store.getAppliance(vm.applianceId);
  return { kind: 'ready', slots, vm, source, destination, appliance, estimate, autoConverge };
}

export async function migrateVmDialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Denied') return declined(req);
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  const a = await assess(ctx, req);
  switch (a.kind) {
    case 'incomplete':
      return carryOn(req, { slots: a.slots });
    case 'ask':
      return askAgain(req, a.slot, a.message, { slots: a.slots });
    case 'refuse':
    case 'migrating':
      return fail(req, a.message, { slots: a.slots });
    case 'ready': {
      const e = a.estimate;
      const converge = a.autoConverge ? ' with auto-converge' : '';
      return confirm(
        req,
        `Live-migrate ${vmLabel(a.vm, a.appliance)} from ${a.source.id} to ${a.destination.id}${converge}? Expected downtime ${about(e.downtimeMs ?? 0)}, ${about(e.totalTimeMs ?? 0)} in all.`,
        { slots: a.slots },
      );
    }
  }
}

export async function migrateVmFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Denied') return declined(req);
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  const a = await assess(ctx, req);
  if (a.kind === 'incomplete') return fail(req, 'I need a VM and a destination host to migrate.');
  if (a.kind === 'migrating') {
    const replay = await retryOfThisRequest(ctx, req, a.vm);
    return replay ? started(req, replay, a.slots) : fail(req, a.message, { slots: a.slots });
  }
  if (a.kind !== 'ready') return fail(req, a.message, { slots: a.slots });
  const { value: m } = await ctx.store.startMigration({
    vmId: a.vm.id,
    destinationHostId: a.destination.id,
    autoConverge: a.autoConverge,
    idempotencyKey: idempotencyKey(req),
  });
  return started(req, m, a.slots);
}

/**
 * The VM is migrating already, maybe because Lex is invoking this very fulfillment again (a
 * retry). Asked again with the same idempotency key, the store answers with the migration the
 * first call started and writes nothing; for any other request it refuses (in flight), and the
 * caller says so. Undefined when this is not a retry.
 */
async function retryOfThisRequest(
  ctx: IntentContext,
  req: LexRequest,
  vm: VmView,
): Promise<MigrationRecord | undefined> {
  const key = idempotencyKey(req);
  const rawTarget = req.slot(SLOT.TargetHost);
  const target = rawTarget === undefined ? undefined : normaliseHostName(rawTarget);
  if (!key || !target) return undefined;
  try {
    const { value } = await ctx.store.startMigration({
      vmId: vm.id,
      destinationHostId: target,
      autoConverge: req.slot(SLOT.AutoConverge) !== undefined,
      idempotencyKey: key,
    });
    return value;
  } catch (err) {
    if (isStoreError(err) && err.code !== 'unavailable' && err.code !== 'busy') return undefined;
    throw err;
  }
}

/** The answer to a migration that has started (or stopped at once). */
function started(req: LexRequest, m: MigrationRecord, slots: LexSlots): LexResponse {
  if (m.status === 'aborted') {
    return fail(
      req,
      `The migration of ${m.vmId} stopped at once (${m.abortReason}); it stays on ${m.sourceHostId}.`,
      { slots },
    );
  }
  return done(
    req,
    `Migrating ${m.vmId} from ${m.sourceHostId} to ${m.destinationHostId}: ${planSentence(m.plan.precopy)}.`,
    {
      slots,
      sessionAttributes: {
        [SESSION_ATTRIBUTE.offerReportFor]: m.vmId,
        [PROGRESS_ATTRIBUTE]: m.vmId,
      },
    },
  );
}

function declined(req: LexRequest): LexResponse {
  const raw = req.slot(SLOT.VmName);
  // The name as the fleet spells it: never the raw text of a forged event, unquoted.
  const vm = (raw !== undefined && normaliseVmName(raw)) || 'the VM';
  return fail(req, `OK, I won't migrate ${vm}. It stays where it is.`);
}

/** The slot with our id as its interpreted value, keeping what the user said. */
export function normalise(slots: LexSlots, name: string, id: string): LexSlots {
  return setSlot(slots, name, id, originalValue(slots, name) ?? id);
}
