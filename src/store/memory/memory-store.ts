import type { FleetStore } from '../port';
import { storeContext, type StoreOptions } from '../workflows/context';
import { TableFleetStore } from '../workflows/fleet-store';
import { MemoryTable } from './memory-table';

export type InMemoryFleetStoreOptions = StoreOptions;

/**
 * The FleetStore in the process's memory: the same workflows as on DynamoDB, on a table held in
 * memory (memory-table.ts), held to the same contract. For tests of the intents that need no
 * database, and for the bench's ceiling (what the project's own code costs without DynamoDB).
 * A write cannot be cut in half here, so there are no crash points to test.
 */
export class InMemoryFleetStore extends TableFleetStore {
  constructor(options: InMemoryFleetStoreOptions = {}) {
    super(storeContext(new MemoryTable(), options));
  }

  /** Nothing to gather: every read here is free, so every call reads afresh, as the store's do. */
  override unitOfWork(): FleetStore {
    return this;
  }
}
