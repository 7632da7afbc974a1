import {
  close,
  lexResponseProblems,
  mergeAttributes,
  parseLexEvent,
  plainText,
  toLexRequest,
  type LexEvent,
  type LexRequest,
  type LexResponse,
} from '../lex';
import { isStoreError } from '../store/errors';
import type { FleetStore } from '../store/port';
import { HELP_TEXT } from '../../bot-definition';
import { converse } from './conversation/conversation';
import { memoryAttributes } from './conversation/memory';
import { quote } from './resolve';
import { storeErrorText } from './store-errors';
import {
  bindingOf,
  needsConfirmation,
  recordConfirmation,
  type Binding,
} from './trust/confirmations';
import { sealAttributes, trustedAttributes } from './trust/sealed-session';
import { processSessionKey, type SessionKey } from './trust/session-key';
import {
  reportWrites,
  settleWrites,
  UNSETTLED_ATTRIBUTE,
  unsettledIn,
  watchWrites,
  type WatchedStore,
} from './unsettled-writes';

/**
 * The bot's Lambda logic as one function: any event in, a valid Lex V2 response out. It never
 * throws: a malformed event, an unknown intent, a failing store or a bug each get a clear
 * message, and nothing is written on those paths. Nothing the client sends authorises a write
 * by itself: the Lambda's own session attributes count only under its seal, and a change is
 * made only by a yes to the confirmation the Lambda asked for that very change (trust/).
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
  /**
   * The key the Lambda signs its session attributes with (or how to get it, once); a key made
   * for this process by default, which only this process trusts.
   */
  sessionKey?: SessionKey | (() => Promise<SessionKey>);
}

const SILENT: Log = { info() {}, warn() {}, error() {} };

export function createFulfillment(deps: FulfillmentDeps): (event: unknown) => Promise<LexResponse> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? SILENT;
  const keyOf = onceKey(deps.sessionKey);

  return async (raw) => {
    const started = Date.now();
    const parsed = parseLexEvent(raw);
    if (!parsed.ok) {
      log.warn('rejected a malformed Lex event', { problems: parsed.problems.slice(0, 5) });
      return unreadable();
    }
    const sent = toLexRequest(withInterpretedValues(parsed.event));
    const echo = echoProblems(sent);
    if (echo.length > 0) {
      // Every answer echoes the session back; one Lex would reject must not follow a write.
      log.warn('rejected a Lex event whose session cannot be echoed', {
        problems: echo.slice(0, 5),
      });
      return safeClose(sent, [
        "I can't go on with this conversation: its session state is not one I can send back to Lex, so nothing was done.",
        HELP_TEXT[1]!,
      ]);
    }
    let key: SessionKey;
    try {
      key = await keyOf();
    } catch (err) {
      log.error('no session key', { error: err instanceof Error ? err.message : String(err) });
      return safeClose(sent, [
        "I can't check this conversation's state right now, so I won't act on it: nothing was done. Please try again in a moment.",
      ]);
    }
    const req = trusted(sent, key);
    const at = now();
    const binding = bindingOf(req, at);
    const reconfirm = needsConfirmation(req, binding);
    const fields = {
      sessionId: req.event.sessionId,
      intent: req.intent.name,
      invocationSource: req.invocationSource,
      invocationLabel: req.invocationLabel,
      ...(reconfirm ? { reconfirm: binding.kind } : {}),
    };
    let response = await answer(reconfirm ? askedAgain(req) : req, fields);
    response = recordConfirmation(response, req, binding, at);
    if (reconfirm) response = ledIn(response, binding);
    response = sealed(response, req.event.sessionId, key);
    if (lexResponseProblems(response).length > 0) {
      // A bug of ours: Lex would refuse the answer (a 424 for the user). Say so instead.
      log.error('built a response Lex would refuse', {
        ...fields,
        problems: lexResponseProblems(response).slice(0, 5),
      });
      response = sealed(
        safeClose(req, 'Something went wrong on my side. Please try again.'),
        req.event.sessionId,
        key,
      );
    }
    log.info('turn', {
      ...fields,
      outcome: response.sessionState.dialogAction.type,
      intentState: response.sessionState.intent?.state,
      ms: Date.now() - started,
    });
    return response;
  };

  async function answer(req: LexRequest, fields: Record<string, unknown>): Promise<LexResponse> {
    // Per event: its own unit of work (each record read once per invocation).
    const unit = deps.store.unitOfWork();
    // Writes an earlier turn could not confirm: settled first, so the answer can say what
    // happened (on the unit itself: a fence is no change the user asked for).
    const earlier = unsettledIn(req.sessionAttributes);
    const settled =
      req.sessionAttributes[UNSETTLED_ATTRIBUTE] === undefined
        ? undefined
        : await settleWrites(unit, earlier);
    let response: LexResponse;
    // Whether the turn has asked the store for a change decides what a failure may claim
    // ("nothing was done" only when nothing was asked).
    const watch = watchWrites(unit);
    try {
      response =
        (await converse({ store: watch.store, now }, req)) ??
        safeClose(req, [`I can't help with ${quote(req.intent.name)} yet.`, ...HELP_TEXT]);
    } catch (err) {
      response = failure(req, err, log, fields, watch);
    }
    const unknown = watch.unknownOutcomes();
    if (settled || unknown.length > 0) response = reportWrites(response, earlier, settled, unknown);
    return response;
  }
}

