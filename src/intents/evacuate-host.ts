import { SLOT } from '../../bot-definition/names';
import { formatMiB, formatMs, type HostUsage } from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import { isStoreError } from '../store/errors';
import type { HostView, MigrationRecord, VmView } from '../store/port';
import { destinationsFor } from './destinations';
import type { IntentContext } from './context';
import type { IntentHooks } from './registry';
import { about } from './describe';
import { normalise } from './slot-hooks';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { andList } from './recognise';
import { resolveHost } from './resolve';
import { storeErrorText } from './store-errors';

/**
 * EvacuateHost: maintenance mode. Every VM gets a destination (largest first, each choice
 * counting the room the earlier ones took) and the migrations run one after another, each
 * queued to start when the previous one ends: one VM at a time on the host's link.
 */
interface Move {
  vm: VmView;
  destination?: string;
  estimateMs?: number;
  problem?: string;
  /** The VM is leaving already: the destination of its migration in flight. */
  leavingFor?: string;
}

interface Evacuation {
  moves: Move[];
  /** VMs migrating to this host right now: they arrive after the evacuation. */
  arriving: VmView[];
}

/** How long each VM already leaving has still to go (a store read each: only for the question). */
async function timesLeft(ctx: IntentContext, moves: readonly Move[]): Promise<Map<Move, number>> {
  const left = new Map<Move, number>();
  for (const m of moves) {
    if (!m.vm.migration) continue;
    const flight = await ctx.store.getMigration(m.vm.migration.id);
    if (flight) left.set(m, Math.max(0, flight.endsAt - ctx.now()));
  }
  return left;
}

async function planEvacuation(ctx: IntentContext, host: HostView): Promise<Evacuation> {
  const [vms, hosts] = await Promise.all([ctx.store.listVms(), ctx.store.listHosts()]);
  const usage = new Map<string, HostUsage>(hosts.map((h) => [h.id, h.usage]));
  const others = hosts.filter((h) => h.id !== host.id);
  const moves: Move[] = [];
  const mine = vms.filter((v) => v.hostId === host.id);
  for (const vm of mine.sort((a, b) => b.memoryMiB - a.memoryMiB || a.id.localeCompare(b.id))) {
    if (vm.migration) {
      moves.push({ vm, leavingFor: vm.migration.destinationHostId });
      continue;
    }
    // Each choice counts the room the earlier ones took.
    const { placement, viable } = destinationsFor(vm, host, others, (h) => usage.get(h.id)!);
    const best = viable[0];
    if (!best) {
      const why = placement.candidates.length
        ? 'it writes memory faster than any link can copy it; move it later with auto-converge'
        : placement.excluded.map((e) => e.refusals[0]!.message).join('; ');
      moves.push({ vm, problem: why });
      continue;
    }
    const dest = best.candidate.host.id;
    const u = usage.get(dest)!;
    usage.set(dest, {
      ...u,
      reservedMemoryMiB: u.reservedMemoryMiB + vm.memoryMiB,
      reservedVcpus: u.reservedVcpus + vm.vcpus,
    });
    moves.push({ vm, destination: dest, estimateMs: best.estimate.totalTimeMs ?? 0 });
  }
  const arriving = vms.filter((v) => v.migration?.destinationHostId === host.id);
  return { moves, arriving };
}

const arrivingLine = (host: string, vms: VmView[]) =>
  `${andList(vms.map((v) => v.id))} ${vms.length === 1 ? 'is' : 'are'} migrating here; evacuate ${host} again once ${vms.length === 1 ? 'it has' : 'they have'} arrived.`;

export async function evacuateHostDialog(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveHost(ctx, req.slot(SLOT.HostName));
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  if (res.kind === 'problem') return askAgain(req, SLOT.HostName, res.message);
  if (res.kind === 'missing') return carryOn(req);
  const host = res.value;
  const slots = normalise(req.intent.slots, SLOT.HostName, host.id);
  const { moves, arriving } = await planEvacuation(ctx, host);
  if (moves.length === 0) {
    if (host.state === 'maintenance' && arriving.length === 0)
      return fail(req, `${host.id} is already in maintenance and runs no VMs.`, { slots });
    const note = arriving.length ? ` ${arrivingLine(host.id, arriving)}` : '';
    return confirm(req, `${host.id} runs no VMs.${note} Put it in maintenance?`, { slots });
  }
  if (moves.every((m) => m.problem)) {
    // Nothing could leave: maintenance would strand every VM. End here, with the reasons.
    return fail(
      req,
      [
        `I won't evacuate ${host.id}: none of its VMs can move right now, so it stays as it is.`,
        ...moves.map((m) => `- ${m.vm.id}: ${m.problem}`),
        ...(arriving.length ? [arrivingLine(host.id, arriving)] : []),
      ].join('\n'),
      { slots },
    );
  }
  // The host is empty only once a VM already leaving has left: its time left counts, beside the
  // moves the bot starts one at a time. (Read here, for the question: fulfilment needs none.)
  const left = await timesLeft(ctx, moves);
  const lines = moves.map((m) =>
    m.destination
      ? `- ${m.vm.id} (${formatMiB(m.vm.memoryMiB)}) to ${m.destination}, ${about(m.estimateMs!)}`
      : m.leavingFor
        ? `- ${m.vm.id} is already migrating to ${m.leavingFor}${left.has(m) ? `, ${about(left.get(m)!)} left` : ''}`
        : `- ${m.vm.id} stays: ${m.problem}`,
  );
  const total = Math.max(
    moves.reduce((t, m) => t + (m.estimateMs ?? 0), 0),
    ...left.values(),
  );
  return confirm(
    req,
    [
      moves.some((m) => m.destination)
        ? `Evacuate ${host.id} and put it in maintenance? One at a time, I would live-migrate:`
        : `Evacuate ${host.id} and put it in maintenance? Nothing more to move:`,
      ...lines,
      ...(arriving.length ? [arrivingLine(host.id, arriving)] : []),
      `${about(total)} in all. Shall I go ahead?`,
    ].join('\n'),
    { slots },
  );
}

