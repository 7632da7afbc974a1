import {
  placeMigration,
  precopyParamsFor,
  simulatePrecopy,
  type Candidate,
  type Host,
  type HostUsage,
  type Placement,
  type PrecopyResult,
  type Vm,
} from '../engine';
import type { HostView, VmView } from '../store/port';
import { exclusionsSentence } from './describe';
import { orList } from './recognise';

/**
 * Where a VM can really go: placement's candidates (compatible, with room) whose pre-copy also
 * converges, best first. The estimate depends only on the slower of the two links, so each
 * link speed is simulated once.
 */
export interface Destinations {
  placement: Placement;
  /** Candidates whose migration would complete, with their estimates, best first. */
  viable: { candidate: Candidate; estimate: PrecopyResult }[];
  /** Candidates where pre-copy would not converge (auto-converge might help). */
  notConverging: Candidate[];
}

export function destinationsFor(
  vm: Vm,
  source: HostView,
  hosts: readonly HostView[],
  usage: (h: HostView) => HostUsage = (h) => h.usage,
  options: { autoConverge?: boolean } = {},
): Destinations {
  const placement = placeMigration(
    vm,
    source,
    hosts.map((h) => ({ host: h, usage: usage(h) })),
  );
  const byLink = new Map<number, PrecopyResult>();
  const viable: Destinations['viable'] = [];
  const notConverging: Candidate[] = [];
  for (const candidate of placement.candidates) {
    const link = Math.min(source.bandwidthMiBps, candidate.host.bandwidthMiBps);
    let estimate = byLink.get(link);
    if (!estimate) {
      estimate = simulatePrecopy(precopyParamsFor(vm, source, candidate.host, options));
      byLink.set(link, estimate);
    }
    if (estimate.outcome === 'completed') viable.push({ candidate, estimate });
    else notConverging.push(candidate);
  }
  return { placement, viable, notConverging };
}

/**
 * Why no host can take the VM (one reason per host, hosts with the same reason together) and
 * what would work instead: the request's dead end, said the same way wherever it is met.
 */
export function noWayOut(
  vm: VmView,
  source: HostView,
  options: Destinations,
  autoConverge = false,
): DeadEnd {
  const excluded = exclusionsSentence(vm, source, options.placement.excluded);
  const slow = options.notConverging.map((c) => c.host.id);
  const lines = [`${vm.id} can't move anywhere right now; it stays on ${vm.hostId}.`];
  let throttled: string | undefined;
  if (slow.length > 0) {
    // Only a host where auto-converge would really complete the copy is suggested.
    throttled = autoConverge
      ? undefined
      : options.notConverging.find((c) => convergesThrottled(vm, source, c.host))?.host.id;
    lines.push(
      throttled
        ? `${orList(slow)} would have room, but pre-copy would not converge: ${vm.id} writes memory faster than the link copies it. Say "migrate ${vm.id} to ${throttled} with auto-converge" to throttle it.`
        : `${orList(slow)} would have room, but pre-copy would not converge${autoConverge ? ' even with auto-converge' : `, not even with auto-converge`}.`,
    );
  }
  if (excluded) lines.push(`${excluded}.`);
  return { text: lines.join('\n'), ...(throttled ? { throttledTo: throttled } : {}) };
}

/** A request's dead end: why, and the host auto-converge would reach, when one would. */
export interface DeadEnd {
  text: string;
  throttledTo?: string;
}

/** Whether the copy to `host` completes with auto-converge. */
export function convergesThrottled(vm: Vm, source: Host, host: Host): boolean {
  return (
    simulatePrecopy(precopyParamsFor(vm, source, host, { autoConverge: true })).outcome ===
    'completed'
  );
}
