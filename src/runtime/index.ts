/** The local Lex V2 runtime: NLU, dialog manager, Lex Runtime V2 HTTP API, chat REPL. */
export type { BotDefinition } from './bot/definition';
export { BotDefinitionError, compileBotModel } from './bot/model';
export type { BotModel, IntentModel, SlotModel } from './bot/model';
export { compileNlu } from './nlu/recognizer';
export type { Nlu, NluInterpretation, RecognizeOptions, SlotCapture } from './nlu/recognizer';
export { classifyConfirmation } from './nlu/confirmation';
export { parseNumber } from './nlu/numbers';
export type * from './api/types';
