import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  ScanCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { createTableInput, TABLE } from './schema';

export interface ClientOptions {
  /** A local endpoint (DynamoDB Local); absent in AWS, where the SDK finds its own. */
  endpoint?: string;
  region?: string;
}

/**
 * The DynamoDB client and the document client the store uses. Against a local endpoint, DynamoDB Local accepts any
 * credentials, so a newcomer without an AWS account is given placeholder ones.
 */
export function createDynamo(options: ClientOptions = {}): {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local ? { endpoint: options.endpoint } : {}),
    ...(options.region || local
      ? { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1' }
      : {}),
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
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
export async function clearTable(doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExclusiveStartKey: start,
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      let requests: BatchWriteCommandInput['RequestItems'] = {
        [tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
      };
      while (requests && Object.keys(requests).length > 0) {
        const out: BatchWriteCommandOutput = await doc.send(
          new BatchWriteCommand({ RequestItems: requests }),
        );
        requests = out.UnprocessedItems;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
