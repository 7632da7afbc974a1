import { describe, expect, it } from 'vitest';
import {
  createFleetReader,
  finishedMigration,
  fleetSnapshot,
  sinceSeed,
} from '../../../src/console/fleet-snapshot';
import { freeCapacity, planMigration, precopyParamsFor, type HostUsage } from '../../../src/engine';
import { DEMO_APPLIANCES, DEMO_HOSTS, InMemoryFleetStore, seedDemoFleet } from '../../../src/store';
import type { HostView, MigrationRecord, VmView } from '../../../src/store';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const web = DEMO_APPLIANCES.find((a) => a.id === 'web-server')!;
const [hostA, hostB] = DEMO_HOSTS;

function host(h: typeof hostA, usage: HostUsage): HostView {
  return { ...h!, usage, free: freeCapacity(h!, usage) };
}

function vm(id: string, hostId: string, extra: Partial<VmView> = {}): VmView {
  return {
    id,
    hostId,
    vcpus: 2,
    memoryMiB: 4096,
    applianceId: web.id,
    cpuFeatureLevel: 4,
    workload: web.workload,
    createdAt: T0,
    ...extra,
  };
}

describe('the fleet as the console draws it', () => {
  const vm3 = vm('vm-3', 'host-a', {
    migration: { id: 'mig-1', destinationHostId: 'host-b', stage: 2 },
  });
  const plan = planMigration({
    precopy: precopyParamsFor(vm3, hostA!, hostB!),
    startedAt: T0,
  });
  const migration: MigrationRecord = {
    id: 'mig-1',
    vmId: 'vm-3',
    sourceHostId: 'host-a',
    destinationHostId: 'host-b',
    memoryMiB: 4096,
    vcpus: 2,
    applianceId: web.id,
    status: 'in-flight',
    stage: 2,
    applied: 0,
    plan,
    history: [],
    requestedAt: T0,
    startedAt: T0,
    endsAt: T0 + plan.endMs,
  };
  const hosts = [
    host(hostB!, {
      allocatedMemoryMiB: 0,
      allocatedVcpus: 0,
      reservedMemoryMiB: 4096,
      reservedVcpus: 2,
    }),
    host(hostA!, {
      allocatedMemoryMiB: 8192,
      allocatedVcpus: 4,
      reservedMemoryMiB: 0,
      reservedVcpus: 0,
    }),
  ];
  const vms = [vm('vm-10', 'host-a'), vm3, vm('vm-2', 'host-b', { lastMigrationId: 'mig-0' })];

  it('lists hosts and their VMs in name order, with each VM migration to show', () => {
    const snapshot = fleetSnapshot(hosts, vms, [migration], T0 + 1000);
    expect(snapshot.hosts.map((h) => [h.id, h.vms.map((v) => v.id)])).toEqual([
      ['host-a', ['vm-3', 'vm-10']],
      ['host-b', ['vm-2']],
    ]);
    expect(snapshot.hosts[0]!.vms[0]).toMatchObject({ migrating: true, migrationId: 'mig-1' });
    expect(snapshot.hosts[1]!.vms[0]).toMatchObject({ migrating: false, migrationId: 'mig-0' });
    expect(snapshot.hosts[0]!.vms[1]).not.toHaveProperty('migrationId');
    expect(snapshot.hosts[1]).toMatchObject({
      usage: { reservedMemoryMiB: 4096 },
      free: { memoryMiB: 65_536 - 4096, vcpus: 30 },
    });
  });

  it("gives each migration in flight its stage, round and share copied at the snapshot's instant", () => {
    const oneSecond = fleetSnapshot(hosts, vms, [migration], T0 + 1000).migrations[0]!;
    expect(oneSecond).toMatchObject({
      id: 'mig-1',
      vmId: 'vm-3',
      stage: 2,
      stageName: 'Iterative Pre-Copy',
      round: 1,
      rounds: plan.precopy.rounds.length,
      copiedMiB: 1180,
    });
    expect(oneSecond.shareCopied).toBeCloseTo(1180 / plan.precopy.transferredMiB, 6);
    const stopAndCopy = fleetSnapshot(hosts, vms, [migration], T0 + plan.precopy.precopyTimeMs + 1);
    expect(stopAndCopy.migrations[0]).toMatchObject({ stage: 3, round: null });
  });

  it('leaves out migrations that are no longer in flight', () => {
    const done = { ...migration, status: 'completed' as const };
    expect(fleetSnapshot(hosts, vms, [done], T0).migrations).toEqual([]);
  });

  it('tells a finished migration by its outcome, the last to end first', () => {
    const completed = { ...migration, status: 'completed' as const };
    const aborted = {
      ...migration,
      id: 'mig-2',
      vmId: 'vm-2',
      status: 'aborted' as const,
      abortReason: 'link-down' as const,
      endsAt: T0 + plan.endMs + 5000,
    };
    const snapshot = fleetSnapshot(hosts, vms, [], T0, [
      finishedMigration(completed),
      finishedMigration(aborted),
    ]);
    expect(snapshot.finished.map((f) => [f.id, f.status])).toEqual([
      ['mig-2', 'aborted'],
      ['mig-1', 'completed'],
    ]);
    expect(snapshot.finished[1]).toMatchObject({
      downtimeMs: plan.precopy.downtimeMs,
      totalMs: plan.endMs,
      precopyRounds: plan.precopy.precopyRounds,
    });
    expect(snapshot.finished[0]!.downtimeMs).toBeNull();
    expect(snapshot.finished[0]!.abortReason).toMatch(/\w/);
  });
});

