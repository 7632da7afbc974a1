import { INTENT, SLOT } from '../../bot-definition';
import {
  joinReasons,
  migrationRefusals,
  precopyAbortText,
  precopyParamsFor,
  simulatePrecopy,
  type Appliance,
  type PrecopyResult,
} from '../engine';
import {
  elicitSlot,
  interpretedValue,
  type LexRequest,
  type LexResponse,
  type LexSlots,
} from '../lex';
import type { HostView, MigrationRecord, VmView } from '../store/port';
import { PROGRESS_ATTRIBUTE, type IntentContext } from './context';
import { leavesChoiceToBot } from './conversation/phrases';
import { about, planSentence, vmLabel } from './describe';
import { convergesThrottled, destinationsFor, noWayOut } from './destinations';
import type { IntentHooks } from './registry';
import { normaliseHostName, normaliseVmName, orList } from './recognise';
import { resolveHost, resolveVm } from './resolve';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { normalise } from './slot-hooks';

/**
 * MigrateVm: "migrate vm-3 to host B". The dialog hook normalises and checks both names, then
 * asks for confirmation with the engine's estimate; fulfillment starts the migration through
 * the store and answers at once with the plan (the migration then runs in simulated time).
 *
 * Only hosts the migration would really reach are ever offered (compatible, active, with room,
 * and a pre-copy that converges); when there are none, the request ends with the reasons and
 * what is possible instead, rather than asking for a host again.
 */

/**
 * What a request amounts to, decided the same way by the dialog hook and the fulfillment. A
 * problem with a slot is a statement (`problem`) and, for the dialog hook, a question that asks
 * for the slot again (`question`); the fulfillment cannot ask, so it says the statement only.
 */
type Assessment =
  | { kind: 'incomplete'; slots: LexSlots }
  | { kind: 'ask'; slot: string; problem?: string; question?: string; slots: LexSlots }
  | { kind: 'refuse'; message: string; slots: LexSlots }
  | {
      kind: 'ready';
      slots: LexSlots;
      vm: VmView;
      source: HostView;
      destination: HostView;
      picked: boolean;
      appliance?: Appliance;
      estimate: PrecopyResult;
      autoConverge: boolean;
    };

/** Auto-converge is asked for when the slot resolved to it (TopResolution), not for any text. */
function wantsAutoConverge(req: LexRequest): boolean {
  return interpretedValue(req.intent.slots, SLOT.AutoConverge) === 'auto-converge';
}

/** "host-b would take it." / "host-b or host-c would take it." (at most three named) */
function whoWouldTake(ids: readonly string[]): string {
  return `${orList(ids.slice(0, 3))} would take it.`;
}

