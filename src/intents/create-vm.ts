import { SLOT } from '../../bot-definition/names';
import { capacityRefusals, formatMiB, joinReasons, placeNewVm, type Appliance } from '../engine';
import { setSlot, type LexRequest, type LexResponse, type LexSlots } from '../lex';
import type { HostView, VmView } from '../store/port';
import type { IntentContext } from './context';
import type { IntentHooks } from './registry';
import { hostKind } from './describe';
import { normalise } from './slot-hooks';
import { normaliseApplianceName, normaliseHostName, normaliseVmName } from './recognise';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { quote, resolveAppliance, resolveHost } from './resolve';

/**
 * CreateVm: a VM from a virtual appliance. Placement picks the host unless one is named; the
 * name is the next vm-<n> unless one is given. Memory defaults to the appliance's.
 */
const MAX_MEMORY_GIB = 1024;
const GENERIC =
  /^(?:the |a |an |new )?(?:vm|box|server|instance|machine|virtual machine|guest|one|node)s?$/i;

type Assessment =
  | { kind: 'incomplete'; slots: LexSlots }
  | { kind: 'refuse'; message: string; slots: LexSlots }
  | { kind: 'ask'; slot: string; message: string; slots: LexSlots }
  | { kind: 'taken'; message: string; slots: LexSlots; appliance: Appliance; existing: VmView }
  | {
      kind: 'ready';
      slots: LexSlots;
      appliance: Appliance;
      name?: string;
      host: HostView;
      memoryMiB: number;
      placed: boolean;
    };

async function assess(ctx: IntentContext, req: LexRequest): Promise<Assessment> {
  let slots = req.intent.slots;
  const applianceRes = await resolveAppliance(ctx, req.slot(SLOT.ApplianceName));
  if (applianceRes.kind === 'missing') return { kind: 'incomplete', slots };
  if (applianceRes.kind === 'problem') {
    return { kind: 'ask', slot: SLOT.ApplianceName, message: applianceRes.message, slots };
  }
  const appliance = applianceRes.value;
  slots = normalise(slots, SLOT.ApplianceName, appliance.id);

  let name: string | undefined;
  const rawName = req.slot(SLOT.VmName);
  // "a redis box", "a new instance": a word for any VM, not a name for this one.
  if (rawName !== undefined && GENERIC.test(rawName.trim())) {
    slots = { ...slots, [SLOT.VmName]: null };
  } else if (rawName !== undefined) {
    name = normaliseVmName(rawName);
    if (!name) {
      return {
        kind: 'ask',
        slot: SLOT.VmName,
        slots,
        message: `${quote(rawName)} can't be a VM name: use letters, digits and dashes, like vm-9 or web-2.`,
      };
    }
    const existing = await ctx.store.getVm(name);
    if (existing) {
      return {
        kind: 'taken',
        existing,
        appliance,
        slots,
        message: `There is already a VM called ${name}. What should the new one be called?`,
      };
    }
    slots = normalise(slots, SLOT.VmName, name);
  }

  let memoryMiB = appliance.memoryMiB;
  const rawMemory = req.slot(SLOT.MemoryGiB);
  if (rawMemory !== undefined) {
    const gib = Number(rawMemory);
    if (!Number.isFinite(gib) || gib <= 0 || gib > MAX_MEMORY_GIB || !Number.isInteger(gib * 4)) {
      return {
        kind: 'ask',
        slot: SLOT.MemoryGiB,
        slots,
        message: `${/^[\d.]+$/.test(rawMemory) ? rawMemory : quote(rawMemory)} GiB won't do: give a size from 0.25 to ${MAX_MEMORY_GIB} GiB in quarters, like 4 or 8.`,
      };
    }
    memoryMiB = gib * 1024;
    slots = setSlot(slots, SLOT.MemoryGiB, String(gib), rawMemory);
  }
  const need = { name: name ?? 'the new VM', memoryMiB, vcpus: appliance.vcpus };

  const hostRes = await resolveHost(ctx, req.slot(SLOT.TargetHost));
  if (hostRes.kind === 'problem')
    return { kind: 'ask', slot: SLOT.TargetHost, message: hostRes.message, slots };
  if (hostRes.kind === 'found') {
    const host = hostRes.value;
    const refusals = capacityRefusals(need, { host, usage: host.usage });
    if (refusals.length > 0) {
      return {
        kind: 'ask',
        slot: SLOT.TargetHost,
        slots,
        message: `${joinReasons(refusals)}. Which host should it go on?`,
      };
    }
    slots = normalise(slots, SLOT.TargetHost, host.id);
    return { kind: 'ready', slots, appliance, name, host, memoryMiB, placed: false };
  }
  const hosts = await ctx.store.listHosts();
  const best = placeNewVm(
    need,
    hosts.map((h) => ({ host: h, usage: h.usage })),
  ).candidates[0];
  if (!best) {
    // Offer the size that does fit, if any; when no host has the vCPUs, no size helps.
    const roomiest = hosts
      .filter((h) => h.state === 'active' && h.free.vcpus >= appliance.vcpus)
      .sort((a, b) => b.free.memoryMiB - a.free.memoryMiB)[0];
    const fits = roomiest ? Math.floor(roomiest.free.memoryMiB / 256) / 4 : 0;
    if (!roomiest || fits < 0.25) {
      return {
        kind: 'refuse',
        slots,
        message: `No host has room for a ${appliance.name} VM right now (${formatMiB(memoryMiB)} and ${appliance.vcpus} vCPUs): nothing was created. "list hosts" shows what is free.`,
      };
    }
    return {
      kind: 'ask',
      slot: SLOT.MemoryGiB,
      slots,
      message: `No host has room for ${formatMiB(memoryMiB)} and ${appliance.vcpus} vCPUs right now; ${roomiest.id} could take up to ${fits} GiB. How many GiB should it have?`,
    };
  }
  const host = hosts.find((h) => h.id === best.host.id)!;
  return { kind: 'ready', slots, appliance, name, host, memoryMiB, placed: true };
}

