export * from './port';
export * from './errors';
export * from './faults';
export * from './demo-fleet';
export { InMemoryFleetStore, type InMemoryFleetStoreOptions } from './memory/memory-store';
export { DynamoFleetStore, type DynamoFleetStoreOptions } from './dynamo/dynamo-store';
export { clearTable, createDynamo, ensureTable } from './dynamo/client';
export { createTableInput, DEFAULT_TABLE_NAME, TABLE } from './dynamo/schema';
