import type { AdvanceReport } from './port';

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
  /**
   * DynamoDB cancelled a write for a reason that is neither one of our conditions nor a passing
   * conflict (a validation error, an item collection too large): nothing was written.
   */
  | 'rejected'
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

/** A migration that `advance()` could not carry forward, and why. */
export interface AdvanceFailure {
  migrationId: string;
  error: unknown;
}

/**
 * `advance()` tried every migration that was due and some could not advance: what was applied
 * (it stays applied) and what failed. The code is the most pressing of the failures: unavailable,
 * then busy, else changed-meanwhile (a migration whose VM or hosts are not as it left them).
 */
export class AdvanceFailed extends StoreError {
  override name = 'AdvanceFailed';
  constructor(
    readonly applied: AdvanceReport['applied'],
    readonly failed: AdvanceFailure[],
  ) {
    const codes = failed.map((f) => (f.error instanceof StoreError ? f.error.code : undefined));
    const code = codes.includes('unavailable')
      ? 'unavailable'
      : codes.includes('busy')
        ? 'busy'
        : 'changed-meanwhile';
    const reasons = failed.map((f) => `${f.migrationId}: ${sentence(messageOf(f.error))}`);
    const count = failed.length === 1 ? '1 migration' : `${failed.length} migrations`;
    const others = applied.length
      ? ` ${applied.length} other${applied.length === 1 ? '' : 's'} advanced.`
      : '';
    super(code, `Could not advance ${count}. ${reasons.join(' ')}${others}`, {
      cause:
        failed.length === 1 ? failed[0]!.error : new AggregateError(failed.map((f) => f.error)),
    });
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
