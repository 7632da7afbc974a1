/**
 * The fleet's rules, apart from any storage: admission checks, a migration's record and the
 * state after each transition, host counters, VM names. The adapters (DynamoDB, in memory) read
 * and write; what a write means is decided here, once.
 */
export * from './admission';
export * from './counters';
export * from './migrations';
export * from './vms';
