import type { StoreError } from '../errors';
import type { Written } from '../port';
import type { IdempotencyRecord } from '../table/items';
import { ConditionFailed } from '../table/persistence';
import { idempotencyWrite, type IdempotencyWrite } from '../table/writes';
import type { Unit } from './unit';

/**
 * Idempotency, the same for every write: a request with a key first looks for the record an
 * earlier run under that key left, and answers with its result (a replay) before checking the
 * request against a fleet that run may have changed already; its own write carries the record,
 * in the same transaction, so that a twin running at the same time loses on it and replays.
 */

/** The live record under `key` (an expired one lingers until TTL deletes it: it does not count). */
export async function earlierWrite(
  unit: Unit,
  key: string | undefined,
  options: { fresh?: boolean } = {},
): Promise<IdempotencyRecord | undefined> {
  if (!key) return undefined;
  const record = await unit.records.record(key, options);
  return record && record.expiresAt * 1000 >= unit.now() ? record : undefined;
}

/** When a request with this key already ran: its result (`load`ed), marked as a replay. */
export async function replay<T>(
  unit: Unit,
  key: string | undefined,
  load: (record: IdempotencyRecord & { resultId: string }) => Promise<T | undefined>,
  options: { fresh?: boolean } = {},
): Promise<Written<T> | undefined> {
  const record = await earlierWrite(unit, key, options);
  if (record?.resultId === undefined) return undefined;
  const value = await load({ ...record, resultId: record.resultId });
  return value === undefined ? undefined : { value, replayed: true };
}

/**
 * A key fenced by settleWrite names a write that must never happen: refused here, before the
 * transaction that would fail on the fence anyway.
 */
export async function refuseIfFenced(
  unit: Unit,
  key: string | undefined,
  refusal: () => StoreError,
): Promise<void> {
  const record = await earlierWrite(unit, key);
  if (record && record.resultId === undefined) throw refusal();
}

/** The record a write under `key` carries (none without a key). */
export function idempotencyFor(
  unit: Unit,
  key: string | undefined,
  produced?: Pick<IdempotencyRecord, 'resultId' | 'result'>,
): IdempotencyWrite | undefined {
  if (!key) return undefined;
  const now = unit.now();
  const expiresAt = Math.floor(now / 1000) + unit.ctx.idempotencyTtlSeconds;
  return { key, now, record: { ...produced, expiresAt } };
}

/** After the write that carried it: this unit holds the record too. */
export function absorbRecord(unit: Unit, write: IdempotencyWrite | undefined): void {
  if (write) unit.records.setRecord(write.key, write.record);
}

export async function idempotentResult(unit: Unit, key: string): Promise<string | undefined> {
  return (await earlierWrite(unit, key))?.resultId;
}

/**
 * Puts, under the condition the write's own record carries, a record without a result (a
 * fence): if it goes in, the write never happened and now cannot (its transaction would fail
 * on the fence); if it does not, the write's record is there and names what it produced.
 */
export async function settleWrite(unit: Unit, key: string): Promise<string | undefined> {
  const fence = idempotencyFor(unit, key)!;
  try {
    await unit.table.write(idempotencyWrite(fence));
    absorbRecord(unit, fence);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    return (await earlierWrite(unit, key, { fresh: true }))?.resultId;
  }
}
