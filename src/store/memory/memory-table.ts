import { StoreError } from '../errors';
import { INDEXES, keyId, type Key } from '../table/keys';
import {
  CONDITION_FAILED,
  ConditionFailed,
  keyOfWrite,
  namedWrites,
  TransactionCancelled,
  type Change,
  type Condition,
  type Item,
  type Query,
  type Table,
  type Write,
} from '../table/persistence';

/**
 * The table in the process's memory: the same items, keys and indexes as in DynamoDB, and the
 * same meaning for conditions and changes (a comparison with a missing attribute fails, a string
 * set that empties goes, an update of a missing item creates it), so that the workflows run on
 * it unchanged. For tests that need no database, and for the bench's ceiling. Every write and
 * transaction completes before the next starts; items go in and out as copies.
 */
export class MemoryTable implements Table {
  private readonly items = new Map<string, Item>();

  async read(keys: readonly Key[]): Promise<Item[]> {
    return keys.flatMap((k) => {
      const item = this.items.get(keyId(k));
      return item ? [structuredClone(item)] : [];
    });
  }

  async query(q: Query): Promise<Item[]> {
    const index = INDEXES.find((i) => i.name === q.index)!;
    const sortKey = (item: Item) => item[index.sortKey] as string;
    const found = [...this.items.values()]
      .filter(
        (item) => item[index.partitionKey] === q.partition && item[index.sortKey] !== undefined,
      )
      .filter((item) => q.beginsWith === undefined || sortKey(item).startsWith(q.beginsWith))
      .filter((item) => q.upTo === undefined || sortKey(item) <= q.upTo)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    if (q.descending) found.reverse();
    return found.slice(0, q.limit).map((item) => {
      const copy = structuredClone(item);
      return q.attributes ? Object.fromEntries(q.attributes.map((a) => [a, copy[a]])) : copy;
    });
  }

  async write(write: Write): Promise<Item | undefined> {
    if (!this.holds(write)) throw new ConditionFailed('The conditional request failed');
    return structuredClone(this.apply(write));
  }

  async transact<N extends string>(writes: Readonly<Record<N, Write | undefined>>): Promise<void> {
    const named = namedWrites(writes);
    const ids = named.map(([, w]) => keyId(keyOfWrite(w)));
    if (new Set(ids).size !== ids.length) {
      throw new StoreError('rejected', {
        refused: [],
        detail: 'a transaction cannot write one item twice',
      });
    }
    const reasons = Object.fromEntries(
      named.map(([name, w]) => [name, this.holds(w) ? 'None' : CONDITION_FAILED]),
    ) as Record<N, string>;
    if (Object.values(reasons).includes(CONDITION_FAILED)) throw new TransactionCancelled(reasons);
    for (const [, w] of named) this.apply(w);
  }

  /** Whether the write's conditions hold of the item as stored. */
  private holds(write: Write): boolean {
    const item = this.items.get(keyId(keyOfWrite(write)));
    return (write.when ?? []).every((c) => holds(c, item));
  }

  private apply(write: Write): Item | undefined {
    const id = keyId(keyOfWrite(write));
    if ('delete' in write) {
      this.items.delete(id);
      return undefined;
    }
    const item =
      'put' in write
        ? withoutUndefined(structuredClone(write.put))
        : changed(this.items.get(id) ?? { ...write.update }, write.change);
    this.items.set(id, item);
    return item;
  }
}

function holds(c: Condition, item: Item | undefined): boolean {
  if ('anyOf' in c) return c.anyOf.some((x) => holds(x, item));
  if ('exists' in c) return item?.[c.exists] !== undefined;
  if ('absent' in c) return item?.[c.absent] === undefined;
  const a = item?.[c.attribute];
  const b = c.value;
  // DynamoDB compares numbers with numbers and strings with strings; anything else fails.
  if (a === undefined || typeof a !== typeof b || !['number', 'string'].includes(typeof a))
    return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (c.is) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** The item after the change (a new object: the stored one is never touched). */
function changed(stored: Item, change: Change): Item {
  const item = structuredClone(stored);
  for (const [a, v] of Object.entries(change.set ?? {})) item[a] = structuredClone(v);
  for (const [a, v] of Object.entries(change.append ?? {}))
    item[a] = [...(item[a] as unknown[]), ...structuredClone(v)];
  for (const [a, d] of Object.entries(change.add ?? {}))
    if (d !== 0) item[a] = ((item[a] as number | undefined) ?? 0) + d;
  for (const [a, v] of Object.entries(change.addToSet ?? {}))
    if (v.length > 0) item[a] = new Set([...((item[a] as Set<string> | undefined) ?? []), ...v]);
  for (const [a, v] of Object.entries(change.deleteFromSet ?? {})) {
    const set = new Set(item[a] as Set<string> | undefined);
    for (const x of v) set.delete(x);
    if (set.size > 0) item[a] = set;
    else delete item[a];
  }
  for (const a of change.remove ?? []) delete item[a];
  return withoutUndefined(item);
}

/** DynamoDB stores no undefined value, at any depth (the marshaller drops them). */
function withoutUndefined<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Set)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined && !Array.isArray(value)) delete (value as Item)[k];
      else withoutUndefined(v);
    }
  }
  return value;
}
