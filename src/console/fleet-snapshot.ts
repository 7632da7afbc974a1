import { abortText, progressAt, type MigrationPlan } from '../engine';
import { DEMO_HOSTS, DEMO_VMS } from '../store/demo-fleet';
import type { FleetStore, HostView, MigrationRecord, VmView } from '../store/port';
import type {
  FinishedMigration,
  FleetHost,
  FleetMigration,
  FleetSnapshot,
  FleetVm,
  SinceSeed,
} from './api-types';

/** The fleet a reset brings back: what "since the seed" is measured against. */
export interface SeedFleet {
  hosts: readonly { id: string; state: string }[];
  vms: readonly { id: string; hostId: string }[];
}

export const DEMO_SEED: SeedFleet = { hosts: DEMO_HOSTS, vms: DEMO_VMS };

/**
 * Reads the fleet as the console draws it (see fleetSnapshot). The latest finished migration of
 * each VM is read once and kept: a finished migration never changes, so a snapshot costs no
 * more reads than the hosts, the VMs and the migrations in flight.
 */
export function createFleetReader(store: FleetStore, clock: () => number, seed = DEMO_SEED) {
  const finished = new Map<string, FinishedMigration>();
  return async function readFleet(): Promise<FleetSnapshot> {
    const [hosts, vms, inFlight] = await Promise.all([
      store.listHosts(),
      store.listVms(),
      store.listMigrationsInFlight(),
    ]);
    const ids = new Set(
      vms.flatMap((v) => (!v.migration && v.lastMigrationId ? [v.lastMigrationId] : [])),
    );
    for (const id of finished.keys()) if (!ids.has(id)) finished.delete(id);
    const missing = [...ids].filter((id) => !finished.has(id));
    const read = await Promise.all(missing.map((id) => store.getMigration(id)));
    for (const m of read)
      if (m && m.status !== 'in-flight') finished.set(m.id, finishedMigration(m));
    return fleetSnapshot(hosts, vms, inFlight, clock(), [...finished.values()], seed);
  };
}

export function fleetSnapshot(
  hosts: readonly HostView[],
  vms: readonly VmView[],
  inFlight: readonly MigrationRecord[],
  at: number,
  finished: readonly FinishedMigration[] = [],
  seed: SeedFleet = DEMO_SEED,
): FleetSnapshot {
  return {
    at,
    hosts: [...hosts].sort(byId).map((h) => fleetHost(h, vms)),
    migrations: inFlight
      .filter((m) => m.status === 'in-flight')
      .sort((a, b) => a.startedAt - b.startedAt || byId(a, b))
      .map((m) => fleetMigration(m, at)),
    finished: [...finished].sort((a, b) => b.endedAt - a.endedAt || byId(a, b)),
    sinceSeed: sinceSeed(hosts, vms, seed),
  };
}

const byId = (a: { id: string }, b: { id: string }) =>
  a.id.localeCompare(b.id, undefined, { numeric: true });

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
      .sort(byId)
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

export function finishedMigration(m: MigrationRecord): FinishedMigration {
  const p = m.plan.precopy;
  return {
    id: m.id,
    vmId: m.vmId,
    sourceHostId: m.sourceHostId,
    destinationHostId: m.destinationHostId,
    status: m.status === 'completed' ? 'completed' : 'aborted',
    endedAt: m.endsAt,
    totalMs: m.plan.endMs,
    downtimeMs: m.status === 'completed' ? (p.downtimeMs ?? 0) : null,
    transferredMiB: p.transferredMiB,
    precopyRounds: p.precopyRounds,
    ...(m.abortReason ? { abortReason: abortText(m.abortReason) } : {}),
  };
}

/** What a reset would undo: VMs created, removed or moved, and hosts whose state changed. */
export function sinceSeed(
  hosts: readonly HostView[],
  vms: readonly VmView[],
  seed: SeedFleet,
): SinceSeed {
  const seeded = new Map(seed.vms.map((v) => [v.id, v.hostId]));
  const present = new Set(vms.map((v) => v.id));
  const seedState = new Map(seed.hosts.map((h) => [h.id, h.state]));
  return {
    createdVms: vms
      .filter((v) => !seeded.has(v.id))
      .sort(byId)
      .map((v) => v.id),
    removedVms: seed.vms.filter((v) => !present.has(v.id)).map((v) => v.id),
    movedVms: vms
      .filter((v) => seeded.has(v.id) && seeded.get(v.id) !== v.hostId)
      .sort(byId)
      .map((v) => ({ id: v.id, seedHostId: seeded.get(v.id)!, hostId: v.hostId })),
    changedHosts: [...hosts]
      .filter((h) => seedState.has(h.id) && seedState.get(h.id) !== h.state)
      .sort(byId)
      .map((h) => ({ id: h.id, state: h.state, seedState: seedState.get(h.id)! })),
  };
}

/** Simulated ms since the plan's start at `at`, at most its end. */
export function elapsedOf(plan: MigrationPlan, at: number): number {
  return progressAt(plan, at).elapsedMs;
}
