export * from './port';
export * from './errors';
export * from './faults';
export * from './demo-fleet';
export { InMemoryFleetStore, type InMemoryFleetStoreOptions } from './memory/memory-store';
export { DynamoFleetStore, type DynamoFleetStoreOptions } from './dynamo/dynamo-store';
export {
  CALL_BUDGET_MS,
  clearTable,
  createDynamo,
  DYNAMO_LIMITS,
  ensureTable,
  LOCAL_REGION,
} from './dynamo/client';
export { DeadlinePassedError, withDeadline } from './dynamo/deadline';
export { createTableInput, DEFAULT_TABLE_NAME } from './dynamo/schema';
export { TABLE } from './table/keys';
