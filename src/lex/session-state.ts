import { parseWith, type Parsed } from './parse';
import { messagesSchema, sessionSchema } from './schema';
import type { LexApiSessionState, LexMessage } from './types';

/**
 * The session state a client sends the Lex Runtime V2 API (PutSession, RecognizeText), checked
 * with the contract's pieces that the Lambda applies to its events (schema.ts): a state this
 * accepts becomes an event sessionState the Lambda can read. Slots need their shape and an
 * interpretedValue (an originalValue left out is taken to be it), active contexts Lex's names
 * and limits, session attributes the 12 KB (after base64) the Lambda can send back; ElicitSlot
 * names its slot. The size of the whole state is the runtime's to bound, with the request
 * attributes that travel in the same event (src/runtime/dialog/limits.ts). Returns a fresh,
 * safe copy (see parse.ts); problems are named from `sessionState`. Never throws.
 */
export function parseLexSessionState(raw: unknown): Parsed<LexApiSessionState> {
  return parseWith(sessionSchema(), raw, { subject: 'sessionState', base: ['sessionState'] });
}

/**
 * PutSession's `messages`, shaped as the messages of a Lambda response (content type, content
 * or card, the card's fields); their number and length are the runtime's to bound. A fresh,
 * safe copy; problems are named from `messages`. Never throws.
 */
export function parseLexMessages(raw: unknown): Parsed<LexMessage[]> {
  const parsed = parseWith(messagesSchema(), { messages: raw }, { subject: 'messages' });
  return parsed.ok ? { ok: true, value: parsed.value.messages } : parsed;
}
