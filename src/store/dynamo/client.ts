import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type BatchWriteItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE } from './schema';

export interface ClientOptions {
  /** A local endpoint (DynamoDB Local); absent in AWS, where the SDK finds its own. */
  endpoint?: string;
  region?: string;
}

/**
 * The DynamoDB client the store uses. Against a local endpoint, DynamoDB Local accepts any
 * credentials, so a newcomer without an AWS account is given placeholder ones. The client caches
 * each command's resolved middleware stack instead of building it on every send (bench: sdk),
 * which is why the document client (which refuses this option) is not used.
 */
export function createDynamo(options: ClientOptions = {}): { client: DynamoDBClient } {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    cacheMiddleware: true,
    ...(local ? { endpoint: options.endpoint } : {}),
    ...(options.region || local
      ? { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' }
      : {}),
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  forgetResolvedMiddlewareOnChange(client);
  return { client };
}

/**
 * With cacheMiddleware, the SDK resolves each command's middleware once, so middleware added
 * after the first request (a request counter, a fault injector) would be missed. Every change of
 * the stack drops what was resolved, as the SDK's own destroy() does; the next send resolves
 * again.
 */
function forgetResolvedMiddlewareOnChange(client: DynamoDBClient): void {
  const stack = client.middlewareStack as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const name of ['add', 'addRelativeTo', 'use', 'remove', 'removeByTag']) {
    const change = stack[name]!.bind(stack);
    stack[name] = (...args: unknown[]) => {
      delete (client as unknown as { handlers?: unknown }).handlers;
      return change(...args);
    };
  }
}

/** Creates the table (keys, GSIs, TTL) unless it exists; returns true when it created it. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (err instanceof ResourceInUseException) return false; // created meanwhile
    throw err;
  }
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
  return true;
}

/**
 * Deletes every item of the table (a scan, then batched deletes). For test fixtures only: the
 * conversation tests reset their own table to the demo fleet before each conversation.
 */
export async function clearTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExclusiveStartKey: start,
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      let requests: BatchWriteItemCommandOutput['UnprocessedItems'] = {
        [tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
      };
      while (requests && Object.keys(requests).length > 0) {
        const out: BatchWriteItemCommandOutput = await client.send(
          new BatchWriteItemCommand({ RequestItems: requests }),
        );
        requests = out.UnprocessedItems;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
