import { DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDynamo } from '../../../src/store';
import { createTestTable, type TestTable } from '../support/store';
import { toWire } from '../../../src/store/dynamo/wire';
import { keys } from '../../../src/store/table/keys';

/**
 * The store's client caches the middleware it resolves per command; middleware added after its
 * first requests (a request counter, a fault injector) still sees every later request.
 */
let table: TestTable;

beforeEach(async () => {
  table = await createTestTable();
});
afterEach(async () => {
  await table.drop();
});

it('sees middleware added after its first requests, and stops when it is removed', async () => {
  const { client } = createDynamo({ endpoint: table.endpoint });
  const get = () =>
    client.send(new GetItemCommand({ TableName: table.tableName, Key: toWire(keys.vm('X')) }));
  await get();
  await client.send(new DescribeTableCommand({ TableName: table.tableName }));

  const seen: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      seen.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'lateCounter' },
  );
  await get();
  await get();
  await client.send(new DescribeTableCommand({ TableName: table.tableName }));
  client.middlewareStack.remove('lateCounter');
  await get();

  expect(seen).toEqual(['GetItemCommand', 'GetItemCommand', 'DescribeTableCommand']);
  client.destroy();
});
