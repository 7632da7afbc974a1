import type { FreeCapacity, Refusal, StageIndex } from '../engine';
import type { AdvanceReport } from './port';

/**
 * What can go wrong in the store, as data: a code and what the caller needs to say precisely
 * what lost and why (ids, what was needed and what was free, the refusals). Wording for people
 * belongs to the callers (src/intents/store-errors.ts); the message is a terse description for
 * logs and the CLI, never "conditional check failed".
 */
export interface StoreErrorData {
  'not-found': {
    kind: 'vm' | 'host' | 'appliance' | 'migration';
    id: string;
    /** For a host: the VM that runs on it (a VM whose host is missing). */
    of?: string;
  };
  /** The host cannot take the VM (room, maintenance, compatibility). */
  refused: {
    hostId: string;
    /** The VM (or the name of the VM to be created). */
    vmId: string;
    /** Empty when the host's room was taken by a concurrent writer and is back by now. */
    refusals: Refusal[];
    needed?: { memoryMiB: number; vcpus: number };
    free?: FreeCapacity;
  };
  /** The VM already has a migration in flight. */
  'migration-in-flight': {
    vmId: string;
    migrationId: string;
    destinationHostId: string;
    stage: StageIndex;
  };
  /**
   * The VM cannot be deleted: a migration of it is in flight (queued with its room reserved on
   * the destination, copying, or activating there).
   */
  'vm-migrating': {
    vmId: string;
    migrationId: string;
    destinationHostId: string;
    stage: StageIndex;
    /** When the copy begins, for a migration queued behind others (its room is reserved). */
    queuedUntil?: number;
  };
  /** Someone changed the records between our read and our write, again and again. */
  'changed-meanwhile': {
    during: 'planning' | 'recording' | 'creating' | 'deleting' | 'advancing';
    vmId?: string;
    migrationId?: string;
    /** DynamoDB's reasons, per transaction item, for a migration that cannot advance. */
    reasons?: string[];
  };
  'already-exists': { vmId: string };
  /** DynamoDB kept cancelling for conflicts, throttled us, or names kept clashing. */
  busy: { cause: 'throttled' | 'conflicts' | 'names' };
  /**
   * DynamoDB cancelled a write for a reason that is neither one of our conditions nor a passing
   * conflict (a validation error, an item collection too large): nothing was written.
   */
  rejected: { refused: { reason: string; item: string }[]; detail?: string };
  /**
   * DynamoDB could not be reached or failed; timed-out: no answer within a request's timeout or
   * the invocation's deadline (a request not sent after the deadline too).
   */
  unavailable: { cause: 'no-table' | 'unreachable' | 'timed-out'; error: string };
}

export type StoreErrorCode = keyof StoreErrorData;

export class StoreError<C extends StoreErrorCode = StoreErrorCode> extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: C,
    readonly data: StoreErrorData[C],
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? `${code}: ${describe(code, data)}`, options);
  }
}

export const isStoreError = <C extends StoreErrorCode = StoreErrorCode>(
  err: unknown,
  code?: C,
): err is StoreError<C> => err instanceof StoreError && (code === undefined || err.code === code);

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
    const errors = failed.map((f) => f.error);
    const pressing =
      errors.find((e) => isStoreError(e, 'unavailable')) ??
      errors.find((e) => isStoreError(e, 'busy')) ??
      errors.find((e) => isStoreError(e, 'changed-meanwhile'));
    const { code, data } = isStoreError(pressing)
      ? pressing
      : { code: 'changed-meanwhile' as const, data: { during: 'advancing' as const } };
    const reasons = failed.map((f) => `${f.migrationId}: ${messageOf(f.error)}.`);
    const count = failed.length === 1 ? '1 migration' : `${failed.length} migrations`;
    const others = applied.length
      ? ` ${applied.length} other${applied.length === 1 ? '' : 's'} advanced.`
      : '';
    super(code, data, {
      message: `Could not advance ${count}. ${reasons.join(' ')}${others}`,
      cause: failed.length === 1 ? errors[0] : new AggregateError(errors),
    });
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Terse descriptions of each error's data, for logs and the CLI. */
const DESCRIBE: { [C in StoreErrorCode]: (data: StoreErrorData[C]) => string } = {
  'not-found': ({ kind, id, of }) => (of ? `${kind} ${id} of ${of}` : `${kind} ${id}`),
  refused: ({ hostId, vmId, refusals }) =>
    `${hostId} for ${vmId} (${refusals.map((r) => r.code).join(', ') || 'room taken meanwhile'})`,
  'migration-in-flight': (m) =>
    `${m.vmId} to ${m.destinationHostId}, stage ${m.stage} (${m.migrationId})`,
  'vm-migrating': (m) =>
    `${m.vmId} migrating to ${m.destinationHostId}, stage ${m.stage} (${m.migrationId})`,
  'changed-meanwhile': ({ during, vmId, migrationId, reasons }) =>
    `${during} ${[migrationId, vmId].filter(Boolean).join(' of ')}${reasons?.length ? ` (${reasons.join(', ')})` : ''}`,
  'already-exists': ({ vmId }) => `vm ${vmId}`,
  busy: ({ cause }) => cause,
  rejected: ({ refused, detail }) =>
    refused.map((r) => `${r.reason} on ${r.item}`).join(', ') || detail || 'no reason given',
  unavailable: ({ cause, error }) => `${cause} (${error})`,
};

function describe<C extends StoreErrorCode>(code: C, data: StoreErrorData[C]): string {
  return DESCRIBE[code](data);
}
