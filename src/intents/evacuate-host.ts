import { SLOT } from '../../bot-definition/names';
import {
  formatMiB,
  formatMs,
  joinReasons,
  placeMigration,
  precopyParamsFor,
  simulatePrecopy,
  type HostUsage,
} from '../engine';
import type { LexRequest, LexResponse } from '../lex';
import { isStoreError, type HostView, type VmView } from '../store';
import type { IntentContext } from './context';
import { about } from './describe';
import { normalise } from './migrate-vm';
import { askAgain, carryOn, confirm, done, fail, idempotencyKey, notConfirmed } from './respond';
import { andList } from './recognise';
import { resolveHost } from './resolve';

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

async function planEvacuation(ctx: IntentContext, host: HostView): Promise<Move[]> {
  const [vms, hosts] = await Promise.all([ctx.store.listVmsOnHost(host.id), ctx.store.listHosts()]);
  const usage = new Map<string, HostUsage>(hosts.map((h) => [h.id, h.usage]));
  const moves: Move[] = [];
  for (const vm of [...vms].sort((a, b) => b.memoryMiB - a.memoryMiB || a.id.localeCompare(b.id))) {
    if (vm.migration) {
      moves.push({ vm, leavingFor: vm.migration.destinationHostId });
      continue;
    }
    const others = hosts
      .filter((h) => h.id !== host.id)
      .map((h) => ({ host: h, usage: usage.get(h.id)! }));
    const placement = placeMigration(vm, host, others);
    const viable = placement.candidates.find((c) => {
      const dest = hosts.find((h) => h.id === c.host.id)!;
      return simulatePrecopy(precopyParamsFor(vm, host, dest)).outcome === 'completed';
    });
    if (!viable) {
      const why = placement.candidates.length
        ? `it writes memory faster than any link can copy it; move it later with auto-converge`
        : placement.excluded.map((e) => `${e.host.id}: ${joinReasons(e.refusals)}`).join('; ');
      moves.push({ vm, problem: why });
      continue;
    }
    const dest = hosts.find((h) => h.id === viable.host.id)!;
    const estimate = simulatePrecopy(precopyParamsFor(vm, host, dest));
    const u = usage.get(dest.id)!;
    usage.set(dest.id, {
      ...u,
      reservedMemoryMiB: u.reservedMemoryMiB + vm.memoryMiB,
      reservedVcpus: u.reservedVcpus + vm.vcpus,
    });
    moves.push({ vm, destination: dest.id, estimateMs: estimate.totalTimeMs ?? 0 });
  }
  return moves;
}

export async function evacuateHostDialog(
  ctx: IntentContext,
  req: LexRequest,
): Promise<LexResponse> {
  const res = await resolveHost(ctx, req.slot(SLOT.HostName));
  if (req.intent.confirmationState === 'Denied') {
    return fail(req, `OK, ${res.kind === 'found' ? res.value.id : 'the host'} stays as it is.`);
  }
  if (req.intent.confirmationState === 'Confirmed') return carryOn(req);
  if (res.kind === 'problem') return askAgain(req, SLOT.HostName, res.message);
  if (res.kind === 'missing') return carryOn(req);
  const host = res.value;
  const slots = normalise(req.intent.slots, SLOT.HostName, host.id);
  const moves = await planEvacuation(ctx, host);
  if (moves.length === 0) {
    if (host.state === 'maintenance')
      return fail(req, `${host.id} is already in maintenance and runs no VMs.`, { slots });
    return confirm(req, `${host.id} runs no VMs. Put it in maintenance?`, { slots });
  }
  const lines = moves.map((m) =>
    m.destination
      ? `- ${m.vm.id} (${formatMiB(m.vm.memoryMiB)}) to ${m.destination}, ${about(m.estimateMs!)}`
      : m.leavingFor
        ? `- ${m.vm.id} is already migrating to ${m.leavingFor}`
        : `- ${m.vm.id} stays: ${m.problem}`,
  );
  const total = moves.reduce((t, m) => t + (m.estimateMs ?? 0), 0);
  return confirm(
    req,
    [
      `Evacuate ${host.id} and put it in maintenance? One at a time, I would live-migrate:`,
      ...lines,
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
  if (req.intent.confirmationState === 'Denied')
    return fail(req, `OK, ${res.value.id} stays as it is.`);
  if (req.intent.confirmationState !== 'Confirmed') return notConfirmed(req);
  const host = res.value;
  const moves = await planEvacuation(ctx, host);
  // Maintenance first, so that placement sends nothing new here while the VMs leave.
  await ctx.store.setHostState(host.id, 'maintenance');
  const key = idempotencyKey(req);
  const lines: string[] = [];
  const staying: string[] = [];
  let nextStart = ctx.now();
  for (const [i, move] of moves.entries()) {
    const target = move.destination ?? move.leavingFor;
    if (!target) {
      lines.push(`${move.vm.id}: not moved (${move.problem}).`);
      staying.push(move.vm.id);
      continue;
    }
    if (move.leavingFor && !key) {
      lines.push(`${move.vm.id}: already migrating to ${move.leavingFor}.`);
      continue;
    }
    try {
      // For a VM already leaving, the same key makes the store answer with the migration this
      // request started on an earlier invocation (a Lex retry), or refuse as in flight.
      const { value: m } = await ctx.store.startMigration({
        vmId: move.vm.id,
        destinationHostId: target,
        startAt: nextStart,
        idempotencyKey: key && `${key}#${move.vm.id}`,
      });
      const when =
        m.startedAt > ctx.now()
          ? `starts in ${formatMs(m.startedAt - ctx.now())}`
          : 'migrating now';
      lines.push(
        `${m.vmId} to ${m.destinationHostId}: ${when}, ${about(m.plan.precopy.totalTimeMs ?? 0)}.`,
      );
      nextStart = m.endsAt;
    } catch (err) {
      if (!isStoreError(err)) throw err;
      if (err.code === 'unavailable') {
        // Part of the evacuation is done: say exactly which part, not "nothing was done".
        const left = moves
          .slice(i + 1)
          .filter((m) => m.destination ?? m.leavingFor)
          .map((m) => m.vm.id);
        return fail(
          req,
          [
            `${host.id} is now in maintenance, but then the fleet database stopped answering. ${err.message}`,
            ...lines,
            `I don't know whether ${move.vm.id} started to move, and I did not get to ${andList(left) || 'any other VM'}.`,
            `"list hosts" shows where things are; "evacuate ${host.id}" again moves what is left.`,
          ].join('\n'),
        );
      }
      if (move.leavingFor && err.code === 'migration-in-flight') {
        lines.push(`${move.vm.id}: already migrating to ${move.leavingFor}.`);
        continue;
      }
      lines.push(`${move.vm.id}: not moved (${err.message.replace(/\.$/, '')}).`);
      staying.push(move.vm.id);
    }
  }
  const headline = `${host.id} is now in maintenance.`;
  const tail = staying.length
    ? [`Still on ${host.id}: ${staying.join(', ')}.`]
    : moves.length
      ? [`All its VMs are on their way; done in ${about(Math.max(0, nextStart - ctx.now()))}.`]
      : [];
  return done(req, [headline, ...lines, ...tail].join('\n'));
}
