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

/** A slot value looked up in the fleet: found, or a sentence saying what is wrong. */
export type Resolution<T> =
  { kind: 'missing' } | { kind: 'found'; value: T } | { kind: 'problem'; message: string };

/** User text quoted back safely: no control characters, never longer than 40 characters. */
export function quote(raw: string): string {
  const clean = raw.replace(/[\p{C}]+/gu, ' ').trim();
  return `"${clean.length > 40 ? `${clean.slice(0, 37)}...` : clean}"`;
}

export async function resolveVm(
  ctx: IntentContext,
  raw: string | undefined,
): Promise<Resolution<VmView>> {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const id = normaliseVmName(raw);
  if (!id) {
    return {
      kind: 'problem',
      message: `${quote(raw)} doesn't look like a VM name. VMs are named like vm-3.`,
    };
  }
  const vm = await ctx.store.getVm(id);
  if (vm) return { kind: 'found', value: vm };
  const ids = (await ctx.store.listVms()).map((v) => v.id);
  const near = closeMatches(id, ids);
  return {
    kind: 'problem',
    message: near.length
      ? `I can't find a VM called ${id}. Did you mean ${orList(near)}?`
      : `I can't find a VM called ${id}. The fleet has ${summariseIds(ids)}.`,
  };
}

export async function resolveHost(
  ctx: IntentContext,
  raw: string | undefined,
): Promise<Resolution<HostView>> {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const id = normaliseHostName(raw);
  if (!id) {
    return {
      kind: 'problem',
      message: `${quote(raw)} doesn't look like a host name. Hosts are named like host-b.`,
    };
  }
  const host = await ctx.store.getHost(id);
  if (host) return { kind: 'found', value: host };
  const ids = (await ctx.store.listHosts()).map((h) => h.id);
  const near = closeMatches(id, ids);
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

/** The ids listed (up to ten), or "20 of them, vm-1 to vm-20". */
export function summariseIds(ids: readonly string[]): string {
  const sorted = [...ids].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (sorted.length === 0) return 'nothing yet';
  if (sorted.length <= 10) return sorted.join(', ');
  return `${sorted.length} of them, ${sorted[0]} to ${sorted[sorted.length - 1]}`;
}
