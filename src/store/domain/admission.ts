import { capacityRefusals, migrationRefusals, type Appliance } from '../../engine';
import { StoreError } from '../errors';
import type {
  CreateVmRequest,
  DeleteVmRequest,
  HostView,
  MigrationRecord,
  StartMigrationRequest,
  VmView,
} from '../port';
import type { Size } from './counters';

/**
 * Whether a write may go ahead, decided on the records as read; the adapters' writes then make
 * the same checks conditions of the write, so a record that changed meanwhile still loses.
 * Each check answers with the StoreError a caller sees, in the order a person needs them: what
 * does not exist, then what is busy, then what does not fit.
 */

/** Why `vm` cannot start migrating to the destination now; undefined when it can. */
export function migrationBlocker(
  request: StartMigrationRequest,
  vm: VmView | undefined,
  hosts: { source?: HostView; destination?: HostView },
): StoreError | undefined {
  if (!vm) return new StoreError('not-found', { kind: 'vm', id: request.vmId });
  const { source, destination } = hosts;
  if (!destination)
    return new StoreError('not-found', { kind: 'host', id: request.destinationHostId });
  if (!source) return new StoreError('not-found', { kind: 'host', id: vm.hostId, of: vm.id });
  if (vm.migration) return inFlight(vm, vm.migration);
  const refusals = migrationRefusals(vm, source, { host: destination, usage: destination.usage });
  if (refusals.length === 0) return undefined;
  return refused(destination, vm.id, vm, refusals);
}

/** The VM is migrating already. */
export const inFlight = (vm: VmView, m: NonNullable<VmView['migration']>) =>
  new StoreError('migration-in-flight', {
    vmId: vm.id,
    migrationId: m.id,
    destinationHostId: m.destinationHostId,
    stage: m.stage,
  });

/**
 * Why the VM cannot be deleted now; undefined when it can. A VM that migrates cannot: its room
 * is held on both hosts until the migration ends. `migration` is its record, when it migrates:
 * a copy queued behind others (an evacuation's) says when it begins.
 */
export function deletionBlocker(
  request: DeleteVmRequest,
  vm: VmView | undefined,
  migration: MigrationRecord | undefined,
  now: number,
): StoreError | undefined {
  if (!vm) return new StoreError('not-found', { kind: 'vm', id: request.vmId });
  if (!vm.migration) return undefined;
  const { id, destinationHostId, stage } = vm.migration;
  const queued = migration && migration.startedAt > now ? migration.startedAt : undefined;
  return new StoreError('vm-migrating', {
    vmId: vm.id,
    migrationId: id,
    destinationHostId,
    stage,
    ...(queued === undefined ? {} : { queuedUntil: queued }),
  });
}

/** The size of a VM created from `appliance` as requested. */
export const creationSize = (request: CreateVmRequest, appliance: Appliance): Size => ({
  memoryMiB: request.memoryMiB ?? appliance.memoryMiB,
  vcpus: request.vcpus ?? appliance.vcpus,
});

/**
 * Why the VM cannot be created; undefined when it can. A name that is taken says so before
 * anything else (a full host, a host in maintenance): that is why the request cannot be done.
 */
export function creationBlocker(
  request: CreateVmRequest,
  found: { existing?: VmView; appliance?: Appliance; host?: HostView; name: string },
): StoreError | undefined {
  if (found.existing) return new StoreError('already-exists', { vmId: found.existing.id });
  if (!found.appliance)
    return new StoreError('not-found', { kind: 'appliance', id: request.applianceId });
  if (!found.host) return new StoreError('not-found', { kind: 'host', id: request.hostId });
  return roomBlocker(found.host, found.name, creationSize(request, found.appliance));
}

/** Why `host` has no room for `need` now (state, memory, vCPUs); undefined when it has. */
export function roomBlocker(host: HostView, vmId: string, need: Size): StoreError | undefined {
  const refusals = capacityRefusals({ name: vmId, ...need }, { host, usage: host.usage });
  return refusals.length === 0 ? undefined : refused(host, vmId, need, refusals);
}

/**
 * The refusal after a write whose room condition failed: what the host says now, or, when its
 * room is back already, that it could not take the VM just then.
 */
export const roomLost = (host: HostView, vmId: string, need: Size): StoreError =>
  roomBlocker(host, vmId, need) ?? refused(host, vmId, need, []);

function refused(
  host: HostView,
  vmId: string,
  need: Size,
  refusals: StoreError<'refused'>['data']['refusals'],
): StoreError<'refused'> {
  return new StoreError('refused', {
    hostId: host.id,
    vmId,
    refusals,
    needed: { memoryMiB: need.memoryMiB, vcpus: need.vcpus },
    free: host.free,
  });
}
