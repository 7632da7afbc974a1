export * from './types';
export { parseLexEvent, type ParseEventResult } from './parse-event';
export { lexResponseProblems, parseLexResponse, type ResponseRuleContext } from './response-rules';
export { parseLexMessages, parseLexSessionState } from './session-state';
export type { Parsed } from './parse';
export {
  plainText,
  splitText,
  toLexMessages,
  TRUNCATION_MARK,
  type MessageInput,
  type MessagesInput,
  type SomeMessages,
} from './messages';
export {
  close,
  confirmIntent,
  delegate,
  elicitIntent,
  elicitSlot,
  LexResponseError,
  mergeAttributes,
  type CloseOptions,
  type CommonOptions,
  type ConfirmIntentOptions,
  type DelegateOptions,
  type ElicitIntentOptions,
  type ElicitSlotOptions,
  type IntentOptions,
  type SessionInput,
} from './responses';
export {
  clearSlot,
  getSlot,
  interpretedValue,
  originalValue,
  scalarSlot,
  setSlot,
  slotValue,
} from './slots';
export { toLexRequest, type LexRequest } from './request';
export {
  createRouter,
  findRoute,
  type IntentRoutes,
  type LabelRoutes,
  type LexHandler,
  type NoRoute,
  type RouteMatch,
  type RouteOutcome,
  type RouteTable,
  type SourceRoute,
  type UnknownIntent,
} from './router';
