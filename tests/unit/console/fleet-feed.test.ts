import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetMigration, FleetSnapshot } from '../../../src/console/api-types';
import { createFleetFeed } from '../../../src/console/fleet-feed';

const migration = { id: 'm1', vmId: 'vm-3' } as FleetMigration;

/** A fleet whose snapshots the test sets; counts the reads. */
function fakeFleet() {
  const state = { reads: 0, at: 0, migrations: [] as FleetMigration[], fail: false };
  const read = async (): Promise<FleetSnapshot> => {
    state.reads++;
    if (state.fail) throw new Error('DynamoDB went away');
    return {
      at: ++state.at,
      hosts: [],
      migrations: [...state.migrations],
      finished: [],
      sinceSeed: { createdVms: [], removedVms: [], movedVms: [], changedHosts: [] },
    };
  };
  return { state, read };
}

describe('the fleet feed shared by the open pages', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads nothing until someone listens, then sends the first snapshot', async () => {
    const fleet = fakeFleet();
    const feed = createFleetFeed({ read: fleet.read, busyMs: 100, idleMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(fleet.state.reads).toBe(0);
    const seen: FleetSnapshot[] = [];
    feed.subscribe((s) => seen.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    feed.close();
  });

  it('tells listeners only of changes (the instant alone is none), faster while migrations run', async () => {
    const fleet = fakeFleet();
    const feed = createFleetFeed({ read: fleet.read, busyMs: 100, idleMs: 1000 });
    const seen: FleetSnapshot[] = [];
    feed.subscribe((s) => seen.push(s));
    await vi.advanceTimersByTimeAsync(3000);
    // Idle: a read a second, and nothing new to tell.
    expect(fleet.state.reads).toBe(4);
    expect(seen).toHaveLength(1);

    fleet.state.migrations = [migration];
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.map((s) => s.migrations.length)).toEqual([0, 1]);
    const before = fleet.state.reads;
    await vi.advanceTimersByTimeAsync(500);
    expect(fleet.state.reads - before).toBe(5);
    feed.close();
  });

  it('a second listener gets the latest snapshot at once; the last one leaving stops the reads', async () => {
    const fleet = fakeFleet();
    const feed = createFleetFeed({ read: fleet.read, busyMs: 100, idleMs: 1000 });
    const first = feed.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const seen: FleetSnapshot[] = [];
    const second = feed.subscribe((s) => seen.push(s));
    expect(seen).toHaveLength(1);
    first();
    second();
    const reads = fleet.state.reads;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fleet.state.reads).toBe(reads);
    feed.close();
  });

  it('reports a failed read and tries again at the next tick', async () => {
    const fleet = fakeFleet();
    const errors: unknown[] = [];
    const feed = createFleetFeed({
      read: fleet.read,
      busyMs: 100,
      idleMs: 1000,
      onError: (e) => errors.push(e),
    });
    fleet.state.fail = true;
    const seen: FleetSnapshot[] = [];
    feed.subscribe((s) => seen.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    fleet.state.fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(1);
    feed.close();
  });

  it('refresh reads nothing while nobody listens', async () => {
    const fleet = fakeFleet();
    const feed = createFleetFeed({ read: fleet.read });
    await feed.refresh();
    expect(fleet.state.reads).toBe(0);
    feed.close();
  });

  it('refresh reads at once, between ticks', async () => {
    const fleet = fakeFleet();
    const feed = createFleetFeed({ read: fleet.read, busyMs: 100, idleMs: 60_000 });
    const seen: FleetSnapshot[] = [];
    feed.subscribe((s) => seen.push(s));
    await vi.advanceTimersByTimeAsync(0);
    fleet.state.migrations = [migration];
    await feed.refresh();
    expect(seen.map((s) => s.migrations.length)).toEqual([0, 1]);
    feed.close();
  });
});