describe('what a reset would undo', () => {
  const seed = {
    hosts: [
      { id: 'host-a', state: 'active' },
      { id: 'host-b', state: 'active' },
    ],
    vms: [
      { id: 'vm-1', hostId: 'host-a' },
      { id: 'vm-2', hostId: 'host-a' },
      { id: 'vm-3', hostId: 'host-b' },
    ],
  };
  const hostView = (id: string, state: 'active' | 'maintenance') =>
    ({
      ...host(hostA!, {
        allocatedMemoryMiB: 0,
        allocatedVcpus: 0,
        reservedMemoryMiB: 0,
        reservedVcpus: 0,
      }),
      id,
      state,
    }) as HostView;

  it('names the VMs created, removed and moved, and the hosts in another state', () => {
    const now = [
      vm('vm-1', 'host-b'),
      vm('vm-3', 'host-b'),
      vm('vm-10', 'host-a'),
      vm('vm-9', 'host-a'),
    ];
    expect(
      sinceSeed([hostView('host-a', 'maintenance'), hostView('host-b', 'active')], now, seed),
    ).toEqual({
      createdVms: ['vm-9', 'vm-10'],
      removedVms: ['vm-2'],
      movedVms: [{ id: 'vm-1', seedHostId: 'host-a', hostId: 'host-b' }],
      changedHosts: [{ id: 'host-a', state: 'maintenance', seedState: 'active' }],
    });
  });

  it('is empty for the fleet as seeded', () => {
    const now = seed.vms.map((v) => vm(v.id, v.hostId));
    expect(sinceSeed([hostView('host-a', 'active')], now, seed)).toEqual({
      createdVms: [],
      removedVms: [],
      movedVms: [],
      changedHosts: [],
    });
  });
});

describe('the fleet reader', () => {
  it('reads a finished migration once, and forgets it when the VM moves on', async () => {
    let now = Date.UTC(2026, 10, 27, 12, 0, 0);
    const store = new InMemoryFleetStore({ clock: () => now });
    await seedDemoFleet(store);
    const read = createFleetReader(store, () => now);
    expect((await read()).finished).toEqual([]);
    const { value: started } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
    });
    expect((await read()).finished).toEqual([]);
    now = started.endsAt + 1;
    let gets = 0;
    const getMigration = store.getMigration.bind(store);
    store.getMigration = (id) => (gets++, getMigration(id));
    const first = await read();
    expect(first.finished.map((f) => [f.vmId, f.status])).toEqual([['vm-3', 'completed']]);
    expect(first.sinceSeed.movedVms).toEqual([
      { id: 'vm-3', seedHostId: 'host-a', hostId: 'host-b' },
    ]);
    await read();
    expect(gets).toBe(1);
  });
});
