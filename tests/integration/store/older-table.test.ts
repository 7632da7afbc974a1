import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_APPLIANCES, DEMO_HOSTS, seedDemoFleet } from '../../../src/store';
import { applianceItem, hostItem } from '../../../src/store/table/items';
import { createTestTable, invariantProblems, TestClock, type TestTable } from '../support/store';
import { indexKeys, TABLE } from '../../../src/store/table/keys';

const olderIndexKeys = (partition: string, id: string) => indexKeys(TABLE.gsi1, partition, id);

/**
 * A table written before hosts and appliances shared the FLEET partition (GSI1PK HOSTS and
 * APPLIANCES, the id as sort key): the store does not see them, and seeding again, which the
 * CLI does for a table whose fleet looks empty, brings their index keys up to date.
 */
let table: TestTable;

beforeEach(async () => {
  table = await createTestTable();
  const old = [
    ...DEMO_HOSTS.map((h) => ({ ...hostItem(h), ...olderIndexKeys('HOSTS', h.id) })),
    ...DEMO_APPLIANCES.map((a) => ({ ...applianceItem(a), ...olderIndexKeys('APPLIANCES', a.id) })),
  ];
  for (const Item of old)
    await table.dynamo.doc.send(new PutCommand({ TableName: table.tableName, Item }));
});
afterEach(async () => {
  await table.drop();
});

it('seeding again finds the hosts and appliances and moves them to FLEET', async () => {
  const store = table.store({ clock: new TestClock().read });
  expect(await store.listHosts()).toEqual([]);

  const report = await seedDemoFleet(store);

  expect(report).toMatchObject({ hosts: 0, appliances: 0 });
  expect((await store.listHosts()).map((h) => h.id)).toEqual(DEMO_HOSTS.map((h) => h.id));
  expect((await store.listAppliances()).map((a) => a.id).sort()).toEqual(
    DEMO_APPLIANCES.map((a) => a.id).sort(),
  );
  expect(await seedDemoFleet(store)).toEqual({ hosts: 0, appliances: 0, vms: 0 });
  expect(await invariantProblems(table)).toEqual([]);
});
