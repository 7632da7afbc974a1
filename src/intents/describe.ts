import {
  FAMILY_LABEL,
  VENDOR_LABEL,
  formatMiB,
  formatMs,
  progressAt,
  STAGE_NAMES,
  type Appliance,
  type Host,
  type PrecopyResult,
} from '../engine';
import type { HostView, MigrationRecord, VmView } from '../store/port';

/** How the bot words fleet things: short, exact, the same everywhere. */

/** "vm-3 (4 GiB, web server)". */
export function vmLabel(vm: VmView, appliance?: Appliance): string {
  return `${vm.id} (${formatMiB(vm.memoryMiB)}, ${appliance?.name ?? vm.applianceId})`;
}

/** "KVM, hardware-assisted, Intel". */
export function hostKind(h: Host): string {
  return `${FAMILY_LABEL[h.family]}, ${h.technique}, ${VENDOR_LABEL[h.cpuVendor]}`;
}

/** "host-b (KVM, hardware-assisted, Intel): 40 GiB of 64 GiB and 28 of 32 vCPUs free". */
export function hostLine(h: HostView): string {
  const state = h.state === 'maintenance' ? ', in maintenance' : '';
  return `${h.id} (${hostKind(h)}${state}): ${formatMiB(h.free.memoryMiB)} of ${formatMiB(h.memoryMiB)} and ${h.free.vcpus} of ${h.vcpuCapacity} vCPUs free`;
}

/** "about 120 ms" / "about 3.6 s": estimates, rounded to two significant digits. */
export function about(ms: number): string {
  if (ms <= 0) return 'about 0 ms';
  const magnitude = 10 ** (Math.floor(Math.log10(ms)) - 1);
  return `about ${formatMs(Math.round(ms / magnitude) * magnitude)}`;
}

/** The plan of a migration in one sentence. */
export function planSentence(p: PrecopyResult): string {
  const rounds = `${p.precopyRounds} pre-copy round${p.precopyRounds === 1 ? '' : 's'}`;
  const throttle =
    p.throttlePct > 0 ? `, auto-converge throttling the guest up to ${p.throttlePct} %` : '';
  return `${rounds}, ${formatMiB(p.transferredMiB)} to send, expected downtime ${about(p.downtimeMs ?? 0)}, ${about(p.totalTimeMs ?? 0)} in all${throttle}`;
}

/** Where a migration in flight stands at `now`. */
export function progressSentence(m: MigrationRecord, now: number): string {
  const p = progressAt(m.plan, now);
  if (now < m.startedAt) {
    return `${m.vmId}'s migration to ${m.destinationHostId} is queued: it starts in ${formatMs(m.startedAt - now)}.`;
  }
  const where =
    p.stage === 2 && p.round !== null
      ? `stage 2 (${STAGE_NAMES[2]}), round ${p.round} of ${m.plan.precopy.precopyRounds}`
      : `stage ${p.stage} (${STAGE_NAMES[p.stage]})`;
  const paused =
    p.stage === 3 ? `; ${m.vmId} is paused on ${m.sourceHostId} for the final copy` : '';
  return `${m.vmId} is migrating from ${m.sourceHostId} to ${m.destinationHostId}: ${where}, ${Math.floor(p.shareCopied * 100)} % copied (${formatMiB(p.copiedMiB)} of ${formatMiB(p.plannedMiB)})${paused}, ${about(p.remainingWallMs)} left.`;
}
