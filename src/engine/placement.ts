import {
  capacityRefusals,
  migrationRefusals,
  type Refusal,
  type Requirements,
} from './compatibility';
import { freeCapacity, type FreeCapacity, type Host, type HostWithUsage, type Vm } from './model';

/**
 * Placement in the manner of OpenStack Nova's filter scheduler: filter out the hosts that cannot
 * take the VM (each with its reasons), then weigh the rest. `spread` (the default) prefers the
 * host with the most free memory left (worst fit), `pack` the least (best fit).
 */
export type PlacementStrategy = 'spread' | 'pack';

export interface Candidate {
  host: Host;
  /** What the host would have left after taking the VM. */
  freeAfter: FreeCapacity;
}

export interface Exclusion {
  host: Host;
  refusals: Refusal[];
}

export interface Placement {
  /** Best first. */
  candidates: Candidate[];
  excluded: Exclusion[];
  strategy: PlacementStrategy;
}

/** Where could `vm`, now on `source`, be live-migrated to? */
export function placeMigration(
  vm: Vm,
  source: Host,
  hosts: readonly HostWithUsage[],
  strategy: PlacementStrategy = 'spread',
): Placement {
  return weigh(
    hosts.filter((h) => h.host.id !== source.id),
    (h) => migrationRefusals(vm, source, h),
    { memoryMiB: vm.memoryMiB, vcpus: vm.vcpus },
    strategy,
  );
}

/** Where could a new VM of this size be created? */
export function placeNewVm(
  req: Requirements,
  hosts: readonly HostWithUsage[],
  strategy: PlacementStrategy = 'spread',
): Placement {
  return weigh(hosts, (h) => capacityRefusals(req, h), req, strategy);
}

function weigh(
  hosts: readonly HostWithUsage[],
  refuse: (h: HostWithUsage) => Refusal[],
  size: { memoryMiB: number; vcpus: number },
  strategy: PlacementStrategy,
): Placement {
  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  for (const h of hosts) {
    const refusals = refuse(h);
    if (refusals.length > 0) {
      excluded.push({ host: h.host, refusals });
      continue;
    }
    const free = freeCapacity(h.host, h.usage);
    candidates.push({
      host: h.host,
      freeAfter: { memoryMiB: free.memoryMiB - size.memoryMiB, vcpus: free.vcpus - size.vcpus },
    });
  }
  const sign = strategy === 'spread' ? -1 : 1;
  candidates.sort(
    (a, b) =>
      sign * (a.freeAfter.memoryMiB - b.freeAfter.memoryMiB) ||
      sign * (a.freeAfter.vcpus - b.freeAfter.vcpus) ||
      a.host.id.localeCompare(b.host.id),
  );
  excluded.sort((a, b) => a.host.id.localeCompare(b.host.id));
  return { candidates, excluded, strategy };
}
