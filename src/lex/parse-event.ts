import { parseWith } from './parse';
import { eventSchema } from './schema';
import { LEX_LIMITS, type LexEvent } from './types';

/**
 * Validation of the event Lex V2 sends to the Lambda, with the contract's event schema (see
 * schema.ts and parse.ts): never throws; returns a fresh plain-data copy holding exactly the
 * fields of `LexEvent` (unknown ones dropped, `null` meaning absent, Lex's defaults filled in),
 * with null-prototype maps and no `__proto__`, `constructor` or `prototype` keys. Events over
 * the 12 KB Lambda input quota are refused: Lex never sends them.
 */
export type ParseEventResult = { ok: true; event: LexEvent } | { ok: false; problems: string[] };

export function parseLexEvent(raw: unknown): ParseEventResult {
  const parsed = parseWith(eventSchema(), raw, {
    subject: 'event',
    quota: { bytes: LEX_LIMITS.eventBytes, name: 'Lex V2 Lambda input quota' },
  });
  return parsed.ok ? { ok: true, event: parsed.value } : parsed;
}
