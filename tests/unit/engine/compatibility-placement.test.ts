import { describe, expect, it } from 'vitest';
import {
  migrationRefusals,
  NO_USAGE,
  placeMigration,
  placeNewVm,
  type Host,
  type HostWithUsage,
  type Vm,
} from '../../../src/engine';

const host = (id: string, over: Partial<Host> = {}): Host => ({
  id,
  family: 'kvm',
  technique: 'hardware-assisted',
  cpuVendor: 'intel',
  cpuFeatureLevel: 3,
  vcpuCapacity: 16,
  memoryMiB: 65_536,
  bandwidthMiBps: 1180,
  state: 'active',
  ...over,
});
const free = (h: Host, usedMiB = 0, usedVcpus = 0, reservedMiB = 0): HostWithUsage => ({
  host: h,
  usage: {
    ...NO_USAGE,
    allocatedMemoryMiB: usedMiB,
    allocatedVcpus: usedVcpus,
    reservedMemoryMiB: reservedMiB,
  },
});
const vm: Vm = {
  id: 'vm-7',
  hostId: 'host-a',
  vcpus: 4,
  memoryMiB: 8192,
  applianceId: 'database',
  cpuFeatureLevel: 3,
  workload: { dirtyRateMiBps: 40, workingSetMiB: 2048, pattern: 'random' },
};
const source = host('host-a');

describe('compatibility: each refusal with a reason a person can read', () => {
  it.each([
    ['same host', source, [/vm-7 is already on host-a/]],
    ['another family', host('host-x', { family: 'xen' }), [/host-x runs Xen and vm-7 runs on KVM/]],
    [
      'another vendor',
      host('host-x', { cpuVendor: 'amd' }),
      [/host-x has AMD CPUs and vm-7 runs on Intel/],
    ],
    [
      'an older CPU baseline',
      host('host-x', { cpuFeatureLevel: 2 }),
      [/host-x's CPU feature level is 2, below vm-7's level 3/],
    ],
    ['maintenance', host('host-x', { state: 'maintenance' }), [/host-x is in maintenance/]],
  ] as const)('refuses %s', (_label, dest, patterns) => {
    const refusals = migrationRefusals(vm, source, free(dest));
    expect(refusals).toHaveLength(patterns.length);
    patterns.forEach((p, i) => expect(refusals[i]!.message).toMatch(p));
  });

  it('accepts a newer baseline of the same family and vendor', () => {
    expect(migrationRefusals(vm, source, free(host('host-b', { cpuFeatureLevel: 4 })))).toEqual([]);
  });

  it('counts reservations against free memory and says how much is free', () => {
    const dest = free(host('host-b', { memoryMiB: 16_384 }), 12_288, 0, 2048);
    expect(migrationRefusals(vm, source, dest).map((r) => r.message)).toEqual([
      'host-b has no room for vm-7: needs 8 GiB, 2 GiB free',
    ]);
  });

  it('refuses when vCPUs are short', () => {
    const dest = free(host('host-b', { vcpuCapacity: 8 }), 0, 6);
    expect(migrationRefusals(vm, source, dest).map((r) => r.message)).toEqual([
      'host-b has no room for vm-7: needs 4 vCPUs, 2 free',
    ]);
  });

  it('gives every reason at once, family first', () => {
    const dest = free(host('host-z', { family: 'esxi', cpuVendor: 'amd', memoryMiB: 4096 }));
    expect(migrationRefusals(vm, source, dest).map((r) => r.code)).toEqual([
      'family-mismatch',
      'vendor-mismatch',
      'no-room',
    ]);
  });

  it('says both when memory and vCPUs are short', () => {
    const dest = free(host('host-b', { memoryMiB: 4096, vcpuCapacity: 2 }));
    expect(migrationRefusals(vm, source, dest).map((r) => r.message)).toEqual([
      'host-b has no room for vm-7: needs 8 GiB and 4 vCPUs, 4 GiB and 2 vCPUs free',
    ]);
  });
});

describe('placement: filter, then weigh', () => {
  const fleet = [
    free(source, 8192, 4),
    free(host('host-b'), 40_960),
    free(host('host-c'), 8192),
    free(host('host-d', { family: 'xen' })),
    free(host('host-e', { memoryMiB: 8192 }), 4096),
  ];

  it('spreads by free memory (worst fit) and never proposes the source', () => {
    const p = placeMigration(vm, source, fleet);
    expect(p.candidates.map((c) => c.host.id)).toEqual(['host-c', 'host-b']);
    expect(p.candidates[0]!.freeAfter.memoryMiB).toBe(65_536 - 8192 - 8192);
    expect(p.excluded.map((e) => [e.host.id, e.refusals[0]!.code])).toEqual([
      ['host-d', 'family-mismatch'],
      ['host-e', 'no-room'],
    ]);
  });

  it('packs (best fit) when asked', () => {
    expect(placeMigration(vm, source, fleet, 'pack').candidates.map((c) => c.host.id)).toEqual([
      'host-b',
      'host-c',
    ]);
  });

  it('places a new VM on any active host with room, whatever its family', () => {
    const p = placeNewVm({ name: 'the new VM', memoryMiB: 8192, vcpus: 2 }, fleet);
    expect(p.candidates.map((c) => c.host.id)).toEqual(['host-d', 'host-c', 'host-a', 'host-b']);
    expect(p.excluded.map((e) => e.refusals[0]!.message)).toEqual([
      'host-e has no room for the new VM: needs 8 GiB, 4 GiB free',
    ]);
  });

  it('breaks ties by host id so that the choice is stable', () => {
    const twins = [free(host('host-y')), free(host('host-x'))];
    expect(
      placeNewVm({ name: 'x', memoryMiB: 1, vcpus: 1 }, twins).candidates.map((c) => c.host.id),
    ).toEqual(['host-x', 'host-y']);
  });
});
