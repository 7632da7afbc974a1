import type { Appliance, Host } from '../../engine';
import type { CreateVmRequest, VmView } from '../port';
import { creationSize } from './admission';

/** A new VM's record and its name when none is given. */

/**
 * vm-<n+1> after the highest vm-<n> among `ids` and, on a retry, after the name just tried (an
 * eventually consistent index may not show the VM that took it yet).
 */
export function nextVmName(ids: Iterable<string>, tried?: string): string {
  let highest = vmNumber(tried);
  for (const id of ids) highest = Math.max(highest, vmNumber(id));
  return `vm-${highest + 1}`;
}

/** n for vm-<n>, else 0. */
function vmNumber(id: string | undefined): number {
  const match = /^vm-(\d+)$/.exec(id ?? '');
  return match ? Number(match[1]) : 0;
}

/** The VM `request` creates on `host`, from `appliance`, under `id`, at `createdAt`. */
export function newVm(
  request: CreateVmRequest,
  appliance: Appliance,
  host: Host,
  id: string,
  createdAt: number,
): VmView {
  return {
    id,
    hostId: host.id,
    ...creationSize(request, appliance),
    applianceId: appliance.id,
    // A VM's CPU baseline is its first host's level.
    cpuFeatureLevel: host.cpuFeatureLevel,
    workload: request.workload ?? appliance.workload,
    createdAt,
  };
}
