import {
  FAMILY_LABEL,
  freeCapacity,
  VENDOR_LABEL,
  type Host,
  type HostWithUsage,
  type Vm,
} from './model';
import { formatMiB } from './units';

/** Why a host cannot take a VM, for people and for code. */
export interface Refusal {
  code:
    | 'same-host'
    | 'family-mismatch'
    | 'vendor-mismatch'
    | 'feature-level'
    | 'maintenance'
    | 'no-room';
  message: string;
}

export interface Requirements {
  /** Who needs the room, for the message: a VM id or "the new VM". */
  name: string;
  memoryMiB: number;
  vcpus: number;
}

/** Can `target` run a new workload of this size? (State and room only.) */
export function capacityRefusals(req: Requirements, target: HostWithUsage): Refusal[] {
  const { host } = target;
  const refusals: Refusal[] = [];
  if (host.state !== 'active') {
    refusals.push({ code: 'maintenance', message: `${host.id} is in maintenance` });
  }
  const free = freeCapacity(host, target.usage);
  const short: string[] = [];
  const available: string[] = [];
  if (free.memoryMiB < req.memoryMiB) {
    short.push(formatMiB(req.memoryMiB));
    available.push(formatMiB(Math.max(0, free.memoryMiB)));
  }
  if (free.vcpus < req.vcpus) {
    short.push(plural(req.vcpus, 'vCPU'));
    available.push(
      short.length === 1 ? `${Math.max(0, free.vcpus)}` : plural(Math.max(0, free.vcpus), 'vCPU'),
    );
  }
  if (short.length > 0) {
    refusals.push({
      code: 'no-room',
      message: `${host.id} has no room for ${req.name}: needs ${short.join(' and ')}, ${available.join(' and ')} free`,
    });
  }
  return refusals;
}

/**
 * Can `vm`, running on `source`, be live-migrated to `target`? Empty when it can. All reasons
 * are given, hypervisor first, so that a person sees the most fundamental one first.
 */
export function migrationRefusals(vm: Vm, source: Host, target: HostWithUsage): Refusal[] {
  const dest = target.host;
  if (dest.id === source.id || dest.id === vm.hostId) {
    return [{ code: 'same-host', message: `${vm.id} is already on ${dest.id}` }];
  }
  const refusals: Refusal[] = [];
  if (dest.family !== source.family) {
    refusals.push({
      code: 'family-mismatch',
      message: `${dest.id} runs ${FAMILY_LABEL[dest.family]} and ${vm.id} runs on ${FAMILY_LABEL[source.family]}: live migration cannot cross hypervisor families`,
    });
  }
  if (dest.cpuVendor !== source.cpuVendor) {
    refusals.push({
      code: 'vendor-mismatch',
      message: `${dest.id} has ${VENDOR_LABEL[dest.cpuVendor]} CPUs and ${vm.id} runs on ${VENDOR_LABEL[source.cpuVendor]}: live migration cannot cross CPU vendors`,
    });
  } else if (vm.cpuFeatureLevel > dest.cpuFeatureLevel) {
    refusals.push({
      code: 'feature-level',
      message: `${dest.id}'s CPU feature level is ${dest.cpuFeatureLevel}, below ${vm.id}'s level ${vm.cpuFeatureLevel}`,
    });
  }
  refusals.push(
    ...capacityRefusals({ name: vm.id, memoryMiB: vm.memoryMiB, vcpus: vm.vcpus }, target),
  );
  return refusals;
}

/** All the reasons in one sentence: "first; second; third". */
export function joinReasons(refusals: readonly Refusal[]): string {
  return refusals.map((r) => r.message).join('; ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
