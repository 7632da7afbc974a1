import { afterAll } from 'vitest';
import type { FleetStore } from '../../../src/store';
import { describeFleetStoreContract } from '../../support/fleet-store-contract';
import { createTestTable, type TestTable } from '../support/store';

/**
 * The FleetStore contract on DynamoDB Local: the store itself (every call its own unit of work),
 * and one unit of work kept for a whole test, whose reads are cached and kept true by its own
 * writes and by the clock.
 */
const tables: TestTable[] = [];
afterAll(async () => {
  await Promise.all(tables.map((t) => t.drop()));
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
