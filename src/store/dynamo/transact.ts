import {
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { StoreError } from '../errors';
import type { Expression } from './expressions';
import type { Item } from './items';
import { mapDynamoError, toWire, wireExpression, type DynamoTable, type Key } from './table';

/** One write of a transaction: a Put (conditional or not) or an Update. */
export type Write =
  | { put: Item; expression?: Expression }
  | { update: Key; expression: Expression & { UpdateExpression: string } };

/**
 * A transaction cancelled because a condition failed, with DynamoDB's reason for each write by
 * name ('None' for the writes that were fine, 'ConditionalCheckFailed' for the ones whose
 * condition failed), so that callers can say which record lost and why. transactWrite raises it
 * only when at least one condition failed; every other cancellation becomes a StoreError.
 */
export class TransactionCancelled<N extends string = string> extends Error {
  override name = 'TransactionCancelled';
  constructor(readonly reasons: Readonly<Record<N, string>>) {
    super(
      `transaction cancelled: ${Object.entries(reasons)
        .map(([write, reason]) => `${write} ${String(reason)}`)
        .join(', ')}`,
    );
  }

  /** Whether the condition of this write failed. */
  failed(write: N): boolean {
    return this.reasons[write] === CONDITION_FAILED;
  }

  /** The reasons, for a message: "vm ConditionalCheckFailed". */
  get list(): string[] {
    return Object.entries(this.reasons)
      .filter(([, reason]) => reason !== 'None')
      .map(([write, reason]) => `${write} ${String(reason)}`);
  }
}

const CONDITION_FAILED = 'ConditionalCheckFailed';
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
  table: DynamoTable,
  writes: Readonly<Record<N, Write | undefined>>,
): Promise<void> {
  const named = (Object.entries(writes) as [N, Write | undefined][]).filter(
    (entry): entry is [N, Write] => entry[1] !== undefined,
  );
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
    return {
      Put: { TableName, Item: toWire(write.put), ...wireExpression(write.expression ?? {}) },
    };
  }
  const { UpdateExpression, ...rest } = wireExpression(write.expression);
  return { Update: { TableName, Key: toWire(write.update), UpdateExpression, ...rest } };
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

/** The key of a write, for messages: "VM#vm-3". */
function label(write: Write): string {
  const pk = 'put' in write ? write.put.PK : write.update.PK;
  return typeof pk === 'string' ? pk : 'an item';
}
