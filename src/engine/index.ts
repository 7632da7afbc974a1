/** The VM engine: pure domain code, no AWS, no I/O, no clock. */
export * from './model';
export * from './units';
export * from './compatibility';
export * from './placement';
export * from './precopy';
export * from './migration';
export * from './timeline';
