import { formatMs, progressAt } from '../engine';
import { PROGRESS_ATTRIBUTE, progressSentence } from '../intents';
import type { FleetStore } from '../store';

/**
 * The chat's live view of a migration the user just started: while the session names a VM in
 * `migrationInProgress` and that VM's migration is in flight, a bar with the stage, round and
 * share copied, redrawn until it ends (then one line with the outcome) or until `limitMs`.
 */
export function migrationProgress(
  store: FleetStore,
  options: { intervalMs?: number; limitMs?: number } = {},
) {
  const interval = options.intervalMs ?? 250;
  const limit = options.limitMs ?? 60_000;
  // The attribute stays in the session for later turns: one bar per VM is enough.
  const followed = new Set<string>();
  return (attributes: Readonly<Record<string, string>>): AsyncIterable<string> | undefined => {
    const vmId = attributes[PROGRESS_ATTRIBUTE];
    if (!vmId || followed.has(vmId)) return undefined;
    followed.add(vmId);
    return (async function* () {
      try {
        yield* follow(store, vmId, interval, limit);
      } finally {
        followed.delete(vmId);
      }
    })();
  };
}

async function* follow(
  store: FleetStore,
  vmId: string,
  interval: number,
  limit: number,
): AsyncGenerator<string> {
  const deadline = Date.now() + limit;
  const migrationId = (await store.getVm(vmId))?.migration?.id;
  if (!migrationId) return; // nothing in flight: nothing to show
  for (;;) {
    const m = await store.getMigration(migrationId);
    if (!m) return;
    if (m.status !== 'in-flight') {
      const p = m.plan.precopy;
      yield m.status === 'completed'
        ? `${bar(1)} ${vmId} is now running on ${m.destinationHostId}: downtime ${formatMs(p.downtimeMs ?? 0)}, ${formatMs(p.totalTimeMs ?? 0)} in all.`
        : `${vmId}'s migration was aborted (${m.abortReason}); it stays on ${m.sourceHostId}.`;
      return;
    }
    const now = Date.now();
    yield `${bar(progressAt(m.plan, now).shareCopied)} ${progressSentence(m, now)}`;
    if (now >= deadline) {
      yield `${vmId} is still migrating; ask "how is ${vmId} doing?" to look again.`;
      return;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

function bar(share: number, width = 20): string {
  const done = Math.round(Math.max(0, Math.min(1, share)) * width);
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}]`;
}

/**
 * The session attributes that still describe something current, for the chat's /session: the
 * progress attribute only while that VM's migration is in flight (the Lambda sets it when a
 * migration starts and has no turn at which to clear it when it ends).
 */
export function currentAttributes(store: FleetStore) {
  return async (attributes: Readonly<Record<string, string>>): Promise<Record<string, string>> => {
    const { [PROGRESS_ATTRIBUTE]: vmId, ...others } = attributes;
    if (!vmId) return others;
    const vm = await store.getVm(vmId).catch(() => undefined);
    return vm?.migration ? { ...attributes } : others;
  };
}
