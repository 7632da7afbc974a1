/**
 * The console's own JSON API (under /console/api/), shared by the server and the page. Chat goes
 * to the Lex Runtime V2 API instead; this API serves what Lex has no operation for: the fleet,
 * migrations, the simulator and the Lambda calls of a turn. Read-only except the fleet reset.
 */
import type {
  CpuVendor,
  HostState,
  HostUsage,
  FreeCapacity,
  HypervisorFamily,
  MigrationPlan,
  StageIndex,
  Technique,
} from '../engine';
import type { MigrationRecord } from '../store/port';

export const API_PREFIX = '/console/api';

/** Where the page finds the bot on the Lex Runtime V2 API (same origin). */
export interface BotInfo {
  botId: string;
  botAliasId: string;
  localeId: string;
  botName: string;
  /** The slots of type AMAZON.Confirmation, by intent: the page offers Yes and No for them. */
  yesNoSlots: Record<string, string[]>;
}

export interface FleetVm {
  id: string;
  applianceId: string;
  memoryMiB: number;
  vcpus: number;
  /** The migration in flight, or the latest finished one. */
  migrationId?: string;
  migrating: boolean;
}

export interface FleetHost {
  id: string;
  family: HypervisorFamily;
  technique: Technique;
  cpuVendor: CpuVendor;
  cpuFeatureLevel: number;
  state: HostState;
  memoryMiB: number;
  vcpuCapacity: number;
  bandwidthMiBps: number;
  usage: HostUsage;
  free: FreeCapacity;
  vms: FleetVm[];
}

/** A migration in flight as of the snapshot's instant. */
export interface FleetMigration {
  id: string;
  vmId: string;
  sourceHostId: string;
  destinationHostId: string;
  stage: StageIndex;
  stageName: string;
  /** The pre-copy round under way (stage 2), else null. */
  round: number | null;
  rounds: number;
  copiedMiB: number;
  plannedMiB: number;
  /** 0..1 */
  shareCopied: number;
  remainingWallMs: number;
}

/** The latest finished migration of a VM, with what its report says in one line. */
export interface FinishedMigration {
  id: string;
  vmId: string;
  sourceHostId: string;
  destinationHostId: string;
  status: 'completed' | 'aborted';
  /** Wall-clock epoch ms at which it ended. */
  endedAt: number;
  /** Simulated ms from the request to the end. */
  totalMs: number;
  /** Completed only. */
  downtimeMs: number | null;
  transferredMiB: number;
  precopyRounds: number;
  /** Why it was aborted, in words. */
  abortReason?: string;
}

/** What a reset of the fleet would undo, besides the migrations (in flight and finished). */
export interface SinceSeed {
  /** VMs that are not in the demo fleet. */
  createdVms: string[];
  /** VMs of the demo fleet that are gone. */
  removedVms: string[];
  /** VMs of the demo fleet on another host than their seed's. */
  movedVms: { id: string; seedHostId: string; hostId: string }[];
  /** Hosts of the demo fleet in another state (maintenance). */
  changedHosts: { id: string; state: HostState; seedState: string }[];
}

export interface FleetSnapshot {
  /** Wall-clock epoch ms of the snapshot. */
  at: number;
  hosts: FleetHost[];
  migrations: FleetMigration[];
  /** The latest finished migration of each VM that has one, the last to end first. */
  finished: FinishedMigration[];
  sinceSeed: SinceSeed;
}

/** GET /migrations/{id}, GET /vms/{id}/migrations: the stored record, plan included. */
export interface MigrationDetail {
  migration: MigrationRecord;
  /** Simulated ms since the start at the answer's instant (the plan's end once finished). */
  elapsedMs: number;
}

/** GET /simulate?...: the plan `vmbot simulate`'s parameters give, laid out from t = 0. */
export interface SimulationResult {
  plan: MigrationPlan;
}

/** One call of the Lambda during a turn, as the console records it. */
export interface LambdaCall {
  seq: number;
  sessionId: string;
  /** The turn: sessionState.originatingRequestId of the event. */
  requestId: string | undefined;
  invocationSource: string;
  invocationLabel?: string;
  intentName: string;
  startedAt: number;
  durationMs: number;
  /** DynamoDB requests the Lambda sent during the call. */
  dynamoRequests: number;
  event: unknown;
  response?: unknown;
  error?: string;
}

export interface ApiError {
  message: string;
}
