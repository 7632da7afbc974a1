import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../errors';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * A cancelled transaction, with DynamoDB's reason for each item in order ('None' for items that
 * were fine, 'ConditionalCheckFailed' for the one whose condition failed...), so that callers
 * can say which record lost and why.
 */
export class TransactionCancelled extends Error {
  override name = 'TransactionCancelled';
  constructor(readonly reasons: string[]) {
    super(`transaction cancelled: ${reasons.join(', ')}`);
  }

  failedAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

const MAX_CONFLICT_RETRIES = 6;

/**
 * TransactWriteItems, retried while the only reasons are conflicts with other transactions in
 * flight on the same items (DynamoDB's TransactionConflict: nobody lost, try again). A failed
 * condition is not retried: it becomes a TransactionCancelled for the caller to explain.
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
      const conflictOnly =
        reasons.some((r) => r === 'TransactionConflict') &&
        reasons.every((r) => r === 'None' || r === 'TransactionConflict');
      if (!conflictOnly) throw new TransactionCancelled(reasons);
      if (attempt >= MAX_CONFLICT_RETRIES) {
        throw new StoreError(
          'busy',
          'The fleet is busy with other changes to the same records; try again in a moment.',
          { cause: err },
        );
      }
      await backoff(attempt);
    }
  }
}

export function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

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
