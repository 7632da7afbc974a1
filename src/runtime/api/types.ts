import type {
  ConfirmationState,
  EventDialogActionType,
  IntentState as LexIntentStateName,
  InterpretationSource,
  LexActiveContext,
  LexApiSessionState,
  LexButton,
  LexClientSlotValue,
  LexEventDialogAction,
  LexImageResponseCard,
  LexMessage,
  LexResponseIntent,
  LexSessionSlotValue,
  LexSlot,
  LexSlots,
  LexSubSlotToElicit,
} from '../../lex/types';

/**
 * Shapes of the Lex Runtime V2 API (RecognizeText, PutSession, GetSession, DeleteSession) as the
 * runtime produces and accepts them, made of the Lex contract's types (src/lex/types.ts, which
 * the Lambda's schemas are checked against) under the API's names. Structurally compatible with
 * @aws-sdk/client-lex-runtime-v2.
 *
 * A session's slot values always carry interpretedValue, originalValue and resolvedValues: the
 * runtime fills them in when it reads a client's session state (SessionStateInput) or a Lambda's
 * response, as Lex does, so what it keeps can be sent to the Lambda as it is.
 */

export type SlotValue = LexSessionSlotValue;
export type SlotState = LexSlot<SlotValue>;
export type Slots = LexSlots<SlotValue>;
export type IntentStateName = LexIntentStateName;
export type { ConfirmationState };
export type IntentState = LexResponseIntent<SlotValue>;
export type DialogActionType = EventDialogActionType;
export type ElicitSubSlot = LexSubSlotToElicit;
export type DialogAction = LexEventDialogAction;
export type ActiveContext = LexActiveContext;
export type SessionState = LexApiSessionState;
/** What a client may send: slot values need only their interpretedValue. */
export type SessionStateInput = LexApiSessionState<LexClientSlotValue>;
export type Button = LexButton;
export type ImageResponseCard = LexImageResponseCard;
export type Message = LexMessage;

/** The API's: confidence as `{ score }` (a Lambda event has the bare number). */
export interface Interpretation {
  nluConfidence?: { score: number };
  intent: IntentState;
  interpretationSource?: InterpretationSource;
}

export interface RecognizeTextInput {
  text: string;
  sessionState?: SessionStateInput;
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
  sessionState: SessionStateInput;
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
