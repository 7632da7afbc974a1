import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { StoreError } from '../errors';
import type { Item } from '../table/persistence';
import type { Expression } from './expressions';

/** The DynamoDB wire: attribute values, and SDK and network failures as StoreErrors. */
export type Wire = Record<string, AttributeValue>;

/** JavaScript values <-> DynamoDB's attribute values (sets as sets, no undefined). */
export const toWire = (values: Record<string, unknown>): Wire =>
  marshall(values, { removeUndefinedValues: true });
export const fromWire = (item: Wire): Item => unmarshall(item);

/** An expression with its values marshalled. */
export function wireExpression<E extends Expression>(
  e: E,
): Omit<E, 'ExpressionAttributeValues'> & { ExpressionAttributeValues?: Wire } {
  const { ExpressionAttributeValues: values, ...rest } = e;
  return values === undefined ? rest : { ...rest, ExpressionAttributeValues: toWire(values) };
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
