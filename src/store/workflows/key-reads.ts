import { keyId, keyOf, type Key } from '../table/keys';
import type { Item, Table } from '../table/persistence';

/**
 * The key reads one request makes while its code runs, sent together: the reads asked for in
 * the same turn of the event loop (a Promise.all over several records, say) go to the table as
 * one read (in DynamoDB one BatchGetItem, or a GetItem for a lone key). Consistent reads.
 */
export class KeyReads {
  private waiting: { key: Key; resolve(item: Item | undefined): void; reject(e: unknown): void }[] =
    [];

  constructor(private readonly table: Table) {}

  get(key: Key): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      // After the promise jobs already queued, as DataLoader batches: every read that the
      // current synchronous code and its immediate continuations ask for joins this batch.
      if (this.waiting.length === 0)
        void Promise.resolve().then(() => process.nextTick(() => this.flush()));
      this.waiting.push({ key, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const unique = [...new Map(batch.map((w) => [keyId(w.key), w.key])).values()];
      const found = new Map((await this.table.read(unique)).map((i) => [keyId(keyOf(i)), i]));
      for (const w of batch) w.resolve(found.get(keyId(w.key)));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
