import { toLexMessages, type MessagesInput, type SomeMessages } from './messages';
import { lexResponseProblems } from './response-rules';
import { clearSlot } from './slots';
import type {
  CloseIntentState,
  ConfirmationState,
  IntentState,
  LexActiveContext,
  LexIntent,
  LexResponse,
  LexResponseIntent,
  LexSlots,
  SlotElicitationStyle,
} from './types';

/**
 * Builders for the five Lambda responses. Each takes the request's session state and returns
 * a new response (nothing is shared with or changed in the event), carrying the session
 * attributes (with updates) and active contexts. Requirements are in the types where they can
 * be (Close's state, ElicitSlot's slot, at least one message for ConfirmIntent/ElicitIntent);
 * every response is also checked against lexResponseProblems before it is returned, and a
 * LexResponseError listing the problems is thrown instead of returning an invalid one.
 */

/** What a builder needs from the request: `request.sessionState` or `event.sessionState`. */
export interface SessionInput {
  readonly intent: Readonly<LexIntent>;
  readonly sessionAttributes: Readonly<Record<string, string>>;
  readonly activeContexts?: readonly LexActiveContext[];
}

export interface CommonOptions {
  /** Changes to the session attributes: a string sets, null removes; others are kept. */
  sessionAttributes?: Readonly<Record<string, string | null>>;
  /** Replace the active contexts (default: the session's, as they were). */
  activeContexts?: readonly LexActiveContext[];
  /** Per-turn attributes for the client. */
  requestAttributes?: Readonly<Record<string, string>>;
}

export interface IntentOptions {
  /**
   * Switch to another intent (Lambda-driven chaining). Default: the session's intent. When it
   * differs from the session's, slots default to none and confirmationState to None.
   */
  intentName?: string;
  /** The intent's slots (default: the session's, for the same intent). */
  slots?: Readonly<LexSlots>;
  confirmationState?: ConfirmationState;
}

export interface CloseOptions extends CommonOptions, IntentOptions {
  state: CloseIntentState;
  messages?: MessagesInput;
}

export interface ElicitSlotOptions extends CommonOptions, IntentOptions {
  slotToElicit: string;
  slotElicitationStyle?: SlotElicitationStyle;
  /** Default: Lex's configured prompt for the slot. */
  messages?: MessagesInput;
}

export interface ConfirmIntentOptions extends CommonOptions, IntentOptions {
  messages: SomeMessages;
}

export interface DelegateOptions extends CommonOptions, IntentOptions {
  /** Default: the session's state when it is InProgress or ReadyForFulfillment, else InProgress. */
  state?: 'InProgress' | 'ReadyForFulfillment';
}

export interface ElicitIntentOptions extends CommonOptions {
  messages: SomeMessages;
}

export class LexResponseError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid Lex V2 response: ${problems.join('; ')}`);
    this.name = 'LexResponseError';
  }
}

/** End the intent (Fulfilled, Failed, or InProgress to end the turn only). */
export function close(session: SessionInput, options: CloseOptions): LexResponse {
  return finish(session, options, 'Close', {
    intent: intentOf(session, options, options.state),
  });
}

/**
 * Ask for a slot. The slot is emptied in the response (Lex re-elicits a slot only when it is
 * null), so this is also how an invalid value is asked for again.
 */
export function elicitSlot(session: SessionInput, options: ElicitSlotOptions): LexResponse {
  const intent = intentOf(session, options, 'InProgress');
  intent.slots = clearSlot(intent.slots, options.slotToElicit);
  return finish(session, options, 'ElicitSlot', {
    intent,
    slotToElicit: options.slotToElicit,
    slotElicitationStyle: options.slotElicitationStyle,
  });
}

/** Ask the user to confirm the intent (yes → Confirmed, no → Denied on the next turn). */
export function confirmIntent(session: SessionInput, options: ConfirmIntentOptions): LexResponse {
  return finish(session, options, 'ConfirmIntent', {
    intent: intentOf(session, { confirmationState: 'None', ...options }, 'InProgress'),
  });
}

/** Let Lex choose the next step from the bot definition. */
export function delegate(session: SessionInput, options: DelegateOptions = {}): LexResponse {
  const current = session.intent.state;
  const carried =
    current === 'InProgress' || current === 'ReadyForFulfillment' ? current : undefined;
  return finish(session, options, 'Delegate', {
    intent: intentOf(session, options, options.state ?? carried ?? 'InProgress'),
  });
}

/** Ask what the user wants next; the next utterance goes through intent recognition. */
export function elicitIntent(session: SessionInput, options: ElicitIntentOptions): LexResponse {
  return finish(session, options, 'ElicitIntent', {});
}

// ---------------------------------------------------------------------------------------------

type Built = Required<Pick<LexResponseIntent, 'name' | 'slots' | 'state' | 'confirmationState'>>;

function intentOf(session: SessionInput, options: IntentOptions, state: IntentState): Built {
  const current = session.intent;
  const name = options.intentName ?? current.name;
  const same = name === current.name;
  return {
    name,
    slots: structuredClone(options.slots ?? (same ? current.slots : {})),
    state,
    confirmationState: options.confirmationState ?? (same ? current.confirmationState : 'None'),
  };
}

interface Parts {
  intent?: Built;
  slotToElicit?: string;
  slotElicitationStyle?: SlotElicitationStyle;
}

function finish(
  session: SessionInput,
  options: CommonOptions & { messages?: MessagesInput },
  type: LexResponse['sessionState']['dialogAction']['type'],
  parts: Parts,
): LexResponse {
  const response: LexResponse = {
    sessionState: {
      dialogAction: { type },
      sessionAttributes: mergeAttributes(session.sessionAttributes, options.sessionAttributes),
    },
  };
  const { dialogAction } = response.sessionState;
  if (parts.slotToElicit !== undefined) dialogAction.slotToElicit = parts.slotToElicit;
  if (parts.slotElicitationStyle !== undefined) {
    dialogAction.slotElicitationStyle = parts.slotElicitationStyle;
  }
  if (parts.intent) response.sessionState.intent = parts.intent;
  const contexts = options.activeContexts ?? session.activeContexts;
  if (contexts) response.sessionState.activeContexts = structuredClone([...contexts]);
  const messages = toLexMessages(options.messages);
  if (messages.length > 0) response.messages = messages;
  if (options.requestAttributes) {
    response.requestAttributes = Object.fromEntries(Object.entries(options.requestAttributes));
  }

  const problems = lexResponseProblems(response);
  if (problems.length > 0) throw new LexResponseError(problems);
  return response;
}

/** Session attributes with changes applied: a string sets, null removes; others are kept. */
export function mergeAttributes(
  current: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string | null>> | undefined,
): Record<string, string> {
  // A Map, then fromEntries: keys such as __proto__ stay data, never reach a prototype.
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}
