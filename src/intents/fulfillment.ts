import {
  close,
  delegate,
  lexResponseProblems,
  parseLexEvent,
  toLexRequest,
  type LexEvent,
  type LexRequest,
  type LexResponse,
} from '../lex';
import { isStoreError } from '../store/errors';
import { WRITE_METHODS, type FleetStore } from '../store/port';
import { createConversation } from './conversation/conversation';
import { repair } from './conversation/replies';
import { HELP_TEXT } from './help';
import { quote } from './resolve';
import { routes } from './routes';
import { storeErrorText } from './store-errors';
import {
  describeWrite,
  settleWrites,
  UNSETTLED_ATTRIBUTE,
  unsettledIn,
  unsettledValue,
  type UnsettledWrite,
} from './unsettled-writes';

/**
 * The bot's Lambda logic as one function: any event in, a valid Lex V2 response out. It never
 * throws: a malformed event, an unknown intent, a failing store or a bug each get a clear
 * message, and nothing is written on those paths.
 */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface FulfillmentDeps {
  store: FleetStore;
  now?: () => number;
  log?: Log;
}

const SILENT: Log = { info() {}, warn() {}, error() {} };

export function createFulfillment(deps: FulfillmentDeps): (event: unknown) => Promise<LexResponse> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? SILENT;

  return async (raw) => {
    const started = Date.now();
    const parsed = parseLexEvent(raw);
    if (!parsed.ok) {
      log.warn('rejected a malformed Lex event', { problems: parsed.problems.slice(0, 5) });
      return unreadable();
    }
    const event = withInterpretedValues(parsed.event);
    const req = toLexRequest(event);
    const echo = echoProblems(req);
    if (echo.length > 0) {
      // Every answer echoes the session back; one Lex would reject must not follow a write.
      log.warn('rejected a Lex event whose session cannot be echoed', {
        problems: echo.slice(0, 5),
      });
      return safeClose(req, [
        "I can't go on with this conversation: its session state is not one I can send back to Lex, so nothing was done.",
        HELP_TEXT[1]!,
      ]);
    }
    // Per event: its own unit of work (each record read once per invocation).
    const unit = deps.store.unitOfWork();
    // Writes an earlier turn could not confirm: settled first, so the answer can say what
    // happened (on the unit itself: a fence is no change the user asked for).
    const earlier = unsettledIn(req.sessionAttributes);
    const settled =
      req.sessionAttributes[UNSETTLED_ATTRIBUTE] === undefined
        ? undefined
        : await settleWrites(unit, earlier);
    const fields = {
      sessionId: req.event.sessionId,
      intent: req.intent.name,
      invocationSource: req.invocationSource,
      invocationLabel: req.invocationLabel,
    };
    let response: LexResponse;
    // Whether the turn has asked the store for a change decides what a failure may claim
    // ("nothing was done" only when nothing was asked).
    const watch = watchWrites(unit);
    const route = createConversation({ store: watch.store, now }, routes, repair);
    try {
      const outcome = await route(req);
      if (outcome.kind === 'handled') response = outcome.response;
      else if (outcome.kind === 'no-route' && req.invocationSource === 'DialogCodeHook')
        response = delegate(req.sessionState);
      else
        response = safeClose(req, [
          `I can't help with ${quote(req.intent.name)} yet.`,
          ...HELP_TEXT,
        ]);
    } catch (err) {
      response = failure(req, err, log, fields, watch);
    }
    const unknown = watch.unknownOutcomes();
    if (settled || unknown.length > 0) response = reportWrites(response, earlier, settled, unknown);
    log.info('turn', {
      ...fields,
      outcome: response.sessionState.dialogAction.type,
      intentState: response.sessionState.intent?.state,
      ms: Date.now() - started,
    });
    return response;
  };
}

