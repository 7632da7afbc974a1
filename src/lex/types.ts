/**
 * The Amazon Lex V2 Lambda code-hook contract: the event Lex sends and the response it accepts.
 *
 * Our own types rather than `@types/aws-lambda`'s `LexV2Event`/`LexV2Result`, which lack
 * invocationLabel, interpretationSource, runtimeHints, proposedNextState.prompt, the response's
 * activeContexts/requestAttributes/intent.confirmationState, and wrongly require
 * slotElicitationStyle on ElicitSlot. Field names and enums follow the Lex V2 developer guide
 * (lambda-input-format, lambda-response-format) and the Lex Runtime V2 service model.
 *
 * Each enum is exported twice: as an `as const` list (shared by the runtime schema, the
 * response rules and the tests) and as the string-literal union derived from it.
 *
 * These types are the one description of the contract's shapes: the zod schemas that read it at
 * run time (schema/) are compile-checked to produce exactly them (schema/same-as-types.ts), and
 * the local runtime's API types (src/runtime/api/types.ts) are made of them. Types only, no
 * imports: the browser console reads them too.
 */

export const MESSAGE_VERSIONS = ['1.0'] as const;
export type MessageVersion = (typeof MESSAGE_VERSIONS)[number];

export const INVOCATION_SOURCES = ['DialogCodeHook', 'FulfillmentCodeHook'] as const;
export type InvocationSource = (typeof INVOCATION_SOURCES)[number];

export const INPUT_MODES = ['DTMF', 'Speech', 'Text'] as const;
export type InputMode = (typeof INPUT_MODES)[number];

/** The values Lex documents; the event field itself is typed `string` (audio/* variants exist). */
export const RESPONSE_CONTENT_TYPES = [
  'text/plain; charset=utf-8',
  'audio/mpeg',
  'audio/ogg',
  'audio/pcm',
] as const;
export type ResponseContentType = (typeof RESPONSE_CONTENT_TYPES)[number];

export const INTENT_STATES = [
  'Failed',
  'Fulfilled',
  'FulfillmentInProgress',
  'InProgress',
  'ReadyForFulfillment',
  'Waiting',
] as const;
export type IntentState = (typeof INTENT_STATES)[number];

/** The intent states a Close response may carry. */
export const CLOSE_INTENT_STATES = ['Failed', 'Fulfilled', 'InProgress'] as const;
export type CloseIntentState = (typeof CLOSE_INTENT_STATES)[number];

export const CONFIRMATION_STATES = ['Confirmed', 'Denied', 'None'] as const;
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number];

export const SLOT_SHAPES = ['Scalar', 'List', 'Composite'] as const;
export type SlotShape = (typeof SLOT_SHAPES)[number];

/** Dialog actions a Lambda may return. */
export const DIALOG_ACTION_TYPES = [
  'Close',
  'ConfirmIntent',
  'Delegate',
  'ElicitIntent',
  'ElicitSlot',
] as const;
export type DialogActionType = (typeof DIALOG_ACTION_TYPES)[number];

/** Dialog actions an event may report: the runtime model also knows `None`. */
export const EVENT_DIALOG_ACTION_TYPES = [...DIALOG_ACTION_TYPES, 'None'] as const;
export type EventDialogActionType = (typeof EVENT_DIALOG_ACTION_TYPES)[number];

export const SLOT_ELICITATION_STYLES = ['Default', 'SpellByLetter', 'SpellByWord'] as const;
export type SlotElicitationStyle = (typeof SLOT_ELICITATION_STYLES)[number];

export const MESSAGE_CONTENT_TYPES = [
  'CustomPayload',
  'ImageResponseCard',
  'PlainText',
  'SSML',
] as const;
export type MessageContentType = (typeof MESSAGE_CONTENT_TYPES)[number];

export const INTERPRETATION_SOURCES = ['Bedrock', 'Lex'] as const;
export type InterpretationSource = (typeof INTERPRETATION_SOURCES)[number];

