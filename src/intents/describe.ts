import {
  FAMILY_LABEL,
  VENDOR_LABEL,
  formatMiB,
  formatMs,
  progressAt,
  STAGE_NAMES,
  type Appliance,
  type Exclusion,
  type Host,
  type PrecopyResult,
  type Refusal,
  type Vm,
} from '../engine';
import type { HostView, MigrationRecord, VmView } from '../store/port';
import { andList } from './recognise';

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

type RefusalCode = Refusal['code'];

/** Hosts refused for the same reason, in one phrase ("host-a and host-f have Intel CPUs..."). */
const GROUPED: Partial<
  Record<RefusalCode, (hosts: string, many: boolean, vm: Vm, source: Host) => string>
> = {
  'family-mismatch': (hosts, many, vm, source) =>
    `${hosts} ${many ? 'run other hypervisors' : 'runs another hypervisor'} than ${vm.id}'s ${FAMILY_LABEL[source.family]}`,
  'vendor-mismatch': (hosts, many, vm, source) =>
    `${hosts} ${many ? 'have' : 'has'} CPUs of another vendor than ${vm.id}'s ${VENDOR_LABEL[source.cpuVendor]}`,
  'feature-level': (hosts, many, vm) =>
    `${hosts} ${many ? 'have' : 'has'} an older CPU feature level than ${vm.id}'s ${vm.cpuFeatureLevel}`,
  maintenance: (hosts, many) => `${hosts} ${many ? 'are' : 'is'} in maintenance`,
};

/**
 * Why placement excluded each host, the most fundamental reason per host, hosts with the same
 * reason together: "host-a, host-b and host-f have CPUs of another vendor than vm-5's AMD;
 * host-d and host-e run other hypervisors than vm-5's KVM".
 */
export function exclusionsSentence(vm: Vm, source: Host, excluded: readonly Exclusion[]): string {
  const byCode = new Map<RefusalCode, Exclusion[]>();
  for (const e of excluded) {
    const code = e.refusals[0]!.code;
    byCode.set(code, [...(byCode.get(code) ?? []), e]);
  }
  const parts: string[] = [];
  for (const [code, group] of byCode) {
    const phrase = GROUPED[code];
    if (phrase && group.length > 1) {
      parts.push(phrase(andList(group.map((e) => e.host.id)), true, vm, source));
    } else {
      parts.push(...group.map((e) => e.refusals[0]!.message));
    }
  }
  return parts.join('; ');
}
