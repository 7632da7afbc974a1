import { InMemoryFleetStore } from '../../../src/store';
import { describeFleetStoreContract } from '../../support/fleet-store-contract';

describeFleetStoreContract('in memory', {
  create: async (clock, options) => new InMemoryFleetStore({ clock, ...options }),
});
