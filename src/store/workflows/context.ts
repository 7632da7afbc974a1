import type { FaultHook } from '../faults';
import type { Table } from '../table/persistence';

/** What every unit of work of one store shares: its table, its clock and its settings. */
export interface StoreContext {
  table: Table;
  /** Wall-clock epoch ms. */
  now: () => number;
  /** Simulated seconds per wall-clock second for new migrations. */
  timeScale: number;
  /** Fault injection between writes (crash tests). */
  faults: FaultHook;
  /** How long an idempotency record keeps a finished request's answer. */
  idempotencyTtlSeconds: number;
}

export interface StoreOptions {
  /** Wall-clock epoch ms; tests inject their own. */
  clock?: () => number;
  /** Simulated seconds per wall-clock second for new migrations (VMBOT_TIME_SCALE). */
  timeScale?: number;
  /** Fault injection between writes (crash tests). */
  faults?: FaultHook;
  /** How long an idempotency record keeps a finished request's answer. */
  idempotencyTtlSeconds?: number;
}

export function storeContext(table: Table, options: StoreOptions): StoreContext {
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    throw new RangeError('time scale must be a positive number');
  return {
    table,
    now: options.clock ?? Date.now,
    timeScale,
    faults: options.faults ?? (async () => {}),
    idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? 3600,
  };
}

/** How many times a workflow reads again and retries when the records changed under it. */
export const MAX_OPTIMISTIC_ATTEMPTS = 4;
