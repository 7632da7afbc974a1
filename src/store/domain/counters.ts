import type { FreeCapacity, HostUsage } from '../../engine';
import type { HostView } from '../port';

/**
 * A host's counters and how writes move them. Free room is kept as numbers of its own (in
 * DynamoDB a condition cannot do arithmetic, so "free >= needed" must be stored), moved together
 * with the allocation or reservation it derives from.
 */
export type HostCounter =
  | 'allocatedMemoryMiB'
  | 'allocatedVcpus'
  | 'reservedMemoryMiB'
  | 'reservedVcpus'
  | 'freeMemoryMiB'
  | 'freeVcpus';
export type HostDelta = Partial<Record<HostCounter, number>>;

export interface Size {
  memoryMiB: number;
  vcpus: number;
}

/** Stage 1: the destination sets room aside for the VM that is coming. */
export const reserve = (s: Size): HostDelta => ({
  reservedMemoryMiB: s.memoryMiB,
  reservedVcpus: s.vcpus,
  freeMemoryMiB: -s.memoryMiB,
  freeVcpus: -s.vcpus,
});

/** A new VM takes room on its host. */
export const allocate = (s: Size): HostDelta => ({
  allocatedMemoryMiB: s.memoryMiB,
  allocatedVcpus: s.vcpus,
  freeMemoryMiB: -s.memoryMiB,
  freeVcpus: -s.vcpus,
});

/** The VM's room is given back: on the source at commitment, or when the VM is deleted. */
export const release = (s: Size): HostDelta => ({
  allocatedMemoryMiB: -s.memoryMiB,
  allocatedVcpus: -s.vcpus,
  freeMemoryMiB: s.memoryMiB,
  freeVcpus: s.vcpus,
});

/** Commitment, on the destination: the reservation becomes an allocation (free is unchanged). */
export const takeOver = (s: Size): HostDelta => ({
  reservedMemoryMiB: -s.memoryMiB,
  reservedVcpus: -s.vcpus,
  allocatedMemoryMiB: s.memoryMiB,
  allocatedVcpus: s.vcpus,
});

/** An abort, on the destination: the reservation is dropped. */
export const cancelReservation = (s: Size): HostDelta => ({
  reservedMemoryMiB: -s.memoryMiB,
  reservedVcpus: -s.vcpus,
  freeMemoryMiB: s.memoryMiB,
  freeVcpus: s.vcpus,
});

/** The host with its counters moved by `delta`. */
export function withDelta<H extends HostView>(host: H, delta: HostDelta): H {
  const by = (counter: HostCounter) => delta[counter] ?? 0;
  const usage: HostUsage = {
    allocatedMemoryMiB: host.usage.allocatedMemoryMiB + by('allocatedMemoryMiB'),
    allocatedVcpus: host.usage.allocatedVcpus + by('allocatedVcpus'),
    reservedMemoryMiB: host.usage.reservedMemoryMiB + by('reservedMemoryMiB'),
    reservedVcpus: host.usage.reservedVcpus + by('reservedVcpus'),
  };
  const free: FreeCapacity = {
    memoryMiB: host.free.memoryMiB + by('freeMemoryMiB'),
    vcpus: host.free.vcpus + by('freeVcpus'),
  };
  return { ...host, usage, free };
}
