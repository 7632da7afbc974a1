/**
 * Shapes of the Lex Runtime V2 API (RecognizeText, PutSession, GetSession, DeleteSession) as the
 * runtime produces and accepts them. Structurally compatible with @aws-sdk/client-lex-runtime-v2.
 */

export interface SlotValue {
  originalValue?: string;
  interpretedValue: string;
  resolvedValues?: string[];
}

export interface SlotState {
  shape?: 'Scalar' | 'List' | 'Composite';
  value?: SlotValue;
  values?: SlotState[];
  subSlots?: Record<string, SlotState | null>;
}

export type Slots = Record<string, SlotState | null>;

export type IntentStateName =
  | 'Failed'
  | 'Fulfilled'
  | 'FulfillmentInProgress'
  | 'InProgress'
  | 'ReadyForFulfillment'
  | 'Waiting';

export type ConfirmationState = 'Confirmed' | 'Denied' | 'None';

export interface IntentState {
  name: string;
  slots?: Slots;
  state?: IntentStateName;
  confirmationState?: ConfirmationState;
}

export type DialogActionType =
  'Close' | 'ConfirmIntent' | 'Delegate' | 'ElicitIntent' | 'ElicitSlot' | 'None';

export interface ElicitSubSlot {
  name: string;
  subSlotToElicit?: ElicitSubSlot;
}

export interface DialogAction {
  type: DialogActionType;
  slotToElicit?: string;
  slotElicitationStyle?: 'Default' | 'SpellByLetter' | 'SpellByWord';
  subSlotToElicit?: ElicitSubSlot;
}

export interface ActiveContext {
  name: string;
  timeToLive: { timeToLiveInSeconds: number; turnsToLive: number };
  contextAttributes: Record<string, string>;
}

export interface SessionState {
  dialogAction?: DialogAction;
  intent?: IntentState;
  activeContexts?: ActiveContext[];
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
  runtimeHints?: unknown;
}

export interface Button {
  text: string;
  value: string;
}

export interface ImageResponseCard {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  buttons?: Button[];
}

export interface Message {
  contentType: 'CustomPayload' | 'ImageResponseCard' | 'PlainText' | 'SSML';
  content?: string;
  imageResponseCard?: ImageResponseCard;
}

export interface Interpretation {
  nluConfidence?: { score: number };
  intent: IntentState;
  interpretationSource?: 'Lex' | 'Bedrock';
}

export interface RecognizeTextInput {
  text: string;
  sessionState?: SessionState;
  requestAttributes?: Record<string, string>;
}

export interface RecognizeTextOutput {
  messages?: Message[];
  sessionState: SessionState;
  interpretations: Interpretation[];
  requestAttributes?: Record<string, string>;
  sessionId: string;
}

export interface PutSessionInput {
  sessionState: SessionState;
  messages?: Message[];
  requestAttributes?: Record<string, string>;
  responseContentType?: string;
}

export interface PutSessionOutput {
  contentType: string;
  messages?: Message[];
  sessionState: SessionState;
  requestAttributes?: Record<string, string>;
  sessionId: string;
}

export interface GetSessionOutput {
  sessionId: string;
  messages?: Message[];
  interpretations?: Interpretation[];
  sessionState: SessionState;
}

export interface DeleteSessionOutput {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}

/** Identifies a session as Lex does: bot, alias, locale and the client's session id. */
export interface SessionKey {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}
