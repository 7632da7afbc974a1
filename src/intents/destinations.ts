import {
  placeMigration,
  precopyParamsFor,
  simulatePrecopy,
  type Candidate,
  type HostUsage,
  type Placement,
  type PrecopyResult,
  type Vm,
} from '../engine';
import type { HostView } from '../store/port';

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