/** The key, asked for once (a failed attempt is retried by the next event). */
function onceKey(source: FulfillmentDeps['sessionKey']): () => Promise<SessionKey> {
  if (source === undefined) return async () => processSessionKey();
  if (typeof source !== 'function') return async () => source;
  let pending: Promise<SessionKey> | undefined;
  return () =>
    (pending ??= source().catch((err: unknown) => {
      pending = undefined;
      throw err;
    }));
}

/** The request with only the session attributes the Lambda can trust (see trust/). */
function trusted(req: LexRequest, key: SessionKey): LexRequest {
  const attributes = trustedAttributes(req.sessionAttributes, req.event.sessionId, key);
  if (Object.keys(attributes).length === Object.keys(req.sessionAttributes).length) return req;
  return toLexRequest({
    ...req.event,
    sessionState: { ...req.sessionState, sessionAttributes: attributes },
  });
}

/** The response with the Lambda's own attributes sealed for this session. */
function sealed(response: LexResponse, sessionId: string, key: SessionKey): LexResponse {
  const attributes = response.sessionState.sessionAttributes;
  if (!attributes) return response;
  return {
    ...response,
    sessionState: {
      ...response.sessionState,
      sessionAttributes: sealAttributes(attributes, sessionId, key),
    },
  };
}

/**
 * A change's fulfillment without a yes to the bot's own question for it: the intent's dialog
 * hook runs instead, as for a new request (no input to read as an answer), and asks afresh.
 */
function askedAgain(req: LexRequest): LexRequest {
  return toLexRequest({
    ...req.event,
    invocationSource: 'DialogCodeHook',
    inputTranscript: '',
    sessionState: {
      ...req.sessionState,
      intent: { ...req.intent, state: 'InProgress', confirmationState: 'None' },
    },
  });
}

/** A confirmation asked again says why before it asks. */
function ledIn(response: LexResponse, binding: Binding): LexResponse {
  if (response.sessionState.dialogAction.type !== 'ConfirmIntent') return response;
  const why =
    binding.kind === 'expired'
      ? 'That question was a while ago, so let me ask again before I change anything.'
      : 'Before I change anything, I need your yes to this:';
  return { ...response, messages: [plainText(why), ...(response.messages ?? [])].slice(0, 10) };
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
    // The request is answered (its outcome is told later): not a question to come back to.
    return safeClose(
      req,
      `The fleet database stopped answering while I was making the change (${storeErrorText(err)}) I can't tell whether it went through: ${next}`,
      memoryAttributes({}),
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

/** Close with Failed, echoing the session; without its slots if those cannot be sent back. */
function safeClose(
  req: LexRequest,
  messages: string | string[],
  sessionAttributes?: Record<string, string | null>,
): LexResponse {
  try {
    return close(req.sessionState, { state: 'Failed', messages, sessionAttributes });
  } catch {
    return close(
      {
        intent: { name: req.intent.name, slots: {}, state: 'Failed', confirmationState: 'None' },
        sessionAttributes: mergeAttributes({}, sessionAttributes),
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