function failure(
  req: LexRequest,
  err: unknown,
  log: Log,
  fields: Record<string, unknown>,
  watch: WatchedStore,
): LexResponse {
  if (isStoreError(err, 'unavailable') && watch.wroteSomething()) {
    // A timeout or a lost connection during a write: DynamoDB may have applied it.
    log.error('store unavailable during a write', { ...fields, error: err.message });
    const next =
      watch.unknownOutcomes().length > 0
        ? 'I will check when you next write to me and tell you what happened.'
        : '"list hosts" shows the fleet as it is now. Please check before asking again.';
    return safeClose(
      req,
      `The fleet database stopped answering while I was making the change (${storeErrorText(err)}) I can't tell whether it went through: ${next}`,
    );
  }
  if (isStoreError(err) && (err.code === 'unavailable' || err.code === 'busy')) {
    log.error('store unavailable', { ...fields, error: err.message });
    return safeClose(
      req,
      `The fleet database isn't answering right now (${storeErrorText(err)}) Nothing was done; please try again in a moment.`,
    );
  }
  if (isStoreError(err)) {
    log.warn('store refused', { ...fields, code: err.code, error: err.message });
    return safeClose(req, storeErrorText(err));
  }
  log.error('unexpected error', {
    ...fields,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return safeClose(
    req,
    'Something went wrong on my side. Please try again; if you asked for a change, "list hosts" shows what the fleet looks like now.',
  );
}

const WRITES: ReadonlySet<PropertyKey> = new Set(WRITE_METHODS);

interface WatchedStore {
  store: FleetStore;
  wroteSomething(): boolean;
  /** Keyed writes that failed with DynamoDB unavailable: maybe applied, maybe not. */
  unknownOutcomes(): UnsettledWrite[];
}

/** The store, noting whether any of its write methods has been called, and which were lost. */
function watchWrites(store: FleetStore): WatchedStore {
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
function reportWrites(
  response: LexResponse,
  earlier: readonly UnsettledWrite[],
  settled: { notices: string[]; pending: UnsettledWrite[] } | undefined,
  unknown: readonly UnsettledWrite[],
): LexResponse {
  const withWrites = (writes: readonly UnsettledWrite[], notices: readonly string[]) => {
    const attributes: Record<string, string> = { ...response.sessionState.sessionAttributes };
    const value = unsettledValue(writes);
    if (value === null) delete attributes[UNSETTLED_ATTRIBUTE];
    else attributes[UNSETTLED_ATTRIBUTE] = value;
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

/** Close with Failed, echoing the session; without its slots if those cannot be sent back. */
function safeClose(req: LexRequest, messages: string | string[]): LexResponse {
  try {
    return close(req.sessionState, { state: 'Failed', messages });
  } catch {
    return close(
      {
        intent: { name: req.intent.name, slots: {}, state: 'Failed', confirmationState: 'None' },
        sessionAttributes: {},
      },
      { state: 'Failed', messages },
    );
  }
}

/**
 * Lex sends a filled slot with its interpreted value; one without (a hand-made event) is read
 * as meaning what was said, which is also what OriginalValue resolution would give.
 */
function withInterpretedValues(event: LexEvent): LexEvent {
  const slots = event.sessionState.intent.slots;
  for (const slot of Object.values(slots)) {
    const value = slot?.value;
    if (value && value.interpretedValue === undefined && value.originalValue) {
      value.interpretedValue = value.originalValue;
    }
  }
  return event;
}

/** What Lex would reject in a response that echoes this request's session unchanged. */
function echoProblems(req: LexRequest): string[] {
  return lexResponseProblems({
    sessionState: {
      dialogAction: { type: 'Delegate' },
      intent: { ...req.intent, state: 'InProgress' },
      sessionAttributes: req.sessionAttributes,
      ...(req.sessionState.activeContexts
        ? { activeContexts: req.sessionState.activeContexts }
        : {}),
    },
  });
}

/** For an event we could not read: no intent to close, so wait for the next request. */
function unreadable(): LexResponse {
  return {
    sessionState: { dialogAction: { type: 'ElicitIntent' } },
    messages: [
      {
        contentType: 'PlainText',
        content: `Sorry, I couldn't read that request, so nothing was done. ${HELP_TEXT[1]}`,
      },
    ],
  };
}
