import type { FleetStore, CreateVmRequest, StartMigrationRequest } from '../store/port';

/**
 * Writes whose outcome is unknown: DynamoDB stopped answering (or the time limit came) after the
 * write was asked for, so it may or may not have been applied, and the user was told so. The
 * session carries them to the next turn, which settles each one (the store tells whether it was
 * applied, and makes sure it never will be if it was not) and says what really happened.
 * Only writes with an idempotency key can be settled: the key names them in the table.
 */
export const UNSETTLED_ATTRIBUTE = 'unsettledWrites';

export interface UnsettledWrite {
  key: string;
  /** What was asked, for the user: "migrate vm-3 to host-b". */
  what: string;
}

/** Enough to remember a few unknown outcomes, small enough for Lex's session attribute quota. */
const MAX_KEPT = 8;

/** The unsettled write a store call would leave if it failed, when it can be settled later. */
export function describeWrite(method: PropertyKey, args: unknown[]): UnsettledWrite | undefined {
  if (method === 'startMigration') {
    const r = args[0] as StartMigrationRequest;
    return r.idempotencyKey
      ? { key: r.idempotencyKey, what: `migrate ${r.vmId} to ${r.destinationHostId}` }
      : undefined;
  }
  if (method === 'createVm') {
    const r = args[0] as CreateVmRequest;
    return r.idempotencyKey
      ? { key: r.idempotencyKey, what: `create ${r.id ?? 'a VM'} on ${r.hostId}` }
      : undefined;
  }
  return undefined;
}

/** The writes a session still carries; garbage (a forged attribute) reads as none. */
export function unsettledIn(attributes: Readonly<Record<string, string>>): UnsettledWrite[] {
  const raw = attributes[UNSETTLED_ATTRIBUTE];
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list
      .filter(
        (w): w is UnsettledWrite =>
          typeof w?.key === 'string' && typeof w?.what === 'string' && w.key.length <= 200,
      )
      .slice(-MAX_KEPT);
  } catch {
    return [];
  }
}

/**
 * Settles what the session carries: one sentence per write, and the writes still unknown
 * (DynamoDB not answering yet).
 */
export async function settleWrites(
  store: FleetStore,
  writes: readonly UnsettledWrite[],
): Promise<{ notices: string[]; pending: UnsettledWrite[] }> {
  const notices: string[] = [];
  const pending: UnsettledWrite[] = [];
  for (const write of writes) {
    try {
      const result = await store.settleWrite(write.key);
      notices.push(
        result
          ? `I have checked your earlier request to ${write.what}: it did go through (${result}).`
          : `I have checked your earlier request to ${write.what}: it did not go through, and now it cannot, so nothing changed.`,
      );
    } catch {
      pending.push(write);
    }
  }
  return { notices, pending };
}

/** The attribute's new value: what is still unknown, or null (remove it). */
export function unsettledValue(writes: readonly UnsettledWrite[]): string | null {
  return writes.length === 0 ? null : JSON.stringify(writes.slice(-MAX_KEPT));
}
