import {
  InMemoryFleetStore,
  seedDemoFleet,
  WRITE_METHODS,
  type FleetStore,
  type InMemoryFleetStoreOptions,
  type WriteMethod,
} from '../../../../src/store';

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

/** The demo fleet as `vmbot seed` loads it, in memory, at T0 unless a clock is given. */
export async function demoFleet(
  options: InMemoryFleetStoreOptions = {},
): Promise<InMemoryFleetStore> {
  const store = new InMemoryFleetStore({ clock: () => T0, ...options });
  await seedDemoFleet(store);
  return store;
}

/** A write the intents asked for: the method and its arguments. */
export interface RecordedWrite {
  method: WriteMethod;
  args: unknown[];
}

/**
 * The store, with every write the intents ask of it recorded (and made): for tests that check
 * what the intents write, and that they write nothing when they must not.
 */
export function recording(store: FleetStore): { store: FleetStore; writes: RecordedWrite[] } {
  const writes: RecordedWrite[] = [];
  const recorded: FleetStore = new Proxy(store, {
    get(target, property) {
      // A unit of work of the recorded store is the recorded store.
      if (property === 'unitOfWork') return () => recorded;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const method = WRITE_METHODS.find((w) => w === property);
        if (method) writes.push({ method, args: structuredClone(args) });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: recorded, writes };
}
