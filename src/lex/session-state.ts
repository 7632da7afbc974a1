import { parseWith, type Parsed } from './parse';
import { sessionSchema } from './schema';
import { LEX_LIMITS, type LexApiSessionState } from './types';

/**
 * The session state a client sends the Lex Runtime V2 API (PutSession, RecognizeText), checked
 * with the contract's pieces that the Lambda applies to its events (schema.ts): a state this
 * accepts becomes an event sessionState the Lambda can read. Slots need their shape and an
 * interpretedValue (an originalValue left out is taken to be it), active contexts Lex's names
 * and limits, session attributes the 12 KB (after base64) the Lambda can send back, the whole
 * state within the Lambda's 12 KB input quota; ElicitSlot names its slot. Returns a fresh, safe copy (see parse.ts); problems are named from
 * `sessionState`. Never throws.
 */
export function parseLexSessionState(raw: unknown): Parsed<LexApiSessionState> {
  return parseWith(sessionSchema(), raw, {
    subject: 'sessionState',
    base: ['sessionState'],
    // Every event carries the session state: one larger than the event quota never reaches it.
    quota: { bytes: LEX_LIMITS.eventBytes, name: 'Lex V2 Lambda input quota' },
  });
}
