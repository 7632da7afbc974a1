import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_HOSTS,
  DEMO_VMS,
  seedDemoFleet,
  StoreError,
  type FleetStore,
} from '../../../src/store';
import { storeErrorText } from '../../../src/intents/store-errors';
import { createTestTable, invariantProblems, TestClock, type TestTable } from '../support/store';

let table: TestTable;
let clock: TestClock;
let store: FleetStore;

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  await table.drop();
});

async function freshFleet() {
  // Each test gets its own table: tests of this file must not see each other's migrations.
  await table.drop();
  table = await createTestTable();
  clock = new TestClock();
  store = table.store({ clock: clock.read });
  await seedDemoFleet(store);
}

async function expectInvariants() {
  expect(await invariantProblems(table)).toEqual([]);
}

describe('seeding', () => {
  beforeEach(freshFleet);

  it('loads the demo fleet, and seeding again changes nothing', async () => {
    const hosts = await store.listHosts();
    expect(hosts.map((h) => h.id).sort()).toEqual(DEMO_HOSTS.map((h) => h.id));
    expect((await store.listVms()).map((v) => v.id).sort()).toEqual(
      DEMO_VMS.map((v) => v.id).sort(),
    );
    expect(await seedDemoFleet(store)).toEqual({ hosts: 0, appliances: 0, vms: 0 });
    expect((await store.listVms()).length).toBe(DEMO_VMS.length);
    const hostA = (await store.getHost('host-a'))!;
    // vm-1 (4 GiB), vm-2 (8 GiB), vm-3 (4 GiB), vm-6 (4 GiB).
    expect(hostA.usage.allocatedMemoryMiB).toBe(20_480);
    expect(hostA.free.memoryMiB).toBe(65_536 - 20_480);
    await expectInvariants();
  });

  it('lists the VMs of one host', async () => {
    expect((await store.listVmsOnHost('host-a')).map((v) => v.id)).toEqual([
      'vm-1',
      'vm-2',
      'vm-3',
      'vm-6',
    ]);
  });
});

describe('a migration over time: every stage transition persisted', () => {
  beforeEach(freshFleet);

  it('reserves at once, then pauses, commits and completes as time passes', async () => {
    const { value: m, replayed } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
    });
    expect(replayed).toBe(false);
    expect(m).toMatchObject({ status: 'in-flight', stage: 2, applied: 0, sourceHostId: 'host-a' });
    expect((await store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(4096);
    expect((await store.getVm('vm-3'))!).toMatchObject({
      hostId: 'host-a',
      migration: { id: m.id, stage: 2 },
    });
    await expectInvariants();

    const [stopCopy, commit, complete] = m.plan.transitions.map((t) => m.startedAt + t.atMs);
    clock.now = stopCopy!;
    expect((await store.getVm('vm-3'))!).toMatchObject({
      hostId: 'host-a',
      migration: { stage: 3 },
    });
    await expectInvariants();

    clock.now = commit!;
    const committed = (await store.getVm('vm-3'))!;
    expect(committed).toMatchObject({ hostId: 'host-b', migration: { stage: 5 } });
    const hostB = (await store.getHost('host-b'))!;
    expect(hostB.usage).toMatchObject({ reservedMemoryMiB: 0, allocatedMemoryMiB: 4096 + 4096 });
    expect((await store.getHost('host-a'))!.usage.allocatedMemoryMiB).toBe(16_384);
    await expectInvariants();

    clock.now = complete!;
    const done = (await store.getMigration(m.id))!;
    expect(done).toMatchObject({ status: 'completed', stage: 5, applied: 3 });
    expect(done.history.map((h) => [h.kind, h.stage])).toEqual([
      ['start', 0],
      ['start', 1],
      ['start', 2],
      ['stop-and-copy', 3],
      ['commit', 4],
      ['commit', 5],
      ['complete', 5],
    ]);
    const vm = (await store.getVm('vm-3'))!;
    expect(vm.migration).toBeUndefined();
    expect(vm.lastMigrationId).toBe(m.id);
    expect(await store.listMigrationsInFlight()).toEqual([]);
    await expectInvariants();
  });

  it('applies everything due at once when nobody looked in between', async () => {
    const { value: m } = await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    clock.advance(3_600_000);
    const report = await store.advance();
    expect(report.applied).toEqual([
      { migrationId: m.id, kinds: ['stop-and-copy', 'commit', 'complete'] },
    ]);
    expect((await store.advance()).applied).toEqual([]);
    expect((await store.getVm('vm-3'))!.hostId).toBe('host-b');
    await expectInvariants();
  });

  it('lists a VM’s migrations newest first', async () => {
    const { value: first } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
    });
    clock.advance(3_600_000);
    const { value: second } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-a',
    });
    const list = await store.listMigrationsForVm('vm-3');
    expect(list.map((x) => x.id)).toEqual([second.id, first.id]);
    expect(list[1]!.status).toBe('completed');
  });

  it('runs faster with a time scale', async () => {
    const fast = table.store({ clock: clock.read, timeScale: 100 });
    const { value: m } = await fast.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    expect(m.endsAt - m.startedAt).toBeCloseTo(m.plan.endMs / 100, 2);
  });
});

