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
    const fields = {
      sessionId: req.event.sessionId,
      intent: req.intent.name,
      invocationSource: req.invocationSource,
      invocationLabel: req.invocationLabel,
    };
    let response: LexResponse;
    // Per event: its own unit of work (each record read once per invocation), and whether it
    // has asked the store for a change, which decides what a failure may claim ("nothing was
    // done" only when nothing was asked).
    const watch = watchWrites(deps.store.unitOfWork());
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
      response = failure(req, err, log, fields, watch.wroteSomething());
    }
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
  askedForWrite: boolean,
): LexResponse {
  if (isStoreError(err, 'unavailable') && askedForWrite) {
    // A timeout or a lost connection during a write: DynamoDB may have applied it.
    log.error('store unavailable during a write', { ...fields, error: err.message });
    return safeClose(
      req,
      `The fleet database stopped answering while I was making the change (${storeErrorText(err)}) I can't tell whether it went through: "list hosts" shows the fleet as it is now. Please check before asking again.`,
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

/** The store, noting whether any of its write methods has been called. */
function watchWrites(store: FleetStore): { store: FleetStore; wroteSomething(): boolean } {
  let wrote = false;
  const watched = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (WRITES.has(property)) wrote = true;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: watched, wroteSomething: () => wrote };
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
