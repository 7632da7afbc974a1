import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * A transaction cancelled because a condition failed: DynamoDB's reason for each item in order
 * ('None' for items that were fine, 'ConditionalCheckFailed' for the ones whose condition
 * failed), so that callers can say which record lost and why. transactWrite raises it only when
 * at least one condition failed; every other cancellation becomes a StoreError.
 */
export class TransactionCancelled extends Error {
  override name = 'TransactionCancelled';
  constructor(readonly reasons: string[]) {
    super(`transaction cancelled: ${reasons.join(', ')}`);
  }

  failedAt(index: number): boolean {
    return this.reasons[index] === CONDITION_FAILED;
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
 * TransactWriteItems. Cancellations whose only reasons are conflicts with other transactions or
 * throttling are retried with backoff (the SDK does not retry those: they arrive as a
 * TransactionCanceledException), then become StoreError('busy'). A failed condition is not
 * retried: it becomes a TransactionCancelled for the caller to explain. Any other reason (a
 * validation error, an item collection too large) is a StoreError('rejected') naming the item.
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  items: TransactItems,
  clientRequestToken?: string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: items,
          ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
        }),
      );
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw mapDynamoError(err);
      const reasons = (err.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
      if (reasons.includes(CONDITION_FAILED)) throw new TransactionCancelled(reasons);
      const unexplained = reasons
        .map((reason, i) => ({ reason, i }))
        .filter(({ reason }) => reason !== 'None' && reason !== CONFLICT && !THROTTLED.has(reason));
      if (unexplained.length > 0 || reasons.every((r) => r === 'None')) {
        throw rejected(items, unexplained, err);
      }
      if (attempt >= MAX_RETRIES) {
        throw new StoreError(
          'busy',
          reasons.some((r) => THROTTLED.has(r))
            ? 'DynamoDB is throttling requests; try again in a moment.'
            : 'The fleet is busy with other changes to the same records; try again in a moment.',
          { cause: err },
        );
      }
      await backoff(attempt);
    }
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

/** A cancellation for a reason that is neither a lost race nor a passing condition of DynamoDB. */
function rejected(
  items: TransactItems,
  unexplained: { reason: string; i: number }[],
  cause: TransactionCanceledException,
): StoreError {
  const what = unexplained.length
    ? unexplained.map(({ reason, i }) => `${reason} on ${itemLabel(items[i])}`).join(', ')
    : cause.message || 'no reason given';
  return new StoreError('rejected', `DynamoDB refused the change (${what}); nothing was written.`, {
    cause,
  });
}

/** The key of a transaction item, for messages: "VM#vm-3". */
function itemLabel(item: TransactItems[number] | undefined): string {
  const key =
    item?.Put?.Item ?? item?.Update?.Key ?? item?.Delete?.Key ?? item?.ConditionCheck?.Key ?? {};
  const pk = (key as Record<string, unknown>).PK;
  return typeof pk === 'string' ? pk : 'an item';
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
    return new StoreError('busy', 'DynamoDB is throttling requests; try again in a moment.', {
      cause: err,
    });
  }
  if (TIMED_OUT.has(name)) {
    return new StoreError('unavailable', 'The fleet database did not answer in time.', {
      cause: err,
    });
  }
  if (name === 'ResourceNotFoundException') {
    return new StoreError('unavailable', 'The fleet table does not exist (was it created?).', {
      cause: err,
    });
  }
  return new StoreError(
    'unavailable',
    `The fleet store could not be reached (${name || 'unknown error'}).`,
    { cause: err },
  );
}
