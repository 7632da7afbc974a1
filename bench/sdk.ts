import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand as DocQueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamo } from '../src/store';
import { benchDynamo } from './dynamo';
import { printTable } from './stats';
import { gsi1, keys, TABLE } from '../src/store/table/keys';

/**
 * The AWS SDK's own CPU per DynamoDB request, in this process (DynamoDB Local's CPU is its own
 * Java process's): a consistent GetItem of a host and a GSI1 query of the fleet, sent one after
 * the other. Each way of calling the SDK runs in rounds interleaved with the others, so a busy
 * moment of the machine hits them alike; CPU time (user + system) per request is the median over
 * the rounds. Before: the document client; after: the store's client (createDynamo), the plain
 * DynamoDB client caching its resolved middleware, with util-dynamodb marshalling.
 */
const ROUNDS = 9;
const PER_ROUND = 200;

interface Way {
  label: string;
  get: () => Promise<unknown>;
  query: () => Promise<unknown>;
  cpuUs: number[];
}

export async function benchSdk(): Promise<void> {
  const env = await benchDynamo();
  const endpoint = env.endpoint;
  const plainClient = () =>
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  const TableName = env.tableName;
  const key = keys.host('host-a');
  const hosts = {
    TableName,
    IndexName: TABLE.gsi1.name,
    KeyConditionExpression: `${TABLE.gsi1.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': gsi1.fleet },
  };
  // The document client refuses cacheMiddleware (it throws when the option is set).
  const docWay = (label: string): Way => {
    const doc = DynamoDBDocumentClient.from(plainClient());
    return {
      label,
      get: () => doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
      query: () => doc.send(new DocQueryCommand(hosts)),
      cpuUs: [],
    };
  };
  const plainWay = (label: string, client: DynamoDBClient): Way => ({
    label,
    get: async () =>
      unmarshall(
        (
          await client.send(
            new GetItemCommand({ TableName, Key: marshall(key), ConsistentRead: true }),
          )
        ).Item ?? {},
      ),
    query: async () =>
      (
        await client.send(
          new QueryCommand({
            ...hosts,
            ExpressionAttributeValues: marshall(hosts.ExpressionAttributeValues),
          }),
        )
      ).Items?.map((i) => unmarshall(i)),
    cpuUs: [],
  });
  const ways = [
    docWay('before: document client (lib-dynamodb)'),
    plainWay('DynamoDBClient + util-dynamodb', plainClient()),
    plainWay('after: the store’s client (+ cacheMiddleware)', createDynamo({ endpoint }).client),
  ];
  for (const way of ways) for (let i = 0; i < 20; i++) await Promise.all([way.get(), way.query()]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of ways) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < PER_ROUND / 2; i++) {
        await way.get();
        await way.query();
      }
      const { user, system } = process.cpuUsage(cpu);
      way.cpuUs.push((user + system) / PER_ROUND);
    }
  }
  await env.drop();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const base = median(ways[0]!.cpuUs);
  printTable(
    `sdk: client-side CPU per DynamoDB request (GetItem and Query alternating, median of ${ROUNDS} rounds of ${PER_ROUND})`,
    ['way', 'CPU µs/request', 'vs document client'],
    ways.map((w) => [w.label, median(w.cpuUs), `${(median(w.cpuUs) / base).toFixed(2)}x`]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSdk();
  const { stopBenchDynamo } = await import('./dynamo');
  await stopBenchDynamo();
}
