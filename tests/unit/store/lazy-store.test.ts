import { describe, expect, it, vi } from 'vitest';
import { InMemoryFleetStore, seedDemoFleet, type FleetStore } from '../../../src/store';
import { lazyFleetStore } from '../../../src/store/lazy-store';
import { describeFleetStoreContract, T0 } from '../../support/fleet-store-contract';

describeFleetStoreContract('in memory, made on first use (lazyFleetStore)', {
  create: async (clock, options) =>
    lazyFleetStore(async () => new InMemoryFleetStore({ clock, ...options })),
});

describe('lazyFleetStore', () => {
  function counted() {
    const adapter = new InMemoryFleetStore({ clock: () => T0 });
    const units: FleetStore[] = [];
    const unitOfWork = adapter.unitOfWork.bind(adapter);
    vi.spyOn(adapter, 'unitOfWork').mockImplementation(() => {
      const unit = unitOfWork();
      units.push(unit);
      return unit;
    });
    const load = vi.fn(async () => adapter);
    return { adapter, units, load, store: lazyFleetStore(load) };
  }

  it('makes the adapter only when a record is first asked for, then never again', async () => {
    const { load, store } = counted();
    const unit = store.unitOfWork();
    expect(load).not.toHaveBeenCalled();

    await Promise.all([unit.listHosts(), unit.getVm('vm-1'), store.listVms()]);
    await store.unitOfWork().listAppliances();

    expect(load).toHaveBeenCalledTimes(1);
  });

  it("gives each unit of work one adapter unit, so a unit's reads stay within it", async () => {
    const { units, store } = counted();
    const first = store.unitOfWork();
    const second = store.unitOfWork();

    await Promise.all([first.listHosts(), first.getVm('vm-1')]);
    await first.listVms();
    await second.listHosts();

    expect(units).toHaveLength(2);
  });

  it('answers as the adapter does', async () => {
    const { adapter, store } = counted();
    await seedDemoFleet(adapter);

    expect(await store.unitOfWork().listHosts()).toEqual(await adapter.listHosts());
    expect(await store.getVm('vm-3')).toEqual(await adapter.getVm('vm-3'));
    expect(await store.getHost('host-z')).toBeUndefined();
  });

  it('rejects the call when the adapter cannot be made', async () => {
    const store = lazyFleetStore(() => Promise.reject(new Error('chunk missing')));

    await expect(store.unitOfWork().getVm('vm-1')).rejects.toThrow('chunk missing');
  });
});