async function assess(ctx: IntentContext, req: LexRequest): Promise<Assessment> {
  let slots = req.intent.slots;
  const vmRes = await resolveVm(ctx, req.slot(SLOT.VmName));
  if (vmRes.kind === 'missing') return { kind: 'incomplete', slots };
  if (vmRes.kind === 'problem')
    return { kind: 'ask', slot: SLOT.VmName, problem: vmRes.message, slots };
  const vm = vmRes.value;
  slots = normalise(slots, SLOT.VmName, vm.id);

  if (vm.migration) {
    return {
      kind: 'refuse',
      slots,
      message: `${vm.id} is already migrating to ${vm.migration.destinationHostId} (stage ${vm.migration.stage}). Ask "how is ${vm.id} doing?" to follow it.`,
    };
  }
  const hosts = await ctx.store.listHosts();
  const source = hosts.find((h) => h.id === vm.hostId);
  if (!source) {
    return {
      kind: 'refuse',
      slots,
      message: `${vm.id}'s host ${vm.hostId} is missing from the fleet.`,
    };
  }
  const autoConverge = wantsAutoConverge(req);
  const options = destinationsFor(vm, source, hosts, (h) => h.usage, { autoConverge });
  const possible = options.viable.map((v) => v.candidate.host.id);
  // Ask again only when some host would take the VM; otherwise the request ends here (with
  // every host's reason, so a refused destination's own problem is not said twice).
  const askOrEnd = (problem?: string, listed = false): Assessment => {
    if (possible.length > 0) {
      // The hosts offered are choices ("the first"); one alone is a suggestion a yes takes.
      ctx.notes?.offer(SLOT.TargetHost, possible.slice(0, 3));
      if (possible.length === 1) ctx.notes?.suggest(request(vm.id, possible[0]!, autoConverge));
      return {
        kind: 'ask',
        slot: SLOT.TargetHost,
        slots,
        ...(problem === undefined ? {} : { problem }),
        question: `Which host should ${vm.id} go to? ${whoWouldTake(possible)}`,
      };
    }
    const dead = noWayOut(vm, source, options, autoConverge);
    if (dead.throttledTo) ctx.notes?.suggest(request(vm.id, dead.throttledTo, true));
    return {
      kind: 'refuse',
      slots,
      message: [listed ? undefined : problem, dead.text].filter(Boolean).join('\n'),
    };
  };

  const raw = req.slot(SLOT.TargetHost);
  if (raw === undefined) return askOrEnd();
  let destination: HostView;
  let picked = false;
  if (leavesChoiceToBot(raw)) {
    const best = options.viable[0];
    if (!best) return askOrEnd();
    destination = hosts.find((h) => h.id === best.candidate.host.id)!;
    picked = true;
  } else {
    const hostRes = await resolveHost(ctx, raw);
    if (hostRes.kind === 'missing') return askOrEnd();
    if (hostRes.kind === 'problem') return askOrEnd(hostRes.message);
    destination = hostRes.value;
  }
  slots = normalise(slots, SLOT.TargetHost, destination.id);

  if (destination.id === vm.hostId) return askOrEnd(`${vm.id} is already on ${destination.id}.`);
  const refusals = migrationRefusals(vm, source, { host: destination, usage: destination.usage });
  if (refusals.length > 0) {
    return askOrEnd(`${destination.id} can't take ${vm.id}: ${joinReasons(refusals)}.`, true);
  }

  const estimate = simulatePrecopy(precopyParamsFor(vm, source, destination, { autoConverge }));
  if (estimate.outcome === 'aborted') {
    const why = precopyAbortText(estimate, vm.id);
    const elsewhere = possible.length > 0 ? ` ${whoWouldTake(possible)}` : '';
    // Auto-converge is suggested only where it would complete the copy, and a yes takes it.
    const throttle = !autoConverge && convergesThrottled(vm, source, destination);
    if (throttle) ctx.notes?.suggest(request(vm.id, destination.id, true));
    return {
      kind: 'refuse',
      slots,
      message: autoConverge
        ? `I won't start that migration: ${why}, even with auto-converge. ${vm.id} stays on ${vm.hostId}.${elsewhere}`
        : throttle
          ? `I won't start that migration: ${why}. ${vm.id} stays on ${vm.hostId}. To throttle the guest until the copy catches up, say "migrate ${vm.id} to ${destination.id} with auto-converge".${elsewhere}`
          : `I won't start that migration: ${why}, and auto-converge would not help either. ${vm.id} stays on ${vm.hostId}.${elsewhere}`,
    };
  }
  const appliance = await ctx.store.getAppliance(vm.applianceId);
  return {
    kind: 'ready',
    slots,
    vm,
    source,
    destination,
    picked,
    appliance,
    estimate,
    autoConverge,
  };
}

export async function migrateVmDialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  const a = await assess(ctx, req);
  switch (a.kind) {
    case 'incomplete':
      return carryOn(req, { slots: a.slots });
    case 'ask':
      return askAgain(req, a.slot, [a.problem, a.question].filter(Boolean).join(' '), {
        slots: a.slots,
      });
    case 'refuse':
      return fail(req, a.message, { slots: a.slots });
    case 'ready': {
      const e = a.estimate;
      const converge = a.autoConverge ? ' with auto-converge' : '';
      const pick = a.picked ? ' (my pick: the most room left)' : '';
      return confirm(
        req,
        `Live-migrate ${vmLabel(a.vm, a.appliance)} from ${a.source.id} to ${a.destination.id}${pick}${converge}? Expected downtime ${about(e.downtimeMs ?? 0)}, ${about(e.totalTimeMs ?? 0)} in all.`,
        { slots: a.slots },
      );
    }
  }
}