export async function createVmDialog(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  const a = await assess(ctx, req);
  if (a.kind === 'incomplete') return carryOn(req, { slots: a.slots });
  if (a.kind === 'ask') return askAgain(req, a.slot, a.message, { slots: a.slots });
  if (a.kind === 'refuse') return fail(req, a.message, { slots: a.slots });
  if (a.kind === 'taken') return askAgain(req, SLOT.VmName, a.message, { slots: a.slots });
  const { appliance: ap } = a;
  const where = a.placed ? `${a.host.id} (placement's choice: the most free memory)` : a.host.id;
  return confirm(
    req,
    `Create ${a.name ?? 'a new VM'} from the ${ap.name} appliance (${ap.os}: ${ap.applications.join(', ')}; ${formatMiB(a.memoryMiB)}, ${ap.vcpus} vCPUs) on ${where}?`,
    { slots: a.slots },
  );
}

export async function createVmFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  // Lex may invoke the same fulfillment again: answer with the VM the first call created.
  const key = requestKey(req);
  const earlier = key && (await ctx.store.idempotentResult(key));
  const replayed = earlier ? await ctx.store.getVm(earlier) : undefined;
  if (replayed) {
    const appliance = await ctx.store.getAppliance(replayed.applianceId);
    if (appliance) return created(ctx, req, replayed, appliance, req.intent.slots);
  }

  const a = await assess(ctx, req);
  if (a.kind === 'incomplete') return fail(req, 'I need an appliance to create a VM from.');
  // The fulfillment cannot ask: it says what is wrong, without the question.
  if (a.kind === 'refuse') return fail(req, a.message, { slots: a.slots });
  if (a.kind !== 'ready')
    return fail(req, `${statement(a.message)} Nothing was created.`, { slots: a.slots });
  const { value: vm } = await ctx.store.createVm({
    id: a.name,
    applianceId: a.appliance.id,
    hostId: a.host.id,
    memoryMiB: a.memoryMiB,
    idempotencyKey: key,
  });
  return created(ctx, req, vm, a.appliance, a.slots, a.host);
}

/** The idempotency key of this creation request: who asked, and for what (as asked). */
function requestKey(req: LexRequest): string | undefined {
  const raw = (slot: string, normaliseName: (raw: string) => string | undefined) => {
    const value = req.slot(slot);
    return value === undefined ? undefined : (normaliseName(value) ?? value);
  };
  return idempotencyKey(
    req,
    raw(SLOT.ApplianceName, normaliseApplianceName),
    raw(SLOT.VmName, normaliseVmName),
    raw(SLOT.TargetHost, normaliseHostName),
    req.slot(SLOT.MemoryGiB),
  );
}

/** A message without its closing question: "X is taken. What should it be called?" → "X is taken." */
function statement(message: string): string {
  return message.replace(/(?<=[.!])\s+[^.!?]*\?$/, '').replace(/\s*[^.!?]*\?$/, '') || message;
}

async function created(
  ctx: IntentContext,
  req: LexRequest,
  vm: VmView,
  appliance: Appliance,
  slots: LexSlots,
  host?: HostView,
): Promise<LexResponse> {
  const on = host ?? (await ctx.store.getHost(vm.hostId));
  return done(
    req,
    `Created ${vm.id} (${appliance.name}, ${formatMiB(vm.memoryMiB)}, ${vm.vcpus} vCPUs) on ${vm.hostId}${on ? ` (${hostKind(on)})` : ''}.`,
    { slots: normalise(slots, SLOT.VmName, vm.id) },
  );
}

export const hooks: IntentHooks = { dialog: createVmDialog, fulfil: createVmFulfill };