export const SENTIMENTS = ['MIXED', 'NEGATIVE', 'NEUTRAL', 'POSITIVE'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const PROMPT_ATTEMPTS = [
  'Initial',
  'Retry1',
  'Retry2',
  'Retry3',
  'Retry4',
  'Retry5',
] as const;
export type PromptAttempt = (typeof PROMPT_ATTEMPTS)[number];

/** Quotas and field limits (Lex V2 quotas page and the Runtime V2 service model). */
export const LEX_LIMITS = {
  /** Lambda input (the event), UTF-8 bytes of its JSON. */
  eventBytes: 12 * 1024,
  /** Lambda output (the response), UTF-8 bytes of its JSON. */
  responseBytes: 50 * 1024,
  /** Session attributes in the Lambda output, after base64 of their JSON. */
  sessionAttributesBase64Bytes: 12 * 1024,
  maxMessages: 10,
  /** Message content length, in characters (UTF-16 code units, as the service counts). */
  messageContentMax: 1024,
  maxButtons: 5,
  buttonTextMax: 50,
  buttonValueMax: 50,
  cardTextMax: 250,
  maxActiveContexts: 20,
  activeContextNameMax: 100,
  maxContextAttributes: 10,
  contextAttributeNameMax: 100,
  contextAttributeValueMax: 1024,
  timeToLiveSecondsMin: 5,
  timeToLiveSecondsMax: 86_400,
  turnsToLiveMin: 1,
  turnsToLiveMax: 20,
  maxInterpretations: 5,
} as const;

// ---------------------------------------------------------------------------------------------
// Shared structures

/** A slot value as an event carries it. */
export interface LexSlotValue {
  /** What the user said for the slot. */
  originalValue: string;
  /**
   * What Lex resolved it to (the canonical value for TOP_RESOLUTION slot types); absent in a
   * transcription's resolvedSlots.
   */
  interpretedValue?: string;
  resolvedValues: string[];
}

/**
 * A slot value as a session holds it once read from a Lambda response or a client's session
 * state, both of which must say what it was interpreted as (an originalValue left out is taken
 * to be that). What the local runtime keeps, sends its Lambda and returns to its clients.
 */
export interface LexSessionSlotValue extends LexSlotValue {
  interpretedValue: string;
}

/**
 * A slot value as a client may send it in a session state (the Runtime API's Value): what it was
 * interpreted as; what was said defaults to that, the resolved values to none.
 */
export interface LexClientSlotValue {
  originalValue?: string;
  interpretedValue: string;
  resolvedValues?: string[];
}

/** A slot, whose values are an event's (the default), a session's or a client's. */
export interface LexSlot<V = LexSlotValue> {
  shape: SlotShape;
  value?: V;
  /** Shape List: one entry per value. */
  values?: LexSlot<V>[];
  /** Shape Composite: the constituent sub-slots. */
  subSlots?: LexSlots<V>;
}

/** Every slot of the intent by name; an unfilled slot is `null`. */
export type LexSlots<V = LexSlotValue> = Record<string, LexSlot<V> | null>;

export interface LexIntent {
  name: string;
  slots: LexSlots;
  state: IntentState;
  confirmationState: ConfirmationState;
}

export interface LexTimeToLive {
  timeToLiveInSeconds: number;
  turnsToLive: number;
}

export interface LexActiveContext {
  name: string;
  contextAttributes: Record<string, string>;
  timeToLive: LexTimeToLive;
}

export interface LexSubSlotToElicit {
  name: string;
  subSlotToElicit?: LexSubSlotToElicit;
}

// ---------------------------------------------------------------------------------------------
// Event (Lex → Lambda)

export interface LexBot {
  id: string;
  name: string;
  aliasId: string;
  aliasName: string;
  localeId: string;
  /** 'DRAFT' or a version number. */
  version: string;
}

export interface LexSentimentScore {
  mixed: number;
  negative: number;
  neutral: number;
  positive: number;
}

export interface LexSentimentResponse {
  sentiment: Sentiment;
  sentimentScore: LexSentimentScore;
}

export interface LexInterpretation {
  intent: LexIntent;
  /** A plain number in Lambda events; absent for FallbackIntent. */
  nluConfidence?: number;
  sentimentResponse?: LexSentimentResponse;
  interpretationSource?: InterpretationSource;
}

export interface LexEventDialogAction {
  type: EventDialogActionType;
  slotToElicit?: string;
  slotElicitationStyle?: SlotElicitationStyle;
  subSlotToElicit?: LexSubSlotToElicit;
}

export interface LexProposedNextState {
  dialogAction: LexEventDialogAction;
  intent: LexIntent;
  prompt?: { attempt: PromptAttempt };
}

export interface LexRuntimeHintValue {
  phrase: string;
}

export interface LexRuntimeHintDetails {
  runtimeHintValues?: LexRuntimeHintValue[];
  subSlotHints?: Record<string, LexRuntimeHintDetails>;
}

export interface LexRuntimeHints {
  /** intent name → slot name → hints. */
  slotHints?: Record<string, Record<string, LexRuntimeHintDetails>>;
}

export interface LexSessionState {
  activeContexts?: LexActiveContext[];
  /** Always present after parsing (Lex's empty map when it sent none). Values are strings. */
  sessionAttributes: Record<string, string>;
  runtimeHints?: LexRuntimeHints;
  dialogAction?: LexEventDialogAction;
  /** The current intent. */
  intent: LexIntent;
  originatingRequestId?: string;
}

/**
 * What Lex understood the input to be: for text input one transcription, the text itself with
 * confidence 1, the intent it resolved to and the slots it read from it (their values carry
 * originalValue and resolvedValues, no interpretedValue); for speech up to a few candidates.
 */
export interface LexTranscription {
  transcription: string;
  transcriptionConfidence: number;
  resolvedContext?: { intent: string };
  resolvedSlots?: LexSlots;
}

export interface LexEvent {
  messageVersion: MessageVersion;
  invocationSource: InvocationSource;
  inputMode: InputMode;
  /** Usually one of RESPONSE_CONTENT_TYPES. */
  responseContentType: string;
  sessionId: string;
  inputTranscript: string;
  /** The label of the step's code hook; only on dialog code hooks that set one. */
  invocationLabel?: string;
  bot: LexBot;
  interpretations: LexInterpretation[];
  /** Only on dialog code hooks where Lex predicts ElicitSlot. */
  proposedNextState?: LexProposedNextState;
  sessionState: LexSessionState;
  requestAttributes?: Record<string, string>;
  /** Text and speech alike (absent in older or hand-made events). */
  transcriptions?: LexTranscription[];
}

// ---------------------------------------------------------------------------------------------
// Response (Lambda → Lex)

export interface LexButton {
  text: string;
  value: string;
}

export interface LexImageResponseCard {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  buttons?: LexButton[];
}

/**
 * Lex's Message has all three fields; the content type says which one is shown. The other one is
 * allowed and kept, unused.
 */
export interface LexContentMessage {
  contentType: Exclude<MessageContentType, 'ImageResponseCard'>;
  content: string;
  imageResponseCard?: LexImageResponseCard;
}

export interface LexCardMessage {
  contentType: 'ImageResponseCard';
  imageResponseCard: LexImageResponseCard;
  content?: string;
}

export type LexMessage = LexContentMessage | LexCardMessage;

export interface LexResponseDialogAction {
  type: DialogActionType;
  /** ElicitSlot only. */
  slotToElicit?: string;
  slotElicitationStyle?: SlotElicitationStyle;
  subSlotToElicit?: LexSubSlotToElicit;
}

/** An intent as a response or a client's session state gives it: everything but its name optional. */
export interface LexResponseIntent<V = LexSlotValue> {
  name: string;
  slots?: LexSlots<V>;
  state?: IntentState;
  confirmationState?: ConfirmationState;
}

export interface LexResponseSessionState<V = LexSlotValue> {
  dialogAction: LexResponseDialogAction;
  intent?: LexResponseIntent<V>;
  sessionAttributes?: Record<string, string>;
  activeContexts?: LexActiveContext[];
  /** Part of the runtime SessionState: echoing it back is fine. */
  originatingRequestId?: string;
  runtimeHints?: LexRuntimeHints;
}

/**
 * A response as a Lambda builds it; `LexResponse<LexSessionSlotValue>` is the response as Lex
 * keeps it once read (parseLexResponse): every slot value with its interpretedValue.
 */
export interface LexResponse<V = LexSlotValue> {
  sessionState: LexResponseSessionState<V>;
  messages?: LexMessage[];
  requestAttributes?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Session state a client sends (Runtime V2 API: PutSession, RecognizeText)

/**
 * Everything optional but the intent's name: Lex fills in the rest. With the default, the state
 * as read (parseLexSessionState), its slot values complete; `LexApiSessionState<LexClientSlotValue>`
 * is what a client may send.
 */
export interface LexApiSessionState<V = LexSessionSlotValue> {
  dialogAction?: LexEventDialogAction;
  intent?: LexResponseIntent<V>;
  activeContexts?: LexActiveContext[];
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
  runtimeHints?: LexRuntimeHints;
}