describe('aborts leave the VM on its source and release the reservation', () => {
  beforeEach(freshFleet);

  it('destination failure during pre-copy', async () => {
    const { value: m } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
      failure: { kind: 'destination-failed', atMs: 1000 },
    });
    clock.advance(1000);
    const after = (await store.getMigration(m.id))!;
    expect(after).toMatchObject({ status: 'aborted', abortReason: 'destination-failed' });
    expect((await store.getVm('vm-3'))!).toMatchObject({ hostId: 'host-a' });
    expect((await store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(0);
    await expectInvariants();
  });

  it('a failure at the very start aborts at once', async () => {
    const { value: m } = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
      failure: { kind: 'link-down', atMs: 0 },
    });
    expect(m).toMatchObject({ status: 'aborted', abortReason: 'link-down', stage: 1 });
    await expectInvariants();
  });

  it('a memory muncher does not converge without auto-converge, and does with it', async () => {
    const { value: stuck } = await store.startMigration({
      vmId: 'vm-6',
      destinationHostId: 'host-b',
    });
    expect(stuck.plan.outcome).toBe('aborted');
    clock.advance(3_600_000);
    expect((await store.getMigration(stuck.id))!).toMatchObject({
      status: 'aborted',
      abortReason: 'not-converging',
    });
    expect((await store.getVm('vm-6'))!.hostId).toBe('host-a');
    const { value: ok } = await store.startMigration({
      vmId: 'vm-6',
      destinationHostId: 'host-b',
      autoConverge: true,
    });
    clock.advance(3_600_000);
    expect((await store.getMigration(ok.id))!.status).toBe('completed');
    expect((await store.getVm('vm-6'))!.hostId).toBe('host-b');
    await expectInvariants();
  });
});

describe('refusals are typed and say why', () => {
  beforeEach(freshFleet);

  /** Refused with this code, and the sentence a person is told says why. */
  const refused = async (p: Promise<unknown>, code: StoreError['code'], says: RegExp) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    expect(storeErrorText(err as StoreError)).toMatch(says);
  };

  it('another hypervisor family', async () => {
    await refused(
      store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-d' }),
      'refused',
      /host-d runs Xen and vm-3 runs on KVM/,
    );
  });

  it('a second migration of the same VM', async () => {
    await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    await refused(
      store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' }),
      'migration-in-flight',
      /vm-3 is already migrating to host-b/,
    );
  });

  it('a host in maintenance, and unknown names', async () => {
    await store.setHostState('host-b', 'maintenance');
    await refused(
      store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' }),
      'refused',
      /host-b is in maintenance/,
    );
    await refused(
      store.startMigration({ vmId: 'vm-99', destinationHostId: 'host-b' }),
      'not-found',
      /no VM called vm-99/,
    );
    await refused(
      store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-z' }),
      'not-found',
      /no host called host-z/,
    );
    await refused(store.setHostState('host-z', 'active'), 'not-found', /host-z/);
  });

  it('no room: says how much is needed and how much is free', async () => {
    // host-f: 16 GiB; fill it with three 4 GiB VMs, then 8 GiB more cannot fit.
    for (let i = 0; i < 3; i++)
      await store.createVm({ applianceId: 'web-server', hostId: 'host-f' });
    await refused(
      store.createVm({ applianceId: 'database', hostId: 'host-f', id: 'vm-big' }),
      'refused',
      /host-f has no room for vm-big: needs 8 GiB and 4 vCPUs, 4 GiB and 2 vCPUs free/,
    );
    await expectInvariants();
  });
});

