import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { INDEXES, type Key } from '../table/keys';
import {
  ConditionFailed,
  type Item,
  type Query,
  type Table,
  type Write,
} from '../table/persistence';
import { expression } from './expressions';
import { transactWrite } from './transact';
import { fromWire, mapDynamoError, toWire, wireExpression, type Wire } from './wire';

/**
 * The persistence of the store on one DynamoDB table: reads, queries, conditional writes and
 * transactions as the workflows describe them, every failure a StoreError (or ConditionFailed,
 * TransactionCancelled). The plain DynamoDB client with util-dynamodb marshalling rather than
 * the document client: it costs less CPU per request and lets the client cache its resolved
 * middleware (bench: sdk).
 */
export class DynamoTable implements Table {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  /** One key: a GetItem; more: BatchGetItems of up to 100 (unprocessed keys asked again). */
  async read(keys: readonly Key[]): Promise<Item[]> {
    if (keys.length === 1) {
      const out = await this.call(() =>
        this.client.send(
          new GetItemCommand({ TableName: this.name, Key: toWire(keys[0]!), ConsistentRead: true }),
        ),
      );
      return out.Item ? [fromWire(out.Item)] : [];
    }
    const items: Item[] = [];
    for (let i = 0; i < keys.length; i += 100)
      items.push(...(await this.batchGet(keys.slice(i, i + 100))));
    return items;
  }

  /** Every page of a query (or the first `limit` items). */
  async query(query: Query): Promise<Item[]> {
    const input = queryInput(this.name, query);
    const items: Item[] = [];
    let start: Wire | undefined;
    do {
      const command: QueryCommandInput = { ...input, ExclusiveStartKey: start };
      const out = await this.call(() => this.client.send(new QueryCommand(command)));
      items.push(...(out.Items ?? []).map(fromWire));
      start = out.LastEvaluatedKey;
      if (query.limit !== undefined && items.length >= query.limit) break;
    } while (start);
    return items;
  }

  async write(write: Write): Promise<Item | undefined> {
    const TableName = this.name;
    try {
      if ('put' in write) {
        const e = wireExpression(expression(undefined, write.when));
        await this.client.send(new PutItemCommand({ TableName, Item: toWire(write.put), ...e }));
        return write.put;
      }
      if ('delete' in write) {
        const e = wireExpression(expression(undefined, write.when));
        await this.client.send(
          new DeleteItemCommand({ TableName, Key: toWire(write.delete), ...e }),
        );
        return undefined;
      }
      const e = wireExpression(expression(write.change, write.when));
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName,
          Key: toWire(write.update),
          ...e,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromWire(out.Attributes ?? {});
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConditionFailed(err.message);
      throw mapDynamoError(err);
    }
  }

  transact<N extends string>(writes: Readonly<Record<N, Write | undefined>>): Promise<void> {
    return transactWrite(this, writes);
  }

  private async batchGet(keys: readonly Key[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Wire[] = keys.map((k) => toWire(k));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await pause(attempt);
      const request = pending;
      const out = await this.call(() =>
        this.client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.name]: { Keys: request, ConsistentRead: true } },
          }),
        ),
      );
      items.push(...(out.Responses?.[this.name] ?? []).map(fromWire));
      pending = out.UnprocessedKeys?.[this.name]?.Keys ?? [];
    }
    return items;
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw mapDynamoError(err);
    }
  }
}

/** A query as DynamoDB's: the index's key names from the one schema, the values as placeholders. */
function queryInput(TableName: string, q: Query): QueryCommandInput {
  const index = INDEXES.find((i) => i.name === q.index)!;
  const conditions = [`${index.partitionKey} = :pk`];
  if (q.beginsWith !== undefined) conditions.push(`begins_with(${index.sortKey}, :prefix)`);
  if (q.upTo !== undefined) conditions.push(`${index.sortKey} <= :upTo`);
  const values = { ':pk': q.partition, ':prefix': q.beginsWith, ':upTo': q.upTo };
  const projection = q.attributes?.map((a, i) => [`#p${i}`, a] as const);
  return {
    TableName,
    IndexName: index.name,
    KeyConditionExpression: conditions.join(' AND '),
    ExpressionAttributeValues: toWire(values),
    ...(projection && {
      ProjectionExpression: projection.map(([alias]) => alias).join(', '),
      ExpressionAttributeNames: Object.fromEntries(projection),
    }),
    ...(q.descending && { ScanIndexForward: false }),
    ...(q.limit !== undefined && { Limit: q.limit }),
  };
}

function pause(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(500, 10 * 2 ** attempt) * Math.random()));
}
