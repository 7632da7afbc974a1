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
import { DeadlineHttpHandler } from './deadline';
import { TABLE } from '../table/keys';
import { createTableInput } from './schema';

export interface ClientOptions {
  /**
   * A local endpoint (DynamoDB Local); absent in AWS, where the SDK finds its own. A function is
   * asked before every request: the CLI restarts a DynamoDB Local that died, maybe on another port.
   */
  endpoint?: string | (() => string);
  region?: string;
  /** For DynamoDB Local: the access key its database is filed under (see local-dynamo.ts). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * How long one DynamoDB call may take. An attempt gets CONNECT_TIMEOUT_MS to connect and
 * REQUEST_TIMEOUT_MS in all (connecting included) before it is abandoned, and the SDK makes at
 * most MAX_ATTEMPTS of them with its standard backoff (at most 100 ms · 2^k before retry k):
 * so a call that never gets an answer gives up after CALL_BUDGET_MS, inside the Lambda's 10 s.
 * Inside an invocation, the deadline scope (deadline.ts) cuts that shorter still.
 */
export const DYNAMO_LIMITS = {
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 2_500,
  maxAttempts: 3,
} as const;
export const CALL_BUDGET_MS =
  DYNAMO_LIMITS.maxAttempts * DYNAMO_LIMITS.requestTimeoutMs +
  Array.from({ length: DYNAMO_LIMITS.maxAttempts - 1 }, (_, k) => 100 * 2 ** (k + 1)).reduce(
    (a, b) => a + b,
    0,
  );

/** DynamoDB Local files its tables by access key and region: one region, whatever AWS_REGION says. */
export const LOCAL_REGION = 'us-east-1';

/**
 * The DynamoDB client the store uses, with the time limits above and the deadline of the
 * invocation it runs in. Against a local endpoint, DynamoDB Local checks no signature, so a
 * newcomer without an AWS account is given placeholder credentials unless the caller passes its
 * own (the CLI's per-checkout key). The client caches each command's resolved middleware stack
 * instead of building it on every send (bench: sdk), which is why the document client (which
 * refuses this option) is not used.
 */
export function createDynamo(options: ClientOptions = {}): { client: DynamoDBClient } {
  const { endpoint } = options;
  const local = endpoint !== undefined;
  const client = new DynamoDBClient({
    cacheMiddleware: true,
    ...(typeof endpoint === 'string' ? { endpoint } : {}),
    ...(typeof endpoint === 'function'
      ? { endpoint: async () => ({ url: new URL(endpoint()) }) }
      : {}),
    ...(options.region || local ? { region: options.region ?? LOCAL_REGION } : {}),
    ...(options.credentials
      ? { credentials: { ...options.credentials } } // a copy: the SDK writes on it
      : local && !process.env.AWS_ACCESS_KEY_ID
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    maxAttempts: DYNAMO_LIMITS.maxAttempts,
    requestHandler: new DeadlineHttpHandler({
      connectionTimeout: DYNAMO_LIMITS.connectTimeoutMs,
      requestTimeout: DYNAMO_LIMITS.requestTimeoutMs,
      // Without it, requestTimeout only logs a warning and the request goes on.
      throwOnRequestTimeout: true,
    }),
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
