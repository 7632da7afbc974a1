import { progressAt, type MigrationPlan } from '../engine';
import type { FleetStore, HostView, MigrationRecord, VmView } from '../store/port';
import type { FleetHost, FleetMigration, FleetSnapshot, FleetVm } from './api-types';

/**
 * The fleet as the console draws it: every host with its use and its VMs, and the migrations in
 * flight with their progress at `at`. Read through the store's port, which applies the
 * transitions due first, so a snapshot is also what moves migrations along.
 */
export async function readFleet(store: FleetStore, clock: () => number): Promise<FleetSnapshot> {
  const [hosts, vms, inFlight] = await Promise.all([
    store.listHosts(),
    store.listVms(),
    store.listMigrationsInFlight(),
  ]);
  return fleetSnapshot(hosts, vms, inFlight, clock());
}

export function fleetSnapshot(
  hosts: readonly HostView[],
  vms: readonly VmView[],
  inFlight: readonly MigrationRecord[],
  at: number,
): FleetSnapshot {
  const byId = (a: { id: string }, b: { id: string }) =>
    a.id.localeCompare(b.id, undefined, { numeric: true });
  return {
    at,
    hosts: [...hosts].sort(byId).map((h) => fleetHost(h, vms)),
    migrations: inFlight
      .filter((m) => m.status === 'in-flight')
      .sort((a, b) => a.startedAt - b.startedAt || byId(a, b))
      .map((m) => fleetMigration(m, at)),
  };
}

function fleetHost(h: HostView, vms: readonly VmView[]): FleetHost {
  return {
    id: h.id,
    family: h.family,
    technique: h.technique,
    cpuVendor: h.cpuVendor,
    cpuFeatureLevel: h.cpuFeatureLevel,
    state: h.state,
    memoryMiB: h.memoryMiB,
    vcpuCapacity: h.vcpuCapacity,
    bandwidthMiBps: h.bandwidthMiBps,
    usage: h.usage,
    free: h.free,
    vms: vms
      .filter((v) => v.hostId === h.id)
      .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
      .map(fleetVm),
  };
}

function fleetVm(v: VmView): FleetVm {
  const migrationId = v.migration?.id ?? v.lastMigrationId;
  return {
    id: v.id,
    applianceId: v.applianceId,
    memoryMiB: v.memoryMiB,
    vcpus: v.vcpus,
    ...(migrationId ? { migrationId } : {}),
    migrating: v.migration !== undefined,
  };
}

function fleetMigration(m: MigrationRecord, at: number): FleetMigration {
  const p = progressAt(m.plan, at);
  return {
    id: m.id,
    vmId: m.vmId,
    sourceHostId: m.sourceHostId,
    destinationHostId: m.destinationHostId,
    stage: p.stage,
    stageName: p.stageName,
    round: p.round,
    rounds: m.plan.precopy.rounds.length,
    copiedMiB: p.copiedMiB,
    plannedMiB: p.plannedMiB,
    shareCopied: p.shareCopied,
    remainingWallMs: p.remainingWallMs,
  };
}

/** Simulated ms since the plan's start at `at`, at most its end. */
export function elapsedOf(plan: MigrationPlan, at: number): number {
  return progressAt(plan, at).elapsedMs;
}
