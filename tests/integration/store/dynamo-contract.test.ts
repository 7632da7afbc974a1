import { afterAll, afterEach, expect } from 'vitest';
import type { FleetStore } from '../../../src/store';
import { describeFleetStoreContract } from '../../support/fleet-store-contract';
import { createTestTable, invariantProblems, type TestTable } from '../support/store';

/**
 * The FleetStore contract on DynamoDB Local: the store itself (every call its own unit of work),
 * and one unit of work kept for a whole test, whose reads are cached and kept true by its own
 * writes and by the clock. After each test the raw items are checked too: counters, index keys,
 * the VMs' marks and the hosts' pending changes agree with the VMs and the migrations.
 */
const tables: TestTable[] = [];
afterAll(async () => {
  await Promise.all(tables.map((t) => t.drop()));
});
afterEach(async () => {
  expect(await invariantProblems(tables.at(-1)!)).toEqual([]);
});

async function freshTable(): Promise<TestTable> {
  const table = await createTestTable();
  tables.push(table);
  return table;
}

describeFleetStoreContract('DynamoDB', {
  create: async (clock, options) => (await freshTable()).store({ clock, ...options }),
});

describeFleetStoreContract('DynamoDB, one unit of work', {
  create: async (clock, options): Promise<FleetStore> =>
    (await freshTable()).store({ clock, ...options }).unitOfWork(),
});
