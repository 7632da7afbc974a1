import { freeCapacity, type Host, type HostWithUsage, type Vm } from './model';
import { formatMiB } from './units';

/** Why a host cannot take a VM, for people and for code. */
export interface Refusal {
  code:
    | 'same-host'
    | 'family-mismatch'
    | 'vendor-mismatch'
    | 'feature-level'
    | 'maintenance'
    | 'no-memory'
    | 'no-vcpus';
  message: string;
}

const FAMILY_LABEL = { kvm: 'KVM', xen: 'Xen', esxi: 'ESXi' } as const;
const VENDOR_LABEL = { intel: 'Intel', amd: 'AMD' } as const;

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
  if (free.memoryMiB < req.memoryMiB) {
    refusals.push({
      code: 'no-memory',
      message: `${host.id} has no room for ${req.name}: needs ${formatMiB(req.memoryMiB)}, ${formatMiB(Math.max(0, free.memoryMiB))} free`,
    });
  }
  if (free.vcpus < req.vcpus) {
    refusals.push({
      code: 'no-vcpus',
      message: `${host.id} has no room for ${req.name}: needs ${plural(req.vcpus, 'vCPU')}, ${Math.max(0, free.vcpus)} free`,
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

/** "first; second and third". */
export function joinReasons(refusals: readonly Refusal[]): string {
  const messages = refusals.map((r) => r.message);
  if (messages.length <= 1) return messages.join('');
  return `${messages.slice(0, -1).join('; ')} and ${messages[messages.length - 1]}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
