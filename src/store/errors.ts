/**
 * What can go wrong in the store, typed so that callers answer people precisely: each error says
 * what lost and why ("host-b has no room for vm-7: needs 8 GiB, 2 GiB free"), never just
 * "conditional check failed".
 */
export type StoreErrorCode =
  /** The destination cannot take the VM (room, maintenance, compatibility). */
  | 'refused'
  /** The VM already has a migration in flight. */
  | 'migration-in-flight'
  /** Someone changed the record between our read and our write. */
  | 'changed-meanwhile'
  | 'not-found'
  | 'already-exists'
  /** DynamoDB kept cancelling for conflicts with other transactions, or throttled us. */
  | 'busy'
  /** DynamoDB could not be reached or failed. */
  | 'unavailable';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isStoreError = (err: unknown, code?: StoreErrorCode): err is StoreError =>
  err instanceof StoreError && (code === undefined || err.code === code);
