import { SESSION_ATTRIBUTE } from '../../bot-definition/names';
import { lexResponseProblems, mergeAttributes, type LexResponse } from '../lex';
import { isStoreError } from '../store/errors';
import {
  WRITE_METHODS,
  type CreateVmRequest,
  type DeleteVmRequest,
  type FleetStore,
  type StartMigrationRequest,
} from '../store/port';

/**
 * Writes whose outcome is unknown: DynamoDB stopped answering (or the time limit came) after the
 * write was asked for, so it may or may not have been applied, and the user was told so. The
 * session carries them to the next turn, which settles each one (the store tells whether it was
 * applied, and makes sure it never will be if it was not) and says what really happened.
 * Only writes with an idempotency key can be settled: the key names them in the table.
 */
export const UNSETTLED_ATTRIBUTE = SESSION_ATTRIBUTE.unsettledWrites;

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
  if (method === 'deleteVm') {
    const r = args[0] as DeleteVmRequest;
    return r.idempotencyKey ? { key: r.idempotencyKey, what: `delete ${r.vmId}` } : undefined;
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

const WRITES: ReadonlySet<PropertyKey> = new Set(WRITE_METHODS);

export interface WatchedStore {
  store: FleetStore;
  wroteSomething(): boolean;
  /** Keyed writes that failed with DynamoDB unavailable: maybe applied, maybe not. */
  unknownOutcomes(): UnsettledWrite[];
}

/** The store, noting whether any of its write methods has been called, and which were lost. */
export function watchWrites(store: FleetStore): WatchedStore {
  let wrote = false;
  const unknown: UnsettledWrite[] = [];
  const watched = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (WRITES.has(property)) wrote = true;
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        const write = describeWrite(property, args);
        if (!write || !(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          if (isStoreError(err, 'unavailable')) unknown.push(write);
          throw err;
        });
      };
    },
  });
  return { store: watched, wroteSomething: () => wrote, unknownOutcomes: () => [...unknown] };
}

/**
 * The answer, with what the settled writes turned out to be said first, and the writes still
 * unknown kept in the session for the next turn. If the notices would make a response Lex
 * refuses (too many messages), every write waits for a later turn (settling twice gives the same
 * answer).
 */
export function reportWrites(
  response: LexResponse,
  earlier: readonly UnsettledWrite[],
  settled: { notices: string[]; pending: UnsettledWrite[] } | undefined,
  unknown: readonly UnsettledWrite[],
): LexResponse {
  const withWrites = (writes: readonly UnsettledWrite[], notices: readonly string[]) => {
    const attributes = mergeAttributes(response.sessionState.sessionAttributes ?? {}, {
      [UNSETTLED_ATTRIBUTE]: unsettledValue(writes),
    });
    const messages = [
      ...notices.map((content) => ({ contentType: 'PlainText' as const, content })),
      ...(response.messages ?? []),
    ];
    return {
      ...response,
      sessionState: { ...response.sessionState, sessionAttributes: attributes },
      ...(messages.length > 0 ? { messages } : {}),
    };
  };
  const candidates = [
    withWrites([...(settled?.pending ?? []), ...unknown], settled?.notices ?? []),
    withWrites([...earlier, ...unknown], []),
  ];
  return candidates.find((c) => lexResponseProblems(c).length === 0) ?? response;
}
