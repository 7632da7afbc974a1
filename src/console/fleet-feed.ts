import type { FleetSnapshot } from './api-types';

/**
 * One reader of the fleet shared by every open page: while someone listens, it reads the fleet
 * every `busyMs` while migrations are in flight (their progress moves) and every `idleMs`
 * otherwise (a terminal chat may change the fleet too), and tells the listeners when what they
 * would draw has changed. Nobody listening: no reads.
 */
export interface FleetFeed {
  /** Calls `listener` with the latest snapshot at once (when there is one), then on changes. */
  subscribe(listener: (snapshot: FleetSnapshot) => void): () => void;
  /** Reads now (after a reset, say) instead of waiting for the next tick; nobody listening: no read. */
  refresh(): Promise<void>;
  close(): void;
}

export interface FleetFeedOptions {
  read: () => Promise<FleetSnapshot>;
  busyMs?: number;
  idleMs?: number;
  /** A failed read (DynamoDB gone away); the feed tries again at the next tick. */
  onError?: (error: unknown) => void;
}

export function createFleetFeed(options: FleetFeedOptions): FleetFeed {
  const busyMs = options.busyMs ?? 500;
  const idleMs = options.idleMs ?? 2000;
  const listeners = new Set<(snapshot: FleetSnapshot) => void>();
  let latest: FleetSnapshot | undefined;
  let latestKey = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading: Promise<void> | undefined;
  let closed = false;

  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (closed || listeners.size === 0) return;
    const busy = (latest?.migrations.length ?? 0) > 0;
    timer = setTimeout(() => void tick(), busy ? busyMs : idleMs);
    timer.unref?.();
  };

  const tick = (): Promise<void> => {
    reading ??= (async () => {
      try {
        const snapshot = await options.read();
        // The instant alone changes every read: it is no news.
        const key = JSON.stringify({ ...snapshot, at: 0 });
        latest = snapshot;
        if (key !== latestKey) {
          latestKey = key;
          for (const listener of listeners) listener(snapshot);
        }
      } catch (error) {
        if (!closed) options.onError?.(error);
      } finally {
        reading = undefined;
        schedule();
      }
    })();
    return reading;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (latest) listener(latest);
      if (listeners.size === 1) void tick();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    refresh: async () => {
      if (listeners.size === 0) return;
      await reading;
      await tick();
    },
    close() {
      closed = true;
      listeners.clear();
      clearTimeout(timer);
    },
  };
}
