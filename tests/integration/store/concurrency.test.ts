import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type FleetStore } from '../../../src/store';
import { storeErrorText } from '../../../src/intents/store-errors';
import { createTestTable, invariantProblems, TestClock, type TestTable } from '../support/store';

/**
 * Many writers at once, aimed at two small hosts: 40 migrations (including the same VMs twice)
 * and 24 creations, from separate store instances. Conditions, not luck, must keep every
 * invariant; each loser must learn exactly why it lost.
 */
let table: TestTable;
const clock = new TestClock();

const small = (id: string) => ({
  id,
  family: 'kvm' as const,
  technique: 'hardware-assisted' as const,
  cpuVendor: 'intel' as const,
  cpuFeatureLevel: 4,
  vcpuCapacity: 8,
  memoryMiB: 16_384,
  bandwidthMiBps: 1180,
  state: 'active' as const,
});

beforeAll(async () => {
  table = await createTestTable();
  const store = table.store({ clock: clock.read });
  await store.putHost({ ...small('big'), vcpuCapacity: 256, memoryMiB: 1_048_576 });
  await store.putHost(small('small-1'));
  await store.putHost(small('small-2'));
  await store.putAppliance({
    id: 'web',
    name: 'web server',
    os: 'Debian 12',
    applications: ['nginx'],
    memoryMiB: 4096,
    vcpus: 1,
    workload: { dirtyRateMiBps: 10, workingSetMiB: 512, pattern: 'random' },
  });
  await Promise.all(
    Array.from({ length: 32 }, (_, i) =>
      store.createVm({ id: `vm-${i + 1}`, applianceId: 'web', hostId: 'big' }),
    ),
  );
});
afterAll(async () => {
  await table.drop();
});

describe('concurrent migrations and creations on small hosts', () => {
  it('never overbook a host, and every loser gets a clear reason', async () => {
    const stores: FleetStore[] = Array.from({ length: 8 }, () =>
      table.store({ clock: clock.read }),
    );
    const pick = (i: number) => stores[i % stores.length]!;
    const jobs: Promise<{ ok: boolean; what: string; message?: string; code?: string }>[] = [];
    const run = (what: string, p: Promise<unknown>) =>
      jobs.push(
        p.then(
          () => ({ ok: true, what }),
          (err: unknown) => {
            if (!(err instanceof StoreError)) throw err;
            return { ok: false, what, message: storeErrorText(err), code: err.code };
          },
        ),
      );
    for (let i = 0; i < 32; i++) {
      const vmId = `vm-${i + 1}`;
      run(
        `migrate ${vmId}`,
        pick(i).startMigration({ vmId, destinationHostId: i % 2 ? 'small-1' : 'small-2' }),
      );
      // Every fourth VM is also asked to go elsewhere at the same moment.
      if (i % 4 === 0)
        run(
          `migrate ${vmId} again`,
          pick(i + 1).startMigration({ vmId, destinationHostId: 'small-1' }),
        );
    }
    for (let i = 0; i < 24; i++) {
      run(
        `create ${i}`,
        pick(i).createVm({
          id: `new-${i}`,
          applianceId: 'web',
          hostId: i % 2 ? 'small-1' : 'small-2',
        }),
      );
    }
    const results = await Promise.all(jobs);
    expect(results.length).toBeGreaterThanOrEqual(50);

    // Two hosts of 16 GiB take at most four 4 GiB VMs each.
    const winners = results.filter((r) => r.ok);
    expect(winners.length).toBe(8);
    for (const loser of results.filter((r) => !r.ok)) {
      expect(loser.code, loser.what).toMatch(/^(refused|migration-in-flight)$/);
      expect(loser.message, loser.what).toMatch(
        /^(small-\d has no room for [\w-]+: needs 4 GiB, (0|4|8|12) (GiB|MiB) free\.|vm-\d+ is already migrating to small-\d \(stage \d\)\.)$/,
      );
    }
    expect(await invariantProblems(table)).toEqual([]);

    // Time passes; concurrent advancers apply each transition exactly once.
    clock.advance(3_600_000);
    const reports = await Promise.all(stores.map((s) => s.advance()));
    const applied = reports.flatMap((r) => r.applied);
    const migrated = winners.filter((w) => w.what.startsWith('migrate')).length;
    expect(applied.flatMap((a) => a.kinds).filter((k) => k === 'commit')).toHaveLength(migrated);
    expect(await invariantProblems(table)).toEqual([]);
    const hosts = await stores[0]!.listHosts();
    for (const h of hosts.filter((x) => x.id.startsWith('small'))) {
      expect(h.usage.allocatedMemoryMiB + h.usage.reservedMemoryMiB).toBeLessThanOrEqual(
        h.memoryMiB,
      );
      expect(h.usage.reservedMemoryMiB).toBe(0);
    }
  });
});

describe('concurrent creations without a name', () => {
  it('each gets a name of its own: a generated name never comes back as already taken', async () => {
    // Prepare: 8 store instances, as 8 Lambdas would be.
    const stores = Array.from({ length: 8 }, () => table.store({ clock: clock.read }));
    const before = new Set((await stores[0]!.listVms()).map((v) => v.id));
    const highest = Math.max(...[...before].map((id) => Number(/^vm-(\d+)$/.exec(id)?.[1] ?? 0)));

    // Act: 16 creations at once, none naming its VM.
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        stores[i % stores.length]!.createVm({ applianceId: 'web', hostId: 'big' }),
      ),
    );

    // Assess: all created, under distinct new names that follow on from the highest one.
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const names = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.value.id] : []));
    expect(new Set(names).size).toBe(16);
    expect(names.filter((n) => before.has(n))).toEqual([]);
    const numbers = names.map((n) => Number(n.slice('vm-'.length))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => highest + 1 + i));
    expect(await invariantProblems(table)).toEqual([]);
  });
});

describe('a VM deleted while it is asked to migrate', () => {
  it('either goes or migrates, never both, and the loser says why', async () => {
    // Prepare: a second big host, and 8 VMs on the first, each asked both at once.
    const stores = Array.from({ length: 4 }, () => table.store({ clock: clock.read }));
    await stores[0]!.putHost({ ...small('big-2'), vcpuCapacity: 256, memoryMiB: 1_048_576 });
    const ids = Array.from({ length: 8 }, (_, i) => `gone-${i}`);
    for (const id of ids) await stores[0]!.createVm({ id, applianceId: 'web', hostId: 'big' });

    // Act
    const results = await Promise.all(
      ids.map(async (vmId, i) => {
        const [deleted, migrated] = await Promise.allSettled([
          stores[i % 4]!.deleteVm({ vmId }),
          stores[(i + 1) % 4]!.startMigration({ vmId, destinationHostId: 'big-2' }),
        ]);
        return { vmId, deleted, migrated };
      }),
    );

    // Assess
    const code = (r: PromiseSettledResult<unknown>) =>
      r.status === 'rejected' ? (r.reason as StoreError).code : 'ok';
    for (const { vmId, deleted, migrated } of results) {
      const outcome = [code(deleted), code(migrated)];
      expect(
        [
          ['ok', 'not-found'],
          ['vm-migrating', 'ok'],
        ],
        vmId,
      ).toContainEqual(outcome);
      expect((await stores[0]!.getVm(vmId)) === undefined, vmId).toBe(outcome[0] === 'ok');
    }
    expect(await invariantProblems(table)).toEqual([]);
  });
});
