import { SLOT } from '../../bot-definition/names';
import { formatMiB } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import type { IntentContext } from './context';
import type { IntentHooks } from './registry';
import { hostLine } from './describe';
import { hostSlotDialog } from './slot-hooks';
import { done, fail } from './respond';
import { resolveHost } from './resolve';

/** ListHosts: the fleet in a few lines, or one host in detail with its VMs. */
export const listHostsDialog = (ctx: IntentContext, req: LexRequest): Promise<LexResponse> =>
  hostSlotDialog(ctx, req, SLOT.HostName);

export async function listHostsFulfill(ctx: IntentContext, req: LexRequest): Promise<LexResponse> {
  const res = await resolveHost(ctx, req.slot(SLOT.HostName));
  if (res.kind === 'problem') return fail(req, res.message);
  const vms = await ctx.store.listVms();
  if (res.kind === 'found') {
    const h = res.value;
    const mine = vms.filter((v) => v.hostId === h.id);
    const incoming = vms.filter((v) => v.migration?.destinationHostId === h.id);
    const lines = [
      `${hostLine(h)}; migration link ${h.bandwidthMiBps} MiB/s.`,
      mine.length
        ? `VMs: ${mine.map((v) => `${v.id} (${formatMiB(v.memoryMiB)}, ${v.applianceId}${v.migration ? `, migrating to ${v.migration.destinationHostId}` : ''})`).join(', ')}.`
        : 'No VMs run on it.',
    ];
    if (incoming.length) lines.push(`Arriving: ${incoming.map((v) => v.id).join(', ')}.`);
    return done(req, lines.join('\n'));
  }
  const hosts = await ctx.store.listHosts();
  const lines = [...hosts]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((h) => {
      const mine = vms.filter((v) => v.hostId === h.id).map((v) => v.id);
      return `${hostLine(h)}; ${mine.length ? `runs ${mine.join(', ')}` : 'no VMs'}.`;
    });
  return done(req, [`${hosts.length} hosts:`, ...lines].join('\n'));
}

export const hooks: IntentHooks = { dialog: listHostsDialog, fulfil: listHostsFulfill };
