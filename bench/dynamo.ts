import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamo, DynamoFleetStore, ensureTable, seedDemoFleet } from '../src/store';
import { startDynamoDbLocal, type DynamoDbLocal } from '../src/store/local/dynamodb-local';

/**
 * DynamoDB Local for the benchmarks: one in-memory instance per bench run, a fresh seeded table
 * per section, and a count of the requests the store sends (a middleware on the client).
 */
let local: DynamoDbLocal | undefined;

export async function benchDynamo() {
  local ??= await startDynamoDbLocal();
  const { client } = createDynamo({ endpoint: local.endpoint });
  const counter = { requests: 0, byCommand: new Map<string, number>() };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counter.requests++;
      const name = String(context.commandName ?? 'unknown');
      counter.byCommand.set(name, (counter.byCommand.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  const tableName = `vmbot-bench-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  const clock = { now: Date.UTC(2026, 10, 27, 9) };
  const store = new DynamoFleetStore({ client, tableName, clock: () => clock.now });
  await seedDemoFleet(store);
  counter.requests = 0;
  counter.byCommand.clear();
  return {
    client,
    endpoint: local.endpoint,
    store,
    tableName,
    clock,
    counter,
    newStore: () => new DynamoFleetStore({ client, tableName, clock: () => clock.now }),
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

export async function stopBenchDynamo(): Promise<void> {
  await local?.stop();
  local = undefined;
}
