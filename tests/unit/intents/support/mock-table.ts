import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type BatchGetItemCommandInput,
  type GetItemCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  DEMO_APPLIANCES,
  DEMO_HOSTS,
  DEMO_VMS,
  DynamoFleetStore,
  type DynamoFleetStoreOptions,
} from '../../../../src/store';
import { applianceItem, hostItem, vmItem } from '../../../../src/store/table/items';
import { T0 } from './memory-fleet';
import { keyId, keyOf as itemKey, TABLE } from '../../../../src/store/table/keys';

type Item = Record<string, unknown>;
type Wire = Record<string, AttributeValue>;
const keyOf = (key: Item | undefined) => (key ? keyId(itemKey(key)) : '');
const sortKey = (item: Item) => String(item[TABLE.gsi1.sortKey]);
const wire = (item: Item): Wire => marshall(item, { removeUndefinedValues: true });
/** The demo fleet as the table holds it after `vmbot seed`: hosts with their usage, VMs, appliances. */
export function demoFleetItems(): Map<string, Item> {
  const items = new Map<string, Item>();
  const put = (item: Item) => items.set(keyOf(item), item);
  for (const a of DEMO_APPLIANCES) put(applianceItem(a));
  for (const h of DEMO_HOSTS) {
    const vms = DEMO_VMS.filter((v) => v.hostId === h.id).map((v) =>
      DEMO_APPLIANCES.find((a) => a.id === v.applianceId)!,
    );
    const memory = vms.reduce((t, a) => t + a.memoryMiB, 0);
    const vcpus = vms.reduce((t, a) => t + a.vcpus, 0);
    put({
      ...hostItem(h),
      allocatedMemoryMiB: memory,
      allocatedVcpus: vcpus,
      freeMemoryMiB: h.memoryMiB - memory,
      freeVcpus: h.vcpuCapacity - vcpus,
    });
  }
  for (const v of DEMO_VMS) {
    const a = DEMO_APPLIANCES.find((x) => x.id === v.applianceId)!;
    const h = DEMO_HOSTS.find((x) => x.id === v.hostId)!;
    put(
      vmItem(
        {
          ...v,
          memoryMiB: a.memoryMiB,
          vcpus: a.vcpus,
          cpuFeatureLevel: h.cpuFeatureLevel,
          workload: a.workload,
        },
        T0,
      ),
    );
  }
  return items;
}

export interface MockTable {
  /** The mocked DynamoDB client: override a command to inject a failure. */
  mock: AwsClientStub<DynamoDBClient>;
  store(options?: Partial<DynamoFleetStoreOptions>): DynamoFleetStore;
}

/**
 * A DynamoFleetStore whose DynamoDB calls never leave the process: every send of the DynamoDB
 * client is mocked. Reads answer from the demo fleet (no migration in flight); writes succeed
 * without changing it. Tests then make one command fail to see how the intents answer.
 */
export function mockFleetTable(): MockTable {
  const items = demoFleetItems();
  const mock = mockClient(DynamoDBClient);
  const get = (key: Wire | undefined) => items.get(keyOf(key && unmarshall(key)));
  mock.on(GetItemCommand).callsFake((input: GetItemCommandInput) => {
    const item = get(input.Key);
    return { Item: item && wire(item) };
  });
  mock
    .on(QueryCommand)
    .callsFake((input: QueryCommandInput) => ({ Items: query(items, input).map(wire) }));
  mock.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
        table,
        (request.Keys ?? []).flatMap((k) => {
          const item = get(k);
          return item ? [wire(item)] : [];
        }),
      ]),
    ),
  }));
  mock.on(TransactWriteItemsCommand).resolves({});
  mock.on(PutItemCommand).resolves({});
  mock.on(UpdateItemCommand).callsFake((input: { Key?: Wire }) => ({
    Attributes: wire({ ...get(input.Key), state: 'maintenance' }),
  }));
  // The client is never used for real: the mock answers every send.
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' },
  });
  return {
    mock,
    store: (options) =>
      new DynamoFleetStore({ client, tableName: 'vmbot-mock', clock: () => T0, ...options }),
  };
}

/** GSI1 queries on one partition, optionally by sort-key prefix; GSI2 (in flight) is empty. */
function query(items: Map<string, Item>, input: QueryCommandInput): Item[] {
  const values = unmarshall(input.ExpressionAttributeValues ?? {});
  if (input.IndexName !== TABLE.gsi1.name) return [];
  const prefix = values[':prefix'] as string | undefined;
  return [...items.values()]
    .filter((i) => i[TABLE.gsi1.partitionKey] === values[':pk'])
    .filter((i) => prefix === undefined || sortKey(i).startsWith(prefix))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}
