import { keyOf, type IndexName, type Key } from './keys';

/**
 * What the store's workflows need of persistence, and all an adapter implements: reads by key,
 * queries of an index, one conditional write, and transactions, each write described as data.
 * The workflows (src/store/workflows) decide what to read and write; an adapter only carries it
 * out: DynamoDB turns the data into requests, the in-memory table applies it to its items.
 * Failures are StoreErrors (the adapter maps its own), except a failed condition, which is
 * ConditionFailed or TransactionCancelled: the workflow explains it.
 */
export interface Table {
  /** Consistent reads of these items, together; the ones that exist, in any order. */
  read(keys: readonly Key[]): Promise<Item[]>;
  /** An index partition's items in sort-key order: every page, or the first `limit`. */
  query(query: Query): Promise<Item[]>;
  /** One conditional write; the item as it is afterwards (undefined once deleted). */
  write(write: Write): Promise<Item | undefined>;
  /**
   * All the writes or none, in the order given (the writes left undefined take no place).
   * TransactionCancelled names the writes whose condition failed.
   */
  transact<N extends string>(writes: Readonly<Record<N, Write | undefined>>): Promise<void>;
}

/** An item: its keys and attributes, as plain values (string sets as Set<string>). */
export type Item = Record<string, unknown>;

export interface Query {
  index: IndexName;
  partition: string;
  /** Only the sort keys that begin with this. */
  beginsWith?: string;
  /** Only the sort keys up to this one, itself included. */
  upTo?: string;
  /** Highest sort key first. */
  descending?: boolean;
  limit?: number;
  /** Only these attributes of each item. */
  attributes?: readonly string[];
}

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** What must hold of the item as stored for a write to go ahead. */
export type Condition =
  | { attribute: string; is: Comparator; value: unknown }
  | { exists: string }
  | { absent: string }
  | { anyOf: readonly Condition[] };

/** How an update changes an item. */
export interface Change {
  set?: Item;
  /** Numbers moved by these amounts (negative to subtract); zero moves nothing. */
  add?: Readonly<Record<string, number>>;
  /** Strings added to a string set (created when missing). */
  addToSet?: Readonly<Record<string, readonly string[]>>;
  /** Strings taken out of a string set (the set goes once it is empty). */
  deleteFromSet?: Readonly<Record<string, readonly string[]>>;
  /** Values added at the end of a list. */
  append?: Readonly<Record<string, readonly unknown[]>>;
  remove?: readonly string[];
}

/** One write; all of `when` must hold (none: unconditional). */
export type Write =
  | { put: Item; when?: readonly Condition[] }
  | { update: Key; change: Change; when?: readonly Condition[] }
  | { delete: Key; when?: readonly Condition[] };

/** The key a write is about. */
export const keyOfWrite = (write: Write): Key =>
  'put' in write ? keyOf(write.put) : 'update' in write ? write.update : write.delete;

/** DynamoDB's word for a failed condition, which the in-memory table uses too. */
export const CONDITION_FAILED = 'ConditionalCheckFailed';

/** A condition of a single write failed: nothing was written. */
export class ConditionFailed extends Error {
  override name = 'ConditionFailed';
}

/**
 * A transaction cancelled because a condition failed, with the reason for each write by name
 * ('None' for the writes that were fine, 'ConditionalCheckFailed' for the ones whose condition
 * failed), so that callers can say which record lost and why. Adapters raise it only when at
 * least one condition failed; every other cancellation is a StoreError.
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

/** The writes of a transaction that take a place in it, with their names, in order. */
export function namedWrites<N extends string>(
  writes: Readonly<Record<N, Write | undefined>>,
): [N, Write][] {
  return (Object.entries(writes) as [N, Write | undefined][]).filter(
    (entry): entry is [N, Write] => entry[1] !== undefined,
  );
}
