import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEMO_APPLIANCES,
  DEMO_HOSTS,
  DEMO_VMS,
  InMemoryFleetStore,
  isStoreError,
  seedDemoFleet,
  type FleetStore,
} from '../../../src/store';
import { createTestTable, invariantProblems, TestClock, type TestTable } from '../support/store';

/**
 * The two adapters agree: the same random sequence of requests (migrations, creations,
 * deletions, host states, time passing, advances) on a fresh demo fleet in DynamoDB Local and
 * in memory gives the same answers, the same refusals with the same data, and the same fleet
 * afterwards. What differs by design is left out: migration ids (random) are compared by order
 * of appearance.
 */
const HOSTS = DEMO_HOSTS.map((h) => h.id);
const VMS = [...DEMO_VMS.map((v) => v.id), 'vm-9', 'web-1'];
// Mostly the compatible pair (Intel KVM, level 4) and the VMs on it, so that most moves happen.
const PAIR = ['host-a', 'host-b'];
const ON_PAIR = ['vm-1', 'vm-2', 'vm-3', 'vm-4', 'vm-6'];

type Op =
  | { op: 'start'; vmId: string; to: string; autoConverge: boolean }
  | { op: 'create'; applianceId: string; hostId: string; id?: string }
  | { op: 'delete'; vmId: string; idempotencyKey?: string }
  | { op: 'state'; hostId: string; state: 'active' | 'maintenance' }
  | { op: 'wait'; ms: number }
  | { op: 'advance' };

const anOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      vmId: fc.oneof(fc.constantFrom(...ON_PAIR), fc.constantFrom(...VMS)),
      to: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PAIR) }, fc.constantFrom(...HOSTS)),
      autoConverge: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        op: fc.constant('create' as const),
        applianceId: fc.constantFrom(...DEMO_APPLIANCES.map((a) => a.id), 'nothing'),
        hostId: fc.oneof(fc.constantFrom(...PAIR), fc.constantFrom(...HOSTS)),
        id: fc.constantFrom('web-1', 'vm-2'),
      },
      { requiredKeys: ['op', 'applianceId', 'hostId'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        op: fc.constant('delete' as const),
        vmId: fc.constantFrom(...VMS),
        idempotencyKey: fc.constantFrom('d1', 'd2'),
      },
      { requiredKeys: ['op', 'vmId'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('state' as const),
      hostId: fc.constantFrom(...HOSTS),
      state: fc.constantFrom('active' as const, 'maintenance' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('wait' as const),
      ms: fc.constantFrom(500, 2_000, 5_000, 60_000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'advance' as const }) },
);

/** Every answer and the fleet at the end, with migration ids by order of appearance. */
async function play(store: FleetStore, clock: TestClock, ops: Op[]): Promise<unknown> {
  const answers: unknown[] = [];
  for (const o of ops) {
    try {
      if (o.op === 'start') {
        const { value: m, replayed } = await store.startMigration({
          vmId: o.vmId,
          destinationHostId: o.to,
          autoConverge: o.autoConverge,
        });
        answers.push({ replayed, m });
      } else if (o.op === 'create') {
        answers.push(await store.createVm(o));
      } else if (o.op === 'delete') {
        answers.push(await store.deleteVm(o));
      } else if (o.op === 'state') {
        answers.push(await store.setHostState(o.hostId, o.state));
      } else if (o.op === 'wait') {
        clock.advance(o.ms);
      } else {
        answers.push(await store.advance());
      }
    } catch (err) {
      if (!isStoreError(err)) throw err;
      answers.push({ code: err.code, data: err.data });
    }
  }
  const byId = <T extends { id: string }>(xs: T[]) =>
    [...xs].sort((a, b) => a.id.localeCompare(b.id));
  const fleet = {
    hosts: byId(await store.listHosts()),
    vms: byId(await store.listVms()),
    inFlight: (await store.listMigrationsInFlight()).map((m) => m.vmId).sort(),
  };
  return renameMigrations({ answers, fleet });
}

function renameMigrations(value: unknown): unknown {
  const names = new Map<string, string>();
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v !== 'string' || !v.startsWith('mig-')) return v;
    if (!names.has(v)) names.set(v, `migration-${names.size + 1}`);
    return names.get(v);
  });
}

describe('the DynamoDB and in-memory adapters', () => {
  const tables: TestTable[] = [];
  afterAll(async () => {
    await Promise.all(tables.map((t) => t.drop()));
  });

  it('answer the same requests alike and leave the same fleet', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anOp, { minLength: 1, maxLength: 16 }), async (ops) => {
        const table = await createTestTable();
        tables.push(table);
        const dynamoClock = new TestClock();
        const dynamo = table.store({ clock: dynamoClock.read });
        await seedDemoFleet(dynamo);
        const memoryClock = new TestClock();
        const memory = new InMemoryFleetStore({ clock: memoryClock.read });
        await seedDemoFleet(memory);

        const inDynamo = await play(dynamo, dynamoClock, ops);
        const inMemory = await play(memory, memoryClock, ops);

        expect(inDynamo).toEqual(inMemory);
        expect(await invariantProblems(table)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
