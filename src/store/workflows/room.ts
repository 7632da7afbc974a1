import { roomLost, type Size } from '../domain';
import { StoreError } from '../errors';
import type { Unit } from './unit';

/** Why a host's room condition failed: the host as it is now says (and this unit holds it). */
export async function roomRefusal(
  unit: Unit,
  hostId: string,
  vmId: string,
  need: Size,
): Promise<StoreError> {
  const host = await unit.records.readHost(hostId);
  if (!host) return new StoreError('not-found', { kind: 'host', id: hostId });
  return roomLost(host, vmId, need);
}
