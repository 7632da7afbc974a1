/**
 * The VM world: hosts with hypervisors, VMs and the virtual appliances they come from.
 * Sizes are MiB, bandwidth MiB/s, times ms (see the reference page on live migration).
 */

export const HYPERVISOR_FAMILIES = ['kvm', 'xen', 'esxi'] as const;
export type HypervisorFamily = (typeof HYPERVISOR_FAMILIES)[number];

export const TECHNIQUES = [
  'hardware-assisted',
  'paravirtualization',
  'binary-translation',
] as const;
export type Technique = (typeof TECHNIQUES)[number];

/** How people write them. */
export const FAMILY_LABEL: Record<HypervisorFamily, string> = {
  kvm: 'KVM',
  xen: 'Xen',
  esxi: 'ESXi',
};

export const CPU_VENDORS = ['intel', 'amd'] as const;
export type CpuVendor = (typeof CPU_VENDORS)[number];

export const VENDOR_LABEL: Record<CpuVendor, string> = { intel: 'Intel', amd: 'AMD' };

export const HOST_STATES = ['active', 'maintenance'] as const;
export type HostState = (typeof HOST_STATES)[number];

export const DIRTY_PATTERNS = ['sweep', 'random'] as const;
export type DirtyPattern = (typeof DIRTY_PATTERNS)[number];

export interface Host {
  readonly id: string;
  readonly family: HypervisorFamily;
  readonly technique: Technique;
  readonly cpuVendor: CpuVendor;
  /** EVC-style CPU baseline: a VM may move to a host whose level is at least its own. */
  readonly cpuFeatureLevel: number;
  readonly vcpuCapacity: number;
  readonly memoryMiB: number;
  /** Bandwidth of the host's migration link. */
  readonly bandwidthMiBps: number;
  readonly state: HostState;
}

/** How the guest writes its memory while it runs. */
export interface Workload {
  readonly dirtyRateMiBps: number;
  /** The writable working set; the guest's writes land inside it. */
  readonly workingSetMiB: number;
  readonly pattern: DirtyPattern;
}

export interface Vm {
  readonly id: string;
  readonly hostId: string;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly applianceId: string;
  /** The CPU baseline the VM was started with (its first host's level). */
  readonly cpuFeatureLevel: number;
  readonly workload: Workload;
}

/** A ready image (OS, configuration, applications): the template a VM is created from. */
export interface Appliance {
  readonly id: string;
  readonly name: string;
  readonly os: string;
  readonly applications: readonly string[];
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly workload: Workload;
}

/** What a host has handed out: running VMs (allocated) and incoming migrations (reserved). */
export interface HostUsage {
  readonly allocatedMemoryMiB: number;
  readonly allocatedVcpus: number;
  readonly reservedMemoryMiB: number;
  readonly reservedVcpus: number;
}

export const NO_USAGE: HostUsage = {
  allocatedMemoryMiB: 0,
  allocatedVcpus: 0,
  reservedMemoryMiB: 0,
  reservedVcpus: 0,
};

export interface FreeCapacity {
  readonly memoryMiB: number;
  readonly vcpus: number;
}

export function freeCapacity(host: Host, usage: HostUsage): FreeCapacity {
  return {
    memoryMiB: host.memoryMiB - usage.allocatedMemoryMiB - usage.reservedMemoryMiB,
    vcpus: host.vcpuCapacity - usage.allocatedVcpus - usage.reservedVcpus,
  };
}

/** A host as seen by placement: the host and what it has handed out. */
export interface HostWithUsage {
  readonly host: Host;
  readonly usage: HostUsage;
}
