import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type BatchGetCommandInput,
  type GetCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Host } from '../../../../src/engine';
import { DynamoFleetStore, type DynamoFleetStoreOptions } from '../../../../src/store';
import { applianceItem, hostItem, vmItem } from '../../../../src/store/dynamo/items';

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

type Item = Record<string, unknown>;
const keyOf = (key: Record<string, unknown> | undefined) => `${String(key?.PK)}#${String(key?.SK)}`;

const host = (id: string): Host => ({
  id,
  family: 'kvm',
  technique: 'hardware-assisted',
  cpuVendor: 'intel',
  cpuFeatureLevel: 4,
  vcpuCapacity: 32,
  memoryMiB: 65_536,
  bandwidthMiBps: 1180,
  state: 'active',
});

/**
 * A small fleet behind a mocked document client, so that the store's handling of DynamoDB's
 * answers can be tested without DynamoDB: two hosts, one appliance, vm-1 and vm-2 on host-a.
 * Reads answer from the items; a transaction's Puts are stored (Updates are not applied: enough
 * to record migrations and find them due later). Tests override TransactWriteCommand to fail.
 */
export interface MockTable {
  mock: AwsClientStub<DynamoDBDocumentClient>;
  items: Map<string, Item>;
  /** The (mocked) document client the store uses. */
  doc: DynamoDBDocumentClient;
  store(options?: Partial<DynamoFleetStoreOptions>): DynamoFleetStore;
  /** The default TransactWriteCommand behaviour: store the Puts, succeed. */
  write(input: TransactWriteCommandInput): Record<string, never>;
}

export function mockTable(): MockTable {
  const items = new Map<string, Item>();
  const put = (item: Item) => items.set(keyOf(item), item);
  put(
    applianceItem({
      id: 'web',
      name: 'web server',
      os: 'Debian 12',
      applications: ['nginx'],
      memoryMiB: 4096,
      vcpus: 2,
      workload: { dirtyRateMiBps: 40, workingSetMiB: 1024, pattern: 'random' },
    }),
  );
  for (const h of [host('host-a'), host('host-b')]) {
    const used = h.id === 'host-a' ? 2 : 0;
    put({
      ...hostItem(h),
      allocatedMemoryMiB: used * 4096,
      allocatedVcpus: used * 2,
      freeMemoryMiB: h.memoryMiB - used * 4096,
      freeVcpus: h.vcpuCapacity - used * 2,
    });
  }
  for (const id of ['vm-1', 'vm-2']) {
    put(
      vmItem(
        {
          id,
          hostId: 'host-a',
          applianceId: 'web',
          memoryMiB: 4096,
          vcpus: 2,
          cpuFeatureLevel: 4,
          workload: { dirtyRateMiBps: 40, workingSetMiB: 1024, pattern: 'random' },
        },
        T0,
      ),
    );
  }

  const write = (input: TransactWriteCommandInput) => {
    for (const t of input.TransactItems ?? []) if (t.Put?.Item) put(t.Put.Item);
    return {};
  };
  const mock = mockClient(DynamoDBDocumentClient);
  mock
    .on(GetCommand)
    .callsFake((input: GetCommandInput) => ({ Item: items.get(keyOf(input.Key)) }));
  mock.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: query(items, input) }));
  mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
        table,
        (request.Keys ?? []).map((k) => items.get(keyOf(k))).filter(Boolean),
      ]),
    ),
  }));
  mock.on(TransactWriteCommand).callsFake(write);
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    mock,
    items,
    doc,
    write,
    store: (options) =>
      new DynamoFleetStore({ doc, tableName: 'vmbot-mock', clock: () => T0, ...options }),
  };
}

/** Queries by index partition; GSI2 also by due time (`GSI2SK <= :now`). */
function query(items: Map<string, Item>, input: QueryCommandInput): Item[] {
  const values = input.ExpressionAttributeValues ?? {};
  const index = input.IndexName === 'GSI2' ? 'GSI2' : 'GSI1';
  const prefix = values[':prefix'] as string | undefined;
  const upTo = values[':now'] as string | undefined;
  return [...items.values()]
    .filter((i) => i[`${index}PK`] === values[':pk'])
    .filter((i) => prefix === undefined || String(i[`${index}SK`]).startsWith(prefix))
    .filter((i) => upTo === undefined || String(i[`${index}SK`]) <= upTo)
    .sort((a, b) => String(a[`${index}SK`]).localeCompare(String(b[`${index}SK`])));
}

/** DynamoDB's cancellation, with one reason per item. */
export const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
