import type { StoreError } from '../errors';
import type { Written } from '../port';
import type { IdempotencyRecord } from '../table/items';
import { ConditionFailed } from '../table/persistence';
import { idempotencyWrite, type IdempotencyWrite } from '../table/writes';
import type { Unit } from './unit';

/**
 * Idempotency, the same for every write. An earlier run under the request's key wins over
 * everything else: its result is the answer (a replay), before any check of the request against
 * a fleet that run may have changed already, and instead of any write. The record is looked up
 * when it costs nothing or is needed: first when this unit holds it already (the intents ask for
 * it before they write); else before a refusal is given; and a write carries the record in its
 * own transaction, whose condition fails on an earlier run's record, which is then read and
 * answered with. So a replay is found without a read of its own on the way to a write.
 */
export class EarlierRun<T> {
  constructor(
    private readonly unit: Unit,
    private readonly key: string | undefined,
    /** The answer of the run that left `record`; undefined when it cannot be read. */
    private readonly load: (
      record: IdempotencyRecord & { resultId: string },
    ) => Promise<T | undefined>,
  ) {}

  /** The replay when the unit holds the record (nothing is read). */
  async held(): Promise<Written<T> | undefined> {
    return this.key && this.unit.records.heldRecord(this.key) ? this.replay() : undefined;
  }

  /** The replay, when the run under this key happened: `fresh` after losing a write to it. */
  async replay(options: { fresh?: boolean } = {}): Promise<Written<T> | undefined> {
    const record = await earlierWrite(this.unit, this.key, options);
    if (record?.resultId === undefined) return undefined;
    const value = await this.load({ ...record, resultId: record.resultId });
    return value === undefined ? undefined : { value, replayed: true };
  }

  /** The refusal, unless the earlier run answers. */
  async refuse(refusal: StoreError): Promise<Written<T>> {
    const replayed = await this.replay();
    if (replayed) return replayed;
    throw refusal;
  }

  /**
   * A key fenced by settleWrite names a write that must never happen: refused here when the
   * unit holds the fence (else the write's own condition fails on it).
   */
  async refuseIfFenced(refusal: () => StoreError): Promise<void> {
    const record = this.key && (await this.unit.records.heldRecord(this.key));
    if (record && isLive(this.unit, record) && record.resultId === undefined) throw refusal();
  }

  /** The record the write carries (none without a key). */
  record(produced: Pick<IdempotencyRecord, 'resultId' | 'result'>): IdempotencyWrite | undefined {
    return idempotencyFor(this.unit, this.key, produced);
  }

  /** After the write that carried it: the unit holds the record too. */
  written(write: IdempotencyWrite | undefined): void {
    absorbRecord(this.unit, write);
  }
}

const isLive = (unit: Unit, record: IdempotencyRecord) => record.expiresAt * 1000 >= unit.now();

/** The live record under `key` (an expired one lingers until TTL deletes it: it does not count). */
async function earlierWrite(
  unit: Unit,
  key: string | undefined,
  options: { fresh?: boolean } = {},
): Promise<IdempotencyRecord | undefined> {
  if (!key) return undefined;
  const record = await unit.records.record(key, options);
  return record && isLive(unit, record) ? record : undefined;
}

/** The record a write under `key` carries (none without a key). */
function idempotencyFor(
  unit: Unit,
  key: string | undefined,
  produced?: Pick<IdempotencyRecord, 'resultId' | 'result'>,
): IdempotencyWrite | undefined {
  if (!key) return undefined;
  const now = unit.now();
  const expiresAt = Math.floor(now / 1000) + unit.ctx.idempotencyTtlSeconds;
  return { key, now, record: { ...produced, expiresAt } };
}

function absorbRecord(unit: Unit, write: IdempotencyWrite | undefined): void {
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
