import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { INDEXES, TABLE } from '../table/keys';

export const DEFAULT_TABLE_NAME = 'vmbot';

/** The table as DynamoDB creates it (DynamoDB Local; the CDK stack builds the same in AWS). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      s(TABLE.partitionKey),
      s(TABLE.sortKey),
      ...INDEXES.flatMap((index) => [s(index.partitionKey), s(index.sortKey)]),
    ],
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
