import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_APPLIANCES,
  DEMO_HOSTS,
  DEMO_VMS,
  seedDemoFleet,
  StoreError,
  type FleetStore,
  type HostView,
  type StoreErrorCode,
} from '../../src/store';

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

/** A controllable clock: starts at T0, moves only when told. */
export class Clock {
  now = T0;
  readonly read = () => this.now;
}

export interface ContractSubject {
  /** A store on an empty fleet, reading `clock`, with this many simulated s per wall-clock s. */
  create(clock: () => number, options?: { timeScale?: number }): Promise<FleetStore>;
}

/**
 * The FleetStore contract: what any adapter must do, checked through the port only. Run
 * against the DynamoDB adapter (on DynamoDB Local, as the store and as one unit of work kept
 * for a whole test) and the in-memory adapter. Crash points are the DynamoDB adapter's own
 * (tests/integration/store/crash.test.ts): in memory, a write cannot be cut in half.
 */
export function describeFleetStoreContract(name: string, subject: ContractSubject): void {
  describe(`FleetStore contract: ${name}`, () => {
    let clock: Clock;
    let store: FleetStore;

    beforeEach(async () => {
      clock = new Clock();
      store = await subject.create(clock.read);
      await seedDemoFleet(store);
    });

    /** The store's view of the fleet adds up: every host's counters match its VMs. */
    async function expectConsistent(): Promise<void> {
      const [hosts, vms, inFlight] = await Promise.all([
        store.listHosts(),
        store.listVms(),
        store.listMigrationsInFlight(),
      ]);
      for (const h of hosts) {
        const mine = vms.filter((v) => v.hostId === h.id);
        const coming = inFlight.filter((m) => m.destinationHostId === h.id && m.stage < 4);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const expected: Pick<HostView, 'usage' | 'free'> = {
          usage: {
            allocatedMemoryMiB: sum(mine.map((v) => v.memoryMiB)),
            allocatedVcpus: sum(mine.map((v) => v.vcpus)),
            reservedMemoryMiB: sum(coming.map((m) => m.memoryMiB)),
            reservedVcpus: sum(coming.map((m) => m.vcpus)),
          },
          free: {
            memoryMiB:
              h.memoryMiB - sum(mine.map((v) => v.memoryMiB)) - sum(coming.map((m) => m.memoryMiB)),
            vcpus: h.vcpuCapacity - sum(mine.map((v) => v.vcpus)) - sum(coming.map((m) => m.vcpus)),
          },
        };
        expect({ id: h.id, usage: h.usage, free: h.free }).toEqual({ id: h.id, ...expected });
      }
      for (const v of vms) {
        const m = inFlight.find((x) => x.vmId === v.id);
        expect(v.migration, v.id).toEqual(
          m && { id: m.id, destinationHostId: m.destinationHostId, stage: m.stage },
        );
      }
    }

    /** The promise's StoreError, checked for its code; its data for the test to look at. */
    async function failure<C extends StoreErrorCode>(p: Promise<unknown>, code: C) {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe(code);
      return (err as StoreError<C>).data;
    }

    describe('the fleet', () => {
      it('holds the demo fleet, and seeding again changes nothing', async () => {
        expect((await store.listHosts()).map((h) => h.id)).toEqual(DEMO_HOSTS.map((h) => h.id));
        expect((await store.listAppliances()).map((a) => a.id)).toEqual(
          DEMO_APPLIANCES.map((a) => a.id).sort(),
        );
        expect((await store.listVms()).map((v) => v.id).sort()).toEqual(
          DEMO_VMS.map((v) => v.id).sort(),
        );
        expect(await seedDemoFleet(store)).toEqual({ hosts: 0, appliances: 0, vms: 0 });
        const hostA = (await store.getHost('host-a'))!;
        // vm-1 (4 GiB), vm-2 (8 GiB), vm-3 (4 GiB), vm-6 (4 GiB).
        expect(hostA.usage.allocatedMemoryMiB).toBe(20_480);
        expect(hostA.free.memoryMiB).toBe(65_536 - 20_480);
        expect((await store.listVmsOnHost('host-a')).map((v) => v.id)).toEqual([
          'vm-1',
          'vm-2',
          'vm-3',
          'vm-6',
        ]);
        expect(await store.getVm('vm-3')).toMatchObject({
          id: 'vm-3',
          hostId: 'host-a',
          applianceId: 'web-server',
          memoryMiB: 4096,
          vcpus: 2,
          createdAt: T0,
        });
        expect(await store.getAppliance('cache')).toEqual(
          DEMO_APPLIANCES.find((a) => a.id === 'cache'),
        );
        await expectConsistent();
      });

      it('answers undefined for what does not exist', async () => {
        expect(await store.getVm('vm-99')).toBeUndefined();
        expect(await store.getHost('host-z')).toBeUndefined();
        expect(await store.getAppliance('nothing')).toBeUndefined();
        expect(await store.getMigration('mig-none')).toBeUndefined();
        expect(await store.listMigrationsForVm('vm-3')).toEqual([]);
        expect(await store.idempotentResult('never-used')).toBeUndefined();
      });

      it('seeding again once the seed’s idempotency records expired leaves the fleet alone', async () => {
        // host-a (vm-1, vm-2, vm-3, vm-6) is in maintenance: a VM the seed would create there
        // again must be found as existing, not refused for the host's state.
        await store.setHostState('host-a', 'maintenance');
        clock.now += 2 * 3_600_000;
        expect(await seedDemoFleet(store)).toEqual({ hosts: 0, appliances: 0, vms: 0 });
        expect((await store.listVms()).length).toBe(DEMO_VMS.length);
        await expectConsistent();
      });

      it('puts a host or an appliance only once', async () => {
        const host = { ...DEMO_HOSTS[0]!, id: 'host-new' };
        expect(await store.putHost(host)).toBe(true);
        expect(await store.putHost({ ...host, memoryMiB: 1 })).toBe(false);
        expect(await store.getHost('host-new')).toMatchObject({
          memoryMiB: host.memoryMiB,
          free: { memoryMiB: host.memoryMiB, vcpus: host.vcpuCapacity },
        });
        expect(await store.putAppliance(DEMO_APPLIANCES[0]!)).toBe(false);
      });

      it('puts a host in maintenance and back', async () => {
        expect(await store.setHostState('host-f', 'maintenance')).toMatchObject({
          id: 'host-f',
          state: 'maintenance',
        });
        expect((await store.getHost('host-f'))!.state).toBe('maintenance');
        await store.setHostState('host-f', 'active');
        expect((await store.getHost('host-f'))!.state).toBe('active');
        expect(await failure(store.setHostState('host-z', 'active'), 'not-found')).toEqual({
          kind: 'host',
          id: 'host-z',
        });
      });
    });

    describe('a migration over time: every stage transition applied as it falls due', () => {
      it('reserves at once, then pauses, commits and completes', async () => {
        const { value: m, replayed } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        expect(replayed).toBe(false);
        expect(m).toMatchObject({
          vmId: 'vm-3',
          sourceHostId: 'host-a',
          destinationHostId: 'host-b',
          memoryMiB: 4096,
          vcpus: 2,
          applianceId: 'web-server',
          status: 'in-flight',
          stage: 2,
          applied: 0,
          requestedAt: T0,
          startedAt: T0,
        });
        expect(m.history.map((h) => [h.kind, h.stage])).toEqual([
          ['start', 0],
          ['start', 1],
          ['start', 2],
        ]);
        expect((await store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(4096);
        expect(await store.getVm('vm-3')).toMatchObject({
          hostId: 'host-a',
          migration: { id: m.id, destinationHostId: 'host-b', stage: 2 },
        });
        expect((await store.listMigrationsInFlight()).map((x) => x.id)).toEqual([m.id]);
        await expectConsistent();

        const [stopCopy, commit, complete] = m.plan.transitions.map(
          (t) => m.startedAt + t.atMs / m.plan.timeScale,
        );
        clock.now = stopCopy!;
        expect(await store.getVm('vm-3')).toMatchObject({
          hostId: 'host-a',
          migration: { stage: 3 },
        });
        await expectConsistent();

        clock.now = commit!;
        expect(await store.getVm('vm-3')).toMatchObject({
          hostId: 'host-b',
          migration: { stage: 5 },
        });
        expect((await store.getHost('host-b'))!.usage).toMatchObject({
          reservedMemoryMiB: 0,
          allocatedMemoryMiB: 4096 + 4096,
        });
        expect((await store.getHost('host-a'))!.usage.allocatedMemoryMiB).toBe(16_384);
        await expectConsistent();

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
        expect(done.history.at(-1)).toMatchObject({ at: complete, appliedAt: complete });
        const vm = (await store.getVm('vm-3'))!;
        expect(vm.migration).toBeUndefined();
        expect(vm.lastMigrationId).toBe(m.id);
        expect(await store.listMigrationsInFlight()).toEqual([]);
        await expectConsistent();
      });

      it('applies everything due at once when nobody looked in between', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        clock.now += 3_600_000;
        const report = await store.advance();
        expect(report.applied).toEqual([
          { migrationId: m.id, kinds: ['stop-and-copy', 'commit', 'complete'] },
        ]);
        expect((await store.advance()).applied).toEqual([]);
        expect((await store.getVm('vm-3'))!.hostId).toBe('host-b');
        const done = (await store.getMigration(m.id))!;
        // Applied late, each at its own instant.
        expect(
          done.history.slice(3).every((h) => h.appliedAt === clock.now && h.at < clock.now),
        ).toBe(true);
        await expectConsistent();
      });

      it('lists a VM’s migrations newest first', async () => {
        const { value: first } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        clock.now += 3_600_000;
        const { value: second } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-a',
        });
        const list = await store.listMigrationsForVm('vm-3');
        expect(list.map((x) => x.id)).toEqual([second.id, first.id]);
        expect(list.map((x) => x.status)).toEqual(['in-flight', 'completed']);
        expect((await store.listMigrationsForVm('vm-3', 1)).map((x) => x.id)).toEqual([second.id]);
      });

      it('runs faster with a time scale', async () => {
        const fast = await subject.create(clock.read, { timeScale: 100 });
        await seedDemoFleet(fast);
        const { value: m } = await fast.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        expect(m.endsAt - m.startedAt).toBeCloseTo(m.plan.endMs / 100, 2);
      });

      it('queues a copy that starts later, with its room reserved at once', async () => {
        const startAt = T0 + 60_000;
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          startAt,
        });
        expect(m).toMatchObject({ requestedAt: T0, startedAt: startAt, stage: 2 });
        expect(m.history[2]).toMatchObject({ kind: 'start', stage: 2, at: startAt, appliedAt: T0 });
        expect((await store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(4096);
        clock.now = startAt + 1000;
        expect((await store.getVm('vm-3'))!.hostId).toBe('host-a');
        clock.now = m.endsAt;
        expect((await store.getMigration(m.id))!.status).toBe('completed');
        await expectConsistent();
      });

      it('moves several VMs at once without mixing them up', async () => {
        const { value: a } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        const { value: b } = await store.startMigration({
          vmId: 'vm-1',
          destinationHostId: 'host-b',
        });
        await expectConsistent();
        clock.now = Math.min(a.endsAt, b.endsAt);
        await expectConsistent();
        clock.now = Math.max(a.endsAt, b.endsAt);
        expect((await store.listVmsOnHost('host-b')).map((v) => v.id)).toEqual([
          'vm-1',
          'vm-3',
          'vm-4',
        ]);
        expect((await store.listVmsOnHost('host-a')).map((v) => v.id)).toEqual(['vm-2', 'vm-6']);
        await expectConsistent();
      });
    });

    describe('aborts leave the VM on its source and release the reservation', () => {
      it('destination failure during pre-copy', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          failure: { kind: 'destination-failed', atMs: 1000 },
        });
        clock.now += 1000;
        expect(await store.getMigration(m.id)).toMatchObject({
          status: 'aborted',
          abortReason: 'destination-failed',
          stage: 2,
        });
        expect(await store.getVm('vm-3')).toMatchObject({
          hostId: 'host-a',
          lastMigrationId: m.id,
        });
        expect((await store.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(0);
        await expectConsistent();
      });

      it('a failure at the very start aborts at once', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          failure: { kind: 'link-down', atMs: 0 },
        });
        expect(m).toMatchObject({ status: 'aborted', abortReason: 'link-down', stage: 1 });
        expect((await store.getVm('vm-3'))!.migration).toBeUndefined();
        await expectConsistent();
      });

      it('a memory muncher does not converge without auto-converge, and does with it', async () => {
        const { value: stuck } = await store.startMigration({
          vmId: 'vm-6',
          destinationHostId: 'host-b',
        });
        expect(stuck.plan.outcome).toBe('aborted');
        clock.now += 3_600_000;
        // The reason is the engine's (its stop rules name it): the store keeps what the plan says.
        expect(await store.getMigration(stuck.id)).toMatchObject({
          status: 'aborted',
          abortReason: stuck.plan.abortReason,
        });
        expect((await store.getVm('vm-6'))!.hostId).toBe('host-a');
        const { value: ok } = await store.startMigration({
          vmId: 'vm-6',
          destinationHostId: 'host-b',
          autoConverge: true,
        });
        clock.now += 3_600_000;
        expect((await store.getMigration(ok.id))!.status).toBe('completed');
        expect((await store.getVm('vm-6'))!.hostId).toBe('host-b');
        await expectConsistent();
      });
    });

    describe('conflicts and refusals: a code, and the data to say why', () => {
      it('another hypervisor family, another CPU vendor', async () => {
        const family = await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-d' }),
          'refused',
        );
        expect(family).toMatchObject({ hostId: 'host-d', vmId: 'vm-3' });
        // The most fundamental reason first.
        expect(family.refusals[0]!.code).toBe('family-mismatch');
        const vendor = await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-c' }),
          'refused',
        );
        expect(vendor.refusals.map((r) => r.code)).toEqual(['vendor-mismatch']);
      });

      it('the host it is on already', async () => {
        const data = await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-a' }),
          'refused',
        );
        expect(data.refusals.map((r) => r.code)).toEqual(['same-host']);
      });

      it('a second migration of the same VM', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        expect(
          await failure(
            store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-f' }),
            'migration-in-flight',
          ),
        ).toEqual({ vmId: 'vm-3', migrationId: m.id, destinationHostId: 'host-b', stage: 2 });
        await expectConsistent();
      });

      it('a host in maintenance, and unknown names', async () => {
        await store.setHostState('host-b', 'maintenance');
        const data = await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' }),
          'refused',
        );
        expect(data.refusals.map((r) => r.code)).toEqual(['maintenance']);
        expect(
          await failure(
            store.startMigration({ vmId: 'vm-99', destinationHostId: 'host-b' }),
            'not-found',
          ),
        ).toEqual({ kind: 'vm', id: 'vm-99' });
        expect(
          await failure(
            store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-z' }),
            'not-found',
          ),
        ).toEqual({ kind: 'host', id: 'host-z' });
      });

      it('no room: how much is needed and how much is free', async () => {
        // host-f: 16 GiB; fill it with three 4 GiB VMs, then 8 GiB more cannot fit.
        for (let i = 0; i < 3; i++)
          await store.createVm({ applianceId: 'web-server', hostId: 'host-f' });
        const data = await failure(
          store.createVm({ applianceId: 'database', hostId: 'host-f', id: 'vm-big' }),
          'refused',
        );
        expect(data).toMatchObject({
          hostId: 'host-f',
          vmId: 'vm-big',
          needed: { memoryMiB: 8192, vcpus: 4 },
          free: { memoryMiB: 4096, vcpus: 2 },
        });
        expect(data.refusals.map((r) => r.code)).toEqual(['no-room']);
        await expectConsistent();
      });

      it('a reservation counts against the room of the next request', async () => {
        // host-b (64 GiB, 32 vCPUs, vm-4 on it) takes vm-2 (8 GiB, 4 vCPUs): reserved at once.
        await store.startMigration({ vmId: 'vm-2', destinationHostId: 'host-b' });
        const data = await failure(
          store.createVm({ applianceId: 'database', hostId: 'host-b', memoryMiB: 60 * 1024 }),
          'refused',
        );
        expect(data.free).toEqual({ memoryMiB: 65_536 - 4096 - 8192, vcpus: 32 - 2 - 4 });
        const migration = await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-f' }),
          'refused',
        );
        expect(migration.refusals.map((r) => r.code)).toEqual(['feature-level']);
        await expectConsistent();
      });
    });

    describe('creating VMs', () => {
      it('names it after the highest vm-<n>, sizes it from its appliance', async () => {
        const { value: a } = await store.createVm({ applianceId: 'cache', hostId: 'host-c' });
        const { value: b } = await store.createVm({
          applianceId: 'cache',
          hostId: 'host-c',
          memoryMiB: 2048,
        });
        expect(a).toMatchObject({
          id: 'vm-9',
          hostId: 'host-c',
          applianceId: 'cache',
          memoryMiB: 4096,
          vcpus: 2,
          cpuFeatureLevel: DEMO_HOSTS.find((h) => h.id === 'host-c')!.cpuFeatureLevel,
          createdAt: T0,
        });
        expect(b).toMatchObject({ id: 'vm-10', memoryMiB: 2048 });
        expect(await store.getVm('vm-10')).toEqual(b);
        expect((await store.getHost('host-c'))!.usage.allocatedMemoryMiB).toBe(1024 + 4096 + 2048);
        await expectConsistent();
      });

      it('a name that is taken says so before the host’s room or state', async () => {
        await store.setHostState('host-a', 'maintenance');
        clock.now += 2 * 3_600_000;
        expect(
          await failure(
            store.createVm({
              id: 'vm-1',
              applianceId: 'web-server',
              hostId: 'host-a',
              idempotencyKey: 'seed:vm-1',
            }),
            'already-exists',
          ),
        ).toEqual({ vmId: 'vm-1' });
        expect(
          await failure(store.createVm({ applianceId: 'nothing', hostId: 'host-a' }), 'not-found'),
        ).toEqual({ kind: 'appliance', id: 'nothing' });
        expect(
          await failure(store.createVm({ applianceId: 'cache', hostId: 'host-z' }), 'not-found'),
        ).toEqual({ kind: 'host', id: 'host-z' });
        const data = await failure(
          store.createVm({ applianceId: 'cache', hostId: 'host-a' }),
          'refused',
        );
        expect(data.refusals.map((r) => r.code)).toEqual(['maintenance']);
      });
    });

    describe('idempotency: the same request twice writes once', () => {
      it('startMigration with the same key returns the first migration, even once done', async () => {
        const request = { vmId: 'vm-3', destinationHostId: 'host-b', idempotencyKey: 'k1' };
        const a = await store.startMigration(request);
        const b = await store.startMigration(request);
        expect(b).toMatchObject({ replayed: true, value: { id: a.value.id } });
        expect(await store.idempotentResult('k1')).toBe(a.value.id);
        clock.now += 3_600_000;
        const c = await store.startMigration(request);
        expect(c).toMatchObject({ replayed: true, value: { id: a.value.id, status: 'completed' } });
        expect(await store.listMigrationsForVm('vm-3')).toHaveLength(1);
        await expectConsistent();
      });

      it('createVm with the same key creates one VM', async () => {
        const request = { applianceId: 'cache', hostId: 'host-b', idempotencyKey: 'c1' };
        const a = await store.createVm(request);
        const b = await store.createVm(request);
        expect(a).toMatchObject({ replayed: false, value: { id: 'vm-9' } });
        expect(b).toMatchObject({ replayed: true, value: { id: 'vm-9' } });
        expect((await store.listVms()).length).toBe(DEMO_VMS.length + 1);
        await expectConsistent();
      });

      it('an expired key counts as new: the request runs again', async () => {
        const request = { applianceId: 'game-server', hostId: 'host-b', idempotencyKey: 'c2' };
        const first = await store.createVm(request);
        clock.now += 2 * 3_600_000;
        expect(await store.idempotentResult('c2')).toBeUndefined();
        const again = await store.createVm(request);
        expect(again.replayed).toBe(false);
        expect(again.value.id).not.toBe(first.value.id);
        expect(await store.idempotentResult('c2')).toBe(again.value.id);
      });

      it('a different key is a different request', async () => {
        await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          idempotencyKey: 'x',
        });
        await failure(
          store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b', idempotencyKey: 'y' }),
          'migration-in-flight',
        );
      });
    });

    describe('settling a write whose outcome is unknown', () => {
      it('one that happened: names what it produced, every time, and changes nothing', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          idempotencyKey: 's1',
        });
        const { value: vm } = await store.createVm({
          applianceId: 'cache',
          hostId: 'host-b',
          idempotencyKey: 's2',
        });
        const hosts = await store.listHosts();

        expect(await store.settleWrite('s1')).toBe(m.id);
        expect(await store.settleWrite('s1')).toBe(m.id);
        expect(await store.settleWrite('s2')).toBe(vm.id);
        expect(await store.idempotentResult('s1')).toBe(m.id);
        expect(await store.listHosts()).toEqual(hosts);
        expect(await store.listMigrationsForVm('vm-3')).toHaveLength(1);
        await expectConsistent();
      });

      it('one that never happened: undefined, and from then on it is refused', async () => {
        const [hosts, vms] = await Promise.all([store.listHosts(), store.listVms()]);

        expect(await store.settleWrite('late-start')).toBeUndefined();
        expect(await store.settleWrite('late-start')).toBeUndefined();
        expect(await store.settleWrite('late-create')).toBeUndefined();
        expect(await store.idempotentResult('late-start')).toBeUndefined();

        // The write arriving late (a transaction sent before the deadline) changes nothing.
        const start = await failure(
          store.startMigration({
            vmId: 'vm-3',
            destinationHostId: 'host-b',
            idempotencyKey: 'late-start',
          }),
          'changed-meanwhile',
        );
        expect(start).toMatchObject({ during: 'recording', vmId: 'vm-3' });
        const create = await failure(
          store.createVm({ applianceId: 'cache', hostId: 'host-b', idempotencyKey: 'late-create' }),
          'changed-meanwhile',
        );
        expect(create).toMatchObject({ during: 'creating' });
        expect(await store.listHosts()).toEqual(hosts);
        expect(await store.listVms()).toEqual(vms);
        expect(await store.listMigrationsForVm('vm-3')).toEqual([]);
        await expectConsistent();
      });

      it('a fence expires as any record does: then the key counts as new', async () => {
        await store.settleWrite('old');
        clock.now += 2 * 3_600_000;
        const { value: m, replayed } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
          idempotencyKey: 'old',
        });
        expect(replayed).toBe(false);
        expect(await store.settleWrite('old')).toBe(m.id);
      });
    });

    describe('deleting VMs', () => {
      it('deletes the VM and gives its room back to its host, in one go', async () => {
        const before = (await store.getHost('host-a'))!;
        const vm = (await store.getVm('vm-3'))!;
        const { value, replayed } = await store.deleteVm({ vmId: 'vm-3' });
        expect(replayed).toBe(false);
        expect(value).toEqual({ ...vm, deletedAt: T0 });
        expect(await store.getVm('vm-3')).toBeUndefined();
        expect((await store.listVmsOnHost('host-a')).map((v) => v.id)).toEqual([
          'vm-1',
          'vm-2',
          'vm-6',
        ]);
        const after = (await store.getHost('host-a'))!;
        expect(after.usage).toEqual({
          ...before.usage,
          allocatedMemoryMiB: before.usage.allocatedMemoryMiB - 4096,
          allocatedVcpus: before.usage.allocatedVcpus - 2,
        });
        expect(after.free).toEqual({
          memoryMiB: before.free.memoryMiB + 4096,
          vcpus: before.free.vcpus + 2,
        });
        await expectConsistent();
        // The name is free again; a VM already gone is not found.
        expect(await failure(store.deleteVm({ vmId: 'vm-3' }), 'not-found')).toEqual({
          kind: 'vm',
          id: 'vm-3',
        });
        const { value: again } = await store.createVm({
          id: 'vm-3',
          applianceId: 'cache',
          hostId: 'host-a',
        });
        expect(again).toMatchObject({ id: 'vm-3', applianceId: 'cache' });
        await expectConsistent();
      });

      it('with the same key twice deletes once, and answers the second as the first', async () => {
        const request = { vmId: 'vm-5', idempotencyKey: 'd1' };
        const first = await store.deleteVm(request);
        const hosts = await store.listHosts();
        clock.now += 60_000;
        const second = await store.deleteVm(request);
        expect(second).toEqual({ value: first.value, replayed: true });
        expect(await store.idempotentResult('d1')).toBe('vm-5');
        expect(await store.settleWrite('d1')).toBe('vm-5');
        expect(await store.listHosts()).toEqual(hosts);
        expect((await store.listVms()).length).toBe(DEMO_VMS.length - 1);
        // A different key is another request: the VM is gone.
        await failure(store.deleteVm({ vmId: 'vm-5', idempotencyKey: 'd2' }), 'not-found');
        await expectConsistent();
      });

      it('is refused while the VM migrates, its room reserved or copying; then goes', async () => {
        const { value: m } = await store.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        expect(await failure(store.deleteVm({ vmId: 'vm-3' }), 'vm-migrating')).toEqual({
          vmId: 'vm-3',
          migrationId: m.id,
          destinationHostId: 'host-b',
          stage: 2,
        });
        const { value: queued } = await store.startMigration({
          vmId: 'vm-1',
          destinationHostId: 'host-b',
          startAt: m.endsAt,
        });
        expect(await failure(store.deleteVm({ vmId: 'vm-1' }), 'vm-migrating')).toEqual({
          vmId: 'vm-1',
          migrationId: queued.id,
          destinationHostId: 'host-b',
          stage: 2,
          queuedUntil: m.endsAt,
        });
        await expectConsistent();

        clock.now = queued.endsAt;
        const hostB = (await store.getHost('host-b'))!;
        const { value } = await store.deleteVm({ vmId: 'vm-3' });
        expect(value).toMatchObject({ hostId: 'host-b', lastMigrationId: m.id });
        expect((await store.getHost('host-b'))!.free.memoryMiB).toBe(hostB.free.memoryMiB + 4096);
        // Its history stays.
        expect((await store.listMigrationsForVm('vm-3')).map((x) => x.id)).toEqual([m.id]);
        expect((await store.getMigration(m.id))!.status).toBe('completed');
        await expectConsistent();
      });

      it('a settled key that never deleted stays unused: the late delete is refused', async () => {
        expect(await store.settleWrite('late-delete')).toBeUndefined();
        const hosts = await store.listHosts();
        expect(
          await failure(
            store.deleteVm({ vmId: 'vm-3', idempotencyKey: 'late-delete' }),
            'changed-meanwhile',
          ),
        ).toMatchObject({ during: 'deleting', vmId: 'vm-3' });
        expect(await store.getVm('vm-3')).toBeDefined();
        expect(await store.listHosts()).toEqual(hosts);
      });

      it('in a unit of work, the deletion is seen at once', async () => {
        const unit = store.unitOfWork();
        const before = (await unit.getHost('host-c'))!;
        await unit.listVms();
        await unit.deleteVm({ vmId: 'vm-5' });
        expect(await unit.getVm('vm-5')).toBeUndefined();
        expect((await unit.listVms()).map((v) => v.id)).not.toContain('vm-5');
        expect((await unit.getHost('host-c'))!.free.memoryMiB).toBeGreaterThan(
          before.free.memoryMiB,
        );
        expect(await store.getHost('host-c')).toEqual(await unit.getHost('host-c'));
        await expectConsistent();
      });
    });

    describe('a unit of work', () => {
      it('sees its own writes, and the fleet as of now', async () => {
        const unit = store.unitOfWork();
        const before = (await unit.getHost('host-b'))!;
        await unit.listVms();
        const { value: m } = await unit.startMigration({
          vmId: 'vm-3',
          destinationHostId: 'host-b',
        });
        expect((await unit.getHost('host-b'))!.free.memoryMiB).toBe(before.free.memoryMiB - 4096);
        expect((await unit.getVm('vm-3'))!.migration).toMatchObject({ id: m.id, stage: 2 });
        expect((await unit.listVms()).find((v) => v.id === 'vm-3')!.migration?.id).toBe(m.id);
        const { value: vm } = await unit.createVm({ applianceId: 'cache', hostId: 'host-f' });
        expect((await unit.listVms()).map((v) => v.id)).toContain(vm.id);
        await unit.setHostState('host-f', 'maintenance');
        expect((await unit.getHost('host-f'))!).toMatchObject({
          state: 'maintenance',
          usage: { allocatedMemoryMiB: 4096 },
        });
        clock.now = m.endsAt;
        expect((await unit.getVm('vm-3'))!).toMatchObject({
          hostId: 'host-b',
          lastMigrationId: m.id,
        });
        expect((await unit.getHost('host-b'))!.usage.reservedMemoryMiB).toBe(0);
        // What the unit did is what the store holds.
        const byId = <T extends { id: string }>(xs: T[]) =>
          [...xs].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(await store.listHosts())).toEqual(byId(await unit.listHosts()));
        expect(byId(await store.listVms())).toEqual(byId(await unit.listVms()));
        await expectConsistent();
      });
    });
  });
}