export async function evacuateHostFulfill(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveHost(ctx, req.slot(SLOT.HostName));
  if (res.kind !== 'found') return fail(req, res.kind === 'problem' ? res.message : 'Which host?');
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  const host = res.value;
  const { moves, arriving } = await planEvacuation(ctx, host);
  // Maintenance first, so that placement sends nothing new here while the VMs leave.
  await ctx.store.setHostState(host.id, 'maintenance');
  const lines: string[] = [];
  const staying: string[] = [];
  let nextStart = ctx.now();
  for (const [i, move] of moves.entries()) {
    // One key per VM: a Lex retry of this fulfillment answers with what the first call started.
    // Only a VM already leaving can be one the first call started (its record is read); a VM
    // still to move replays through startMigration's own key; one that stays needs no read.
    const key = idempotencyKey(req, host.id, move.vm.id);
    if (move.leavingFor) {
      const earlier = key && (await ctx.store.idempotentResult(key));
      const replayed = earlier ? await ctx.store.getMigration(earlier) : undefined;
      if (replayed) {
        lines.push(moveLine(ctx, replayed));
        nextStart = Math.max(nextStart, replayed.endsAt);
      } else {
        lines.push(`${move.vm.id}: already migrating to ${move.leavingFor}.`);
      }
      continue;
    }
    if (!move.destination) {
      lines.push(`${move.vm.id}: not moved (${move.problem}).`);
      staying.push(move.vm.id);
      continue;
    }
    try {
      const { value: m } = await ctx.store.startMigration({
        vmId: move.vm.id,
        destinationHostId: move.destination,
        startAt: nextStart,
        idempotencyKey: key,
      });
      lines.push(moveLine(ctx, m));
      nextStart = m.endsAt;
    } catch (err) {
      if (!isStoreError(err)) throw err;
      if (err.code === 'unavailable') {
        // Part of the evacuation is done: say exactly which part, not "nothing was done".
        const left = moves
          .slice(i + 1)
          .filter((m) => m.destination)
          .map((m) => m.vm.id);
        return fail(
          req,
          [
            `${host.id} is now in maintenance, but then the fleet database stopped answering. ${storeErrorText(err)}`,
            ...lines,
            `I don't know whether ${move.vm.id} started to move, and I did not get to ${andList(left) || 'any other VM'}.`,
            `"list hosts" shows where things are; "evacuate ${host.id}" again moves what is left.`,
          ].join('\n'),
        );
      }
      lines.push(`${move.vm.id}: not moved (${storeErrorText(err).replace(/\.$/, '')}).`);
      staying.push(move.vm.id);
    }
  }
  const headline = `${host.id} is now in maintenance.`;
  const tail = staying.length
    ? [`Still on ${host.id}: ${staying.join(', ')}.`]
    : moves.length
      ? [`All its VMs are on their way; done in ${about(Math.max(0, nextStart - ctx.now()))}.`]
      : [];
  if (arriving.length) tail.push(arrivingLine(host.id, arriving));
  return done(req, [headline, ...lines, ...tail].join('\n'));
}

/** "vm-1 to host-b: starts in 7.8 s, about 3.6 s." (wall-clock times, whatever the time scale) */
function moveLine(ctx: IntentContext, m: MigrationRecord): string {
  const now = ctx.now();
  const when = m.startedAt > now ? `starts in ${formatMs(m.startedAt - now)}` : 'migrating now';
  return `${m.vmId} to ${m.destinationHostId}: ${when}, ${about(m.endsAt - m.startedAt)}.`;
}

export const hooks: IntentHooks = { dialog: evacuateHostDialog, fulfil: evacuateHostFulfill };
