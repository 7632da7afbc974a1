import type { Appliance } from '../engine';
import type { HostView, VmView } from '../store/port';
import type { IntentContext } from './context';
import {
  closeMatches,
  normaliseApplianceName,
  normaliseHostName,
  normaliseVmName,
  orList,
} from './recognise';
import { mentions } from './conversation/mentions';
import { isReference } from './conversation/phrases';

/** A slot value looked up in the fleet: found, or a sentence saying what is wrong. */
export type Resolution<T> =
  { kind: 'missing' } | { kind: 'found'; value: T } | { kind: 'problem'; message: string };

/** User text quoted back safely: no control characters, never longer than 40 characters. */
export function quote(raw: string): string {
  const clean = raw.replace(/[\p{C}]+/gu, ' ').trim();
  return `"${clean.length > 40 ? `${clean.slice(0, 37)}...` : clean}"`;
}

/**
 * A VM from what the user called it: a name ("vm 3", "vm4", "VM seven"), a name among other
 * words ("um, vm-3 I think"), "it" or "that one" (the VM last talked about), or its appliance
 * ("the web server": the one VM running it, else a question naming the candidates).
 */
export async function resolveVm(
  ctx: IntentContext,
  raw: string | undefined,
): Promise<Resolution<VmView>> {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  if (isReference(raw)) {
    const last = ctx.lastVm && (await ctx.store.getVm(ctx.lastVm));
    if (last) return { kind: 'found', value: last };
    return { kind: 'problem', message: 'Which VM do you mean? Name it, like vm-3.' };
  }
  const said = mentions(raw);
  const named = normaliseVmName(raw);
  const mentioned = said.vms.length === 1 ? said.vms[0] : undefined;
  const vm =
    (named && (await ctx.store.getVm(named))) || (mentioned && (await ctx.store.getVm(mentioned)));
  if (vm) return { kind: 'found', value: vm };
  const id = mentioned ?? named;
  // "the web server" describes a VM; "db-9" (with a number) names one.
  if (said.appliances.length === 1 && said.vms.length === 0 && !/\d/.test(raw)) {
    return byAppliance(ctx, said.appliances[0]!);
  }
  if (!id || sentence(raw)) {
    return {
      kind: 'problem',
      message: `${quote(raw)} doesn't look like a VM name. VMs are named like vm-3.`,
    };
  }
  const ids = (await ctx.store.listVms()).map((v) => v.id);
  const near = closeMatches(id, ids);
  ctx.notes?.choices(near);
  return {
    kind: 'problem',
    message: near.length
      ? `I can't find a VM called ${id}. Did you mean ${orList(near)}?`
      : `I can't find a VM called ${id}. The fleet has ${summariseIds(ids)}.`,
  };
}

/** "the web server": the one VM of that appliance, or a question naming them. */
async function byAppliance(ctx: IntentContext, applianceId: string): Promise<Resolution<VmView>> {
  const [vms, appliance] = await Promise.all([
    ctx.store.listVms(),
    ctx.store.getAppliance(applianceId),
  ]);
  const candidates = vms
    .filter((v) => v.applianceId === applianceId)
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
  const what = appliance?.name ?? applianceId;
  const [only] = candidates;
  if (candidates.length === 1 && only) return { kind: 'found', value: only };
  if (candidates.length === 0) {
    return { kind: 'problem', message: `No VM runs the ${what} appliance. Which VM do you mean?` };
  }
  ctx.notes?.choices(candidates.map((v) => v.id));
  return {
    kind: 'problem',
    message: `${candidates.length} VMs run the ${what} appliance: which one do you mean, ${orList(candidates.map((v) => `${v.id} (on ${v.hostId})`))}?`,
  };
}

/** A host from what the user called it: "host B", "hosta", "bravo", "um, host a maybe". */
export async function resolveHost(
  ctx: IntentContext,
  raw: string | undefined,
): Promise<Resolution<HostView>> {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const said = mentions(raw).hosts;
  const named = normaliseHostName(raw);
  const mentioned = said.length === 1 ? said[0] : undefined;
  if (mentioned && mentioned !== named) {
    const host = await ctx.store.getHost(mentioned);
    if (host) return { kind: 'found', value: host };
  }
  const id = named ?? mentioned;
  if (!id || sentence(raw)) {
    return {
      kind: 'problem',
      message: `${quote(raw)} doesn't look like a host name. Hosts are named like host-b.`,
    };
  }
  const host = await ctx.store.getHost(id);
  if (host) return { kind: 'found', value: host };
  const ids = (await ctx.store.listHosts()).map((h) => h.id);
  const near = closeMatches(id, ids);
  ctx.notes?.choices(near);
  return {
    kind: 'problem',
    message: near.length
      ? `There is no host called ${id}. Did you mean ${orList(near)}?`
      : `There is no host called ${id}. The hosts are ${summariseIds(ids)}.`,
  };
}

export async function resolveAppliance(
  ctx: IntentContext,
  raw: string | undefined,
): Promise<Resolution<Appliance>> {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const id = normaliseApplianceName(raw);
  const catalogue = await ctx.store.listAppliances();
  const found = id && catalogue.find((a) => a.id === id || normaliseApplianceName(a.name) === id);
  if (found) return { kind: 'found', value: found };
  const near = id
    ? closeMatches(
        id,
        catalogue.map((a) => a.id),
      )
    : [];
  const all = catalogue.map((a) => a.id);
  return {
    kind: 'problem',
    message: near.length
      ? `There is no appliance called ${quote(raw)}. Did you mean ${orList(near)}?`
      : `There is no appliance called ${quote(raw)}. The appliances are ${orList(all)}.`,
  };
}

/** Three words or more that name nothing: a sentence, not a name ("what is the weather"). */
function sentence(raw: string): boolean {
  return raw.trim().split(/\s+/).length >= 3;
}

/** The ids listed (up to ten), or "20 of them, vm-1 to vm-20". */
export function summariseIds(ids: readonly string[]): string {
  const sorted = [...ids].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (sorted.length === 0) return 'nothing yet';
  if (sorted.length <= 10) return sorted.join(', ');
  return `${sorted.length} of them, ${sorted[0]} to ${sorted[sorted.length - 1]}`;
}
