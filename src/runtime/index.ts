/** The local Lex V2 runtime: NLU, dialog manager, Lex Runtime V2 HTTP API, chat REPL. */
export type { BotDefinition } from './bot/definition';
export { BotDefinitionError, compileBotModel } from './bot/model';
export type { BotModel, IntentModel, SlotModel } from './bot/model';
export { compileNlu } from './nlu/recognizer';
export type { Nlu, NluInterpretation, RecognizeOptions, SlotCapture } from './nlu/recognizer';
export { classifyConfirmation } from './nlu/confirmation';
export { parseNumber } from './nlu/numbers';
export {
  createLexRuntime,
  DEFAULT_BOT_ALIAS_ID,
  DEFAULT_BOT_ALIAS_NAME,
  DEFAULT_BOT_ID,
  DEFAULT_LAMBDA_TIMEOUT_MS,
} from './dialog/runtime';
export type { LexRuntime, LexRuntimeOptions, SessionRef } from './dialog/runtime';
export {
  BEHAVIOUR_ENV,
  DEFAULT_BEHAVIOUR,
  EVERY_BEHAVIOUR,
  dialogBehaviour,
} from './dialog/behaviour';
export type {
  ConfirmationSwitching,
  DialogBehaviour,
  InterpretationOrder,
} from './dialog/behaviour';
export { INTENT_SWITCH_ATTRIBUTE } from './dialog/turn-state';
export { MAX_LAMBDA_CALLS } from './dialog/dialog';
export type { InvocationContext, LambdaFunction } from './dialog/lambda';
export { LexRuntimeError, LEX_ERROR_STATUS } from './dialog/errors';
export type { LexErrorType } from './dialog/errors';
export { evaluateCondition, parseCondition, ConditionSyntaxError } from './dialog/conditions';
export type { ConditionContext } from './dialog/conditions';
export type * from './api/types';
export { startLexServer, DEFAULT_PORT, SERVER_LIMITS } from './server/server';
export type {
  AnyRequest,
  AnyResponse,
  LexServer,
  LexServerOptions,
  OtherRequestHandler,
  ServerLimits,
} from './server/server';
export { RUNTIME_LIMITS } from './dialog/limits';
export { decodeHeaderJson, encodeHeaderJson } from './server/codec';
export { runChat } from './chat/chat';
export type { ChatOptions, ChatResult, ProgressSource } from './chat/chat';
export { formatReport, runConversations } from './conversations/runner';
export type {
  ConversationReport,
  ConversationResult,
  Mismatch,
  Observed,
  RunConversationsOptions,
  StepResult,
} from './conversations/runner';
export { ConversationFileError, loadConversations } from './conversations/load';
export type { LoadedConversation } from './conversations/load';
export { conversationFileSchema, conversationSchema, GROUPS } from './conversations/schema';
export type { Conversation, ConversationGroup, ConversationStep } from './conversations/schema';
