import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand as DocQueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { benchDynamo } from './dynamo';
import { printTable } from './stats';

/**
 * The AWS SDK's own CPU per DynamoDB request, in this process (DynamoDB Local's CPU is its own
 * Java process's): a consistent GetItem of a host and a GSI1 query of the six hosts, sent one
 * after the other. Each way of calling the SDK runs in rounds interleaved with the others, so a
 * busy moment of the machine hits them alike; CPU time (user + system) per request is the median
 * over the rounds.
 */
const ROUNDS = 7;
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
  const clientOf = (cacheMiddleware: boolean) =>
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      cacheMiddleware,
    });
  const TableName = env.tableName;
  const key = { PK: 'HOST#host-a', SK: 'HOST' };
  const hosts = {
    TableName,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': 'HOSTS' },
  };
  // The document client refuses cacheMiddleware (it throws when the option is set).
  const docWay = (label: string): Way => {
    const doc = DynamoDBDocumentClient.from(clientOf(false));
    return {
      label,
      get: () => doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
      query: () => doc.send(new DocQueryCommand(hosts)),
      cpuUs: [],
    };
  };
  const plainWay = (label: string, cacheMiddleware: boolean, trim: string[] = []): Way => {
    const client = clientOf(cacheMiddleware);
    for (const name of trim) client.middlewareStack.remove(name);
    return {
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
    };
  };
  const ways = [
    docWay('document client (lib-dynamodb)'),
    plainWay('DynamoDBClient + util-dynamodb', false),
    plainWay('DynamoDBClient + util-dynamodb, cacheMiddleware', true),
    plainWay('-logger', true, ['loggerMiddleware']),
    plainWay('-ua', true, ['getUserAgentMiddleware']),
    plainWay('-recursion', true, ['recursionDetectionMiddleware']),
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
