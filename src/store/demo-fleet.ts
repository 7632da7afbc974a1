import type { Appliance, Host } from '../engine';
import { isStoreError } from './errors';
import type { FleetStore } from './port';

/**
 * The demo fleet `vmbot seed` loads: hosts mixing hypervisor families, CPU vendors and
 * techniques, mostly on 10 GbE migration links (1180 MiB/s of payload) so that a demo migration
 * takes seconds, two on 1 GbE (117 MiB/s). host-a and host-b are a compatible Intel KVM pair and
 * vm-3 starts on host-a, so "migrate vm-3 to host B" works out of the box; vm-6 dirties memory
 * faster than the link drains it, so it only moves with auto-converge.
 */
const TEN_GBE = 1180;
const ONE_GBE = 117;

export const DEMO_HOSTS: Host[] = [
  {
    id: 'host-a',
    family: 'kvm',
    technique: 'hardware-assisted',
    cpuVendor: 'intel',
    cpuFeatureLevel: 4,
    vcpuCapacity: 32,
    memoryMiB: 65_536,
    bandwidthMiBps: TEN_GBE,
    state: 'active',
  },
  {
    id: 'host-b',
    family: 'kvm',
    technique: 'hardware-assisted',
    cpuVendor: 'intel',
    cpuFeatureLevel: 4,
    vcpuCapacity: 32,
    memoryMiB: 65_536,
    bandwidthMiBps: TEN_GBE,
    state: 'active',
  },
  {
    id: 'host-c',
    family: 'kvm',
    technique: 'hardware-assisted',
    cpuVendor: 'amd',
    cpuFeatureLevel: 3,
    vcpuCapacity: 24,
    memoryMiB: 49_152,
    bandwidthMiBps: TEN_GBE,
    state: 'active',
  },
  {
    id: 'host-d',
    family: 'xen',
    technique: 'paravirtualization',
    cpuVendor: 'intel',
    cpuFeatureLevel: 3,
    vcpuCapacity: 16,
    memoryMiB: 32_768,
    bandwidthMiBps: TEN_GBE,
    state: 'active',
  },
  {
    id: 'host-e',
    family: 'esxi',
    technique: 'binary-translation',
    cpuVendor: 'intel',
    cpuFeatureLevel: 2,
    vcpuCapacity: 16,
    memoryMiB: 32_768,
    bandwidthMiBps: ONE_GBE,
    state: 'active',
  },
  {
    id: 'host-f',
    family: 'kvm',
    technique: 'hardware-assisted',
    cpuVendor: 'intel',
    cpuFeatureLevel: 3,
    vcpuCapacity: 8,
    memoryMiB: 16_384,
    bandwidthMiBps: ONE_GBE,
    state: 'active',
  },
];

export const DEMO_APPLIANCES: Appliance[] = [
  {
    id: 'web-server',
    name: 'web server',
    os: 'Debian 12',
    applications: ['nginx 1.22', 'Node.js 20'],
    memoryMiB: 4096,
    vcpus: 2,
    workload: { dirtyRateMiBps: 40, workingSetMiB: 1024, pattern: 'random' },
  },
  {
    id: 'database',
    name: 'database',
    os: 'Ubuntu 24.04',
    applications: ['PostgreSQL 16'],
    memoryMiB: 8192,
    vcpus: 4,
    workload: { dirtyRateMiBps: 150, workingSetMiB: 4096, pattern: 'random' },
  },
  {
    id: 'cache',
    name: 'cache',
    os: 'Alpine 3.20',
    applications: ['Redis 7'],
    memoryMiB: 4096,
    vcpus: 2,
    workload: { dirtyRateMiBps: 250, workingSetMiB: 2048, pattern: 'random' },
  },
  {
    id: 'game-server',
    name: 'Quake-style game server',
    os: 'Debian 12',
    applications: ['ioquake3 dedicated server'],
    memoryMiB: 1024,
    vcpus: 2,
    workload: { dirtyRateMiBps: 20, workingSetMiB: 128, pattern: 'sweep' },
  },
  {
    id: 'memory-muncher',
    name: 'memory muncher',
    os: 'Alpine 3.20',
    applications: ['stress-ng --vm'],
    memoryMiB: 4096,
    vcpus: 2,
    workload: { dirtyRateMiBps: 1500, workingSetMiB: 3072, pattern: 'sweep' },
  },
];

export const DEMO_VMS: { id: string; applianceId: string; hostId: string }[] = [
  { id: 'vm-1', applianceId: 'web-server', hostId: 'host-a' },
  { id: 'vm-2', applianceId: 'database', hostId: 'host-a' },
  { id: 'vm-3', applianceId: 'web-server', hostId: 'host-a' },
  { id: 'vm-4', applianceId: 'cache', hostId: 'host-b' },
  { id: 'vm-5', applianceId: 'game-server', hostId: 'host-c' },
  { id: 'vm-6', applianceId: 'memory-muncher', hostId: 'host-a' },
  { id: 'vm-7', applianceId: 'database', hostId: 'host-d' },
  { id: 'vm-8', applianceId: 'web-server', hostId: 'host-e' },
];

export interface SeedReport {
  hosts: number;
  appliances: number;
  vms: number;
}

/** Loads the demo fleet; what exists already is left alone, so seeding twice changes nothing. */
export async function seedDemoFleet(store: FleetStore): Promise<SeedReport> {
  const report: SeedReport = { hosts: 0, appliances: 0, vms: 0 };
  for (const host of DEMO_HOSTS) if (await store.putHost(host)) report.hosts++;
  for (const appliance of DEMO_APPLIANCES)
    if (await store.putAppliance(appliance)) report.appliances++;
  for (const vm of DEMO_VMS) {
    // What is already there stays as it is, wherever it has moved and whatever state its host
    // is in; the idempotency records of an earlier seed expire, so they cannot be relied on.
    if (await store.getVm(vm.id)) continue;
    try {
      const created = await store.createVm({ ...vm, idempotencyKey: `seed:${vm.id}` });
      if (!created.replayed) report.vms++;
    } catch (err) {
      if (!isStoreError(err, 'already-exists')) throw err;
    }
  }
  return report;
}
