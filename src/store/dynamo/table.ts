import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Expression } from './expressions';
import type { Item } from './items';
import { StoreError } from '../errors';

export type Key = { PK: string; SK: string };
type Wire = Record<string, AttributeValue>;

export interface QueryInput {
  IndexName?: string;
  KeyConditionExpression: string;
  ExpressionAttributeValues: Record<string, unknown>;
  ProjectionExpression?: string;
  ScanIndexForward?: boolean;
  Limit?: number;
}

/** A condition of a single-item write failed. */
export class ConditionFailed extends Error {
  override name = 'ConditionFailed';
}

/** JavaScript values <-> DynamoDB's attribute values (sets as sets, no undefined). */
export const toWire = (values: Record<string, unknown>): Wire =>
  marshall(values, { removeUndefinedValues: true });
export const fromWire = (item: Wire): Item => unmarshall(item);

/**
 * The one table, in the terms the store speaks: items as plain objects, every failure as a
 * StoreError (or ConditionFailed). The plain DynamoDB client with util-dynamodb marshalling
 * rather than the document client: it costs less CPU per request and lets the client cache its
 * resolved middleware (bench: sdk).
 */
export class DynamoTable {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  /** A consistent read of one item. */
  async get(key: Key): Promise<Item | undefined> {
    const out = await this.call(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.name, Key: toWire(key), ConsistentRead: true }),
      ),
    );
    return out.Item && fromWire(out.Item);
  }

  /** Consistent reads of up to 100 items in one request; unprocessed keys are asked again. */
  async batchGet(keys: readonly Key[]): Promise<Item[]> {
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

  /** Every page of a query (or the first `Limit` items). */
  async query(input: QueryInput): Promise<Item[]> {
    const items: Item[] = [];
    let start: Wire | undefined;
    do {
      const command: QueryCommandInput = {
        TableName: this.name,
        ...input,
        ExpressionAttributeValues: toWire(input.ExpressionAttributeValues),
        ExclusiveStartKey: start,
      };
      const out = await this.call(() => this.client.send(new QueryCommand(command)));
      items.push(...(out.Items ?? []).map(fromWire));
      start = out.LastEvaluatedKey;
      if (input.Limit !== undefined && items.length >= input.Limit) break;
    } while (start);
    return items;
  }

  /** An update; the item as it is afterwards. Throws ConditionFailed when the condition fails. */
  async update(key: Key, expression: Expression & { UpdateExpression: string }): Promise<Item> {
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.name,
          Key: toWire(key),
          ...wireExpression(expression),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromWire(out.Attributes ?? {});
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConditionFailed(err.message);
      throw mapDynamoError(err);
    }
  }

  /** Writes the item unless one with its key exists; true when it was written. */
  async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.put(item, { ConditionExpression: 'attribute_not_exists(PK)' });
      return true;
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
  }

  /** A put under a condition. Throws ConditionFailed when the condition fails. */
  async put(item: Item, expression: Expression): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.name,
          Item: toWire(item),
          ...wireExpression(expression),
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConditionFailed(err.message);
      throw mapDynamoError(err);
    }
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw mapDynamoError(err);
    }
  }
}

/** An expression with its values marshalled. */
export function wireExpression<E extends Expression>(
  e: E,
): Omit<E, 'ExpressionAttributeValues'> & { ExpressionAttributeValues?: Wire } {
  const { ExpressionAttributeValues: values, ...rest } = e;
  return values === undefined ? rest : { ...rest, ExpressionAttributeValues: toWire(values) };
}

function pause(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(500, 10 * 2 ** attempt) * Math.random()));
}

/** A request timed out, was abandoned at the invocation's deadline, or was not sent after it. */
const TIMED_OUT: ReadonlySet<string> = new Set([
  'TimeoutError',
  'AbortError',
  'DeadlinePassedError',
]);

/** SDK and network failures as StoreErrors; StoreErrors pass through. */
export function mapDynamoError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const name = (err as { name?: string })?.name ?? '';
  if (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'RequestLimitExceeded'
  ) {
    return new StoreError('busy', { cause: 'throttled' }, { cause: err });
  }
  if (name === 'ResourceNotFoundException') {
    return new StoreError('unavailable', { cause: 'no-table', error: name }, { cause: err });
  }
  if (TIMED_OUT.has(name)) {
    return new StoreError('unavailable', { cause: 'timed-out', error: name }, { cause: err });
  }
  return new StoreError(
    'unavailable',
    { cause: 'unreachable', error: name || 'unknown error' },
    { cause: err },
  );
}