describe('idempotency: the same request twice writes once', () => {
  beforeEach(freshFleet);

  it('startMigration with the same key returns the first migration', async () => {
    const a = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
      idempotencyKey: 'k1',
    });
    const b = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
      idempotencyKey: 'k1',
    });
    expect(b.replayed).toBe(true);
    expect(b.value.id).toBe(a.value.id);
    // Even once it has completed.
    clock.advance(3_600_000);
    const c = await store.startMigration({
      vmId: 'vm-3',
      destinationHostId: 'host-b',
      idempotencyKey: 'k1',
    });
    expect(c).toMatchObject({ replayed: true, value: { id: a.value.id, status: 'completed' } });
    expect(await store.listMigrationsForVm('vm-3')).toHaveLength(1);
  });

  it('createVm with the same key creates one VM, named after the highest', async () => {
    const a = await store.createVm({
      applianceId: 'cache',
      hostId: 'host-b',
      idempotencyKey: 'c1',
    });
    const b = await store.createVm({
      applianceId: 'cache',
      hostId: 'host-b',
      idempotencyKey: 'c1',
    });
    expect(a.value.id).toBe('vm-9');
    expect(b).toMatchObject({ replayed: true, value: { id: 'vm-9' } });
    expect((await store.listVms()).length).toBe(DEMO_VMS.length + 1);
    await expectInvariants();
  });
});

describe('seeding again once the seed’s idempotency records have expired', () => {
  beforeEach(freshFleet);

  it('leaves the fleet alone, even with host-a in maintenance', async () => {
    // Prepare: host-a (vm-1, vm-2, vm-3, vm-6) goes into maintenance; two hours pass.
    await store.setHostState('host-a', 'maintenance');
    clock.advance(2 * 3_600_000);

    // Act
    const report = await seedDemoFleet(store);

    // Assess
    expect(report).toEqual({ hosts: 0, appliances: 0, vms: 0 });
    expect((await store.listVms()).length).toBe(DEMO_VMS.length);
    await expectInvariants();
  });

  it('createVm names an existing VM as taken before looking at its host’s room or state', async () => {
    await store.setHostState('host-a', 'maintenance');
    clock.advance(2 * 3_600_000);

    const creation = store.createVm({
      id: 'vm-1',
      applianceId: 'web-server',
      hostId: 'host-a',
      idempotencyKey: 'seed:vm-1',
    });

    await expect(creation).rejects.toBeInstanceOf(StoreError);
    await expect(creation).rejects.toMatchObject({
      code: 'already-exists',
      data: { vmId: 'vm-1' },
    });
  });

  it('an expired idempotency key counts as new: the request runs again', async () => {
    // Prepare: a creation under a key, then the key's record expires (it lingers until TTL).
    const first = await store.createVm({
      applianceId: 'game-server',
      hostId: 'host-b',
      idempotencyKey: 'create#session-1#request-1',
    });
    expect(
      (
        await store.createVm({
          applianceId: 'game-server',
          hostId: 'host-b',
          idempotencyKey: 'create#session-1#request-1',
        })
      ).replayed,
    ).toBe(true);
    clock.advance(2 * 3_600_000);

    // Act
    const again = await store.createVm({
      applianceId: 'game-server',
      hostId: 'host-b',
      idempotencyKey: 'create#session-1#request-1',
    });

    // Assess
    expect(again.replayed).toBe(false);
    expect(again.value.id).not.toBe(first.value.id);
    expect(await store.idempotentResult('create#session-1#request-1')).toBe(again.value.id);
    await expectInvariants();
  });
});
