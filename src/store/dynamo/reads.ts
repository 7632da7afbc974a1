import type { Item } from './items';
import type { DynamoTable, Key } from './table';

/**
 * The key reads one request makes while its code runs, sent together: the reads asked for in
 * the same turn of the event loop (a Promise.all over several records, say) go out as one
 * BatchGetItem, a lone read as one GetItem. Consistent reads, as GetItem's were.
 */
export class KeyReads {
  private waiting: { key: Key; resolve(item: Item | undefined): void; reject(e: unknown): void }[] =
    [];

  constructor(private readonly table: DynamoTable) {}

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
    const id = (k: Key) => `${k.PK}\u0000${k.SK}`;
    try {
      const unique = [...new Map(batch.map((w) => [id(w.key), w.key])).values()];
      const found = new Map<string, Item>();
      if (unique.length === 1) {
        const item = await this.table.get(unique[0]!);
        if (item) found.set(id(unique[0]!), item);
      } else {
        for (let i = 0; i < unique.length; i += 100) {
          for (const item of await this.table.batchGet(unique.slice(i, i + 100)))
            found.set(id(item as Key), item);
        }
      }
      for (const w of batch) w.resolve(found.get(id(w.key)));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
