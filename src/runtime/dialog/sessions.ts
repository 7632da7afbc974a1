import type { DialogAction, IntentState, Interpretation, Message, SessionKey } from '../api/types';
import type { StoredContext } from './contexts';

/** What the runtime keeps between turns of one conversation. */
export interface Session {
  readonly key: SessionKey;
  sessionAttributes: Record<string, string>;
  activeContexts: StoredContext[];
  intent: IntentState | undefined;
  /** What the last turn asked of the user: ElicitSlot, ConfirmIntent, ElicitIntent, Close. */
  dialogAction: DialogAction | undefined;
  /** Retries of the current slot elicitation or confirmation (0 = first attempt). */
  attempt: number;
  messages: Message[];
  interpretations: Interpretation[];
  originatingRequestId: string | undefined;
  lastActiveMs: number;
}

export function keyString(key: SessionKey): string {
  return [key.botId, key.botAliasId, key.localeId, key.sessionId].join('\u0000');
}

export function newSession(key: SessionKey, nowMs: number): Session {
  return {
    key,
    sessionAttributes: {},
    activeContexts: [],
    intent: undefined,
    dialogAction: undefined,
    attempt: 0,
    messages: [],
    interpretations: [],
    originatingRequestId: undefined,
    lastActiveMs: nowMs,
  };
}

/**
 * Sessions by (botId, aliasId, localeId, sessionId), forgotten after the bot's idle session TTL
 * (an expired session reads as absent, so the next turn starts fresh), and at most `maxSessions`
 * of them. Work on one session is serialised: concurrent requests on the same session wait their
 * turn, as if sent in sequence.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private accesses = 0;

  constructor(
    private readonly idleTtlMs: number,
    private readonly clock: () => number,
    private readonly maxSessions = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Whether a request on this session may go ahead: it exists, or there is room for one more
   * (expired sessions are swept first when the store is full). Requests creating sessions at the
   * same instant may each be admitted: the store can exceed the limit by that many.
   */
  admits(key: SessionKey): boolean {
    if (this.get(key) !== undefined || this.sessions.size < this.maxSessions) return true;
    this.sweep();
    return this.sessions.size < this.maxSessions;
  }

  get(key: SessionKey): Session | undefined {
    this.sweepSometimes();
    const id = keyString(key);
    const session = this.sessions.get(id);
    if (session && this.clock() - session.lastActiveMs > this.idleTtlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  put(session: Session): void {
    session.lastActiveMs = this.clock();
    this.sessions.set(keyString(session.key), session);
  }

  delete(key: SessionKey): boolean {
    const existed = this.get(key) !== undefined;
    this.sessions.delete(keyString(key));
    return existed;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Runs `work` after every earlier piece of work on the same session has finished. */
  async serialise<T>(key: SessionKey, work: () => Promise<T>): Promise<T> {
    const id = keyString(key);
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    try {
      return await run;
    } finally {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    }
  }

  private sweepSometimes(): void {
    this.accesses += 1;
    if (this.accesses % 1000 === 0) this.sweep();
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, session] of this.sessions) {
      if (now - session.lastActiveMs > this.idleTtlMs) this.sessions.delete(id);
    }
  }
}
