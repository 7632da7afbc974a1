import {
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { StoreError } from '../errors';
import {
  CONDITION_FAILED,
  keyOfWrite,
  namedWrites,
  TransactionCancelled,
  type Write,
} from '../table/persistence';
import { expression } from './expressions';
import { mapDynamoError, toWire, wireExpression } from './wire';

/** Nobody lost: another transaction held the items, try again. */
const CONFLICT = 'TransactionConflict';
/** DynamoDB had no capacity for the transaction just then; try again, more slowly. */
const THROTTLED: ReadonlySet<string> = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

const MAX_RETRIES = 6;

/**
 * TransactWriteItems of named writes (in the order given). Cancellations whose only reasons are
 * conflicts with other transactions or throttling are retried with backoff (the SDK does not
 * retry those: they arrive as a TransactionCanceledException), then become StoreError('busy'). A
 * failed condition is not retried: it becomes a TransactionCancelled for the caller to explain.
 * Any other reason (a validation error, an item collection too large) is a StoreError('rejected')
 * naming the item.
 */
export async function transactWrite<N extends string>(
  table: { client: DynamoDBClient; name: string },
  writes: Readonly<Record<N, Write | undefined>>,
): Promise<void> {
  const named = namedWrites(writes);
  const TransactItems = named.map(([, write]) => wire(table.name, write));
  for (let attempt = 0; ; attempt++) {
    try {
      await table.client.send(new TransactWriteItemsCommand({ TransactItems }));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw mapDynamoError(err);
      const codes = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      const reasons = Object.fromEntries(
        named.map(([name], i) => [name, codes[i] ?? 'None']),
      ) as Record<N, string>;
      if (codes.includes(CONDITION_FAILED)) throw new TransactionCancelled(reasons);
      const unexplained = named
        .map(([, write], i) => ({ reason: codes[i] ?? 'None', item: label(write) }))
        .filter(({ reason }) => reason !== 'None' && reason !== CONFLICT && !THROTTLED.has(reason));
      if (unexplained.length > 0 || codes.every((r) => r === 'None')) {
        throw new StoreError(
          'rejected',
          { refused: unexplained, ...(unexplained.length ? {} : { detail: err.message }) },
          { cause: err },
        );
      }
      if (attempt >= MAX_RETRIES) {
        const cause = codes.some((r) => THROTTLED.has(r)) ? 'throttled' : 'conflicts';
        throw new StoreError('busy', { cause }, { cause: err });
      }
      await backoff(attempt);
    }
  }
}

function wire(TableName: string, write: Write): TransactWriteItem {
  if ('put' in write) {
    const e = wireExpression(expression(undefined, write.when));
    return { Put: { TableName, Item: toWire(write.put), ...e } };
  }
  if ('delete' in write) {
    const e = wireExpression(expression(undefined, write.when));
    return { Delete: { TableName, Key: toWire(write.delete), ...e } };
  }
  const { UpdateExpression, ...rest } = wireExpression(expression(write.change, write.when));
  return {
    Update: { TableName, Key: toWire(write.update), UpdateExpression: UpdateExpression!, ...rest },
  };
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

/** The key of a write, for messages: "VM#vm-3". */
function label(write: Write): string {
  const pk = keyOfWrite(write).PK as unknown;
  return typeof pk === 'string' ? pk : 'an item';
}