export async function migrateVmFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  // Lex may invoke the same fulfillment again: answer as the first time, before checking the
  // request again against a fleet that the first invocation has already changed.
  const key = requestKey(req);
  const earlier = key && (await ctx.store.idempotentResult(key));
  const replayed = earlier ? await ctx.store.getMigration(earlier) : undefined;
  if (replayed) return started(ctx, req, replayed, req.intent.slots);

  const a = await assess(ctx, req);
  if (a.kind === 'incomplete') return fail(req, 'I need a VM and a destination host to migrate.');
  if (a.kind === 'ask') {
    return fail(req, `${a.problem ?? 'I need a destination host.'} Nothing was changed.`, {
      slots: a.slots,
    });
  }
  if (a.kind === 'refuse') return fail(req, a.message, { slots: a.slots });
  const { value: m } = await ctx.store.startMigration({
    vmId: a.vm.id,
    destinationHostId: a.destination.id,
    autoConverge: a.autoConverge,
    idempotencyKey: key,
  });
  return started(ctx, req, m, a.slots);
}

/** The idempotency key of this migration request: who asked, and for what. */
function requestKey(req: LexRequest): string | undefined {
  const name = (slot: string, normaliseName: (raw: string) => string | undefined) => {
    const raw = req.slot(slot);
    return raw === undefined ? undefined : normaliseName(raw);
  };
  return idempotencyKey(
    req,
    name(SLOT.VmName, normaliseVmName),
    name(SLOT.TargetHost, normaliseHostName),
    wantsAutoConverge(req) ? 'auto-converge' : undefined,
  );
}

/** A migration request, as the conversation keeps suggestions. */
function request(vm: string, host: string, autoConverge: boolean) {
  return {
    intent: INTENT.MigrateVm,
    slots: {
      [SLOT.VmName]: vm,
      [SLOT.TargetHost]: host,
      ...(autoConverge ? { [SLOT.AutoConverge]: 'auto-converge' } : {}),
    },
  };
}

/**
 * The answer to a migration that has started (or stopped at once). Chain 1: while it runs, the
 * answer goes on to MigrationReport and asks whether to follow it (its Follow slot, elicited by
 * the Lambda: a switch of intent that the Lambda response format allows).
 */
function started(
  ctx: IntentContext,
  req: LexRequest,
  m: MigrationRecord,
  slots: LexSlots,
): LexResponse {
  // Only an abort at the very start is news now; a later one is the report's to tell.
  if (m.status === 'aborted' && m.plan.endMs === 0) {
    return fail(
      req,
      `The migration of ${m.vmId} stopped at once (${m.abortReason}); it stays on ${m.sourceHostId}.`,
      { slots },
    );
  }
  const said = `Migrating ${m.vmId} from ${m.sourceHostId} to ${m.destinationHostId}: ${planSentence(m.plan.precopy)}.`;
  const progress = { [PROGRESS_ATTRIBUTE]: m.vmId };
  if (m.status !== 'in-flight' || ctx.now() >= m.endsAt) {
    return done(req, said, { slots, sessionAttributes: progress });
  }
  return elicitSlot(req.sessionState, {
    intentName: INTENT.MigrationReport,
    slots: normalise({}, SLOT.VmName, m.vmId),
    slotToElicit: SLOT.Follow,
    messages: [said, `Do you want to follow ${m.vmId}'s migration?`],
    sessionAttributes: progress,
  });
}

export const hooks: IntentHooks = { dialog: migrateVmDialog, fulfil: migrateVmFulfill };
