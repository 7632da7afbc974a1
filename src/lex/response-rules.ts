import { parseWith, type Parsed } from './parse';
import { describeValue, formatPath } from './problem-text';
import { responseSchema } from './schema';
import { LEX_LIMITS, type LexResponse, type LexSessionSlotValue } from './types';

/**
 * The Lex V2 Lambda response format, checked with the contract's response schema (schema.ts):
 * fields, enums and limits of the developer guide and the Runtime V2 service model, the 50 KB
 * output quota, and what each dialog action requires. One rule is ours and stricter than Lex:
 * fields that are not part of the format are reported (they are typos, and Lex would ignore
 * them).
 *
 * Each problem is one sentence naming the field or the rule it broke:
 * `messages[1].content must be at most 1024 characters, got 1100`,
 * `dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit`. Never throws.
 */
export interface ResponseRuleContext {
  /**
   * The bot's intents with their slot names. When given, intent names must be intents of the
   * bot, slot keys slots of that intent, and slotToElicit a slot of that intent.
   */
  slotNames?: Readonly<Record<string, readonly string[]>>;
}

export function lexResponseProblems(
  response: unknown,
  context: ResponseRuleContext = {},
): string[] {
  const parsed = parseLexResponse(response, context);
  return parsed.ok ? [] : parsed.problems;
}

/**
 * The response as Lex keeps it (a fresh copy: a slot without shape is Scalar, a value without
 * originalValue was said as interpreted, resolvedValues default to none), or its problems.
 */
export function parseLexResponse(
  response: unknown,
  context: ResponseRuleContext = {},
): Parsed<LexResponse<LexSessionSlotValue>> {
  const parsed = parseWith(responseSchema(), response, {
    subject: 'the response',
    quota: { bytes: LEX_LIMITS.responseBytes, name: 'Lex V2 Lambda output quota' },
  });
  if (!parsed.ok || !context.slotNames) return parsed;
  const problems = botProblems(parsed.value, context.slotNames);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

/** The rules that depend on the bot: its intents and their slots. */
function botProblems(
  response: LexResponse,
  slotNames: Readonly<Record<string, readonly string[]>>,
): string[] {
  const problems: string[] = [];
  const { intent, dialogAction } = response.sessionState;
  if (!intent) return problems;
  const known = Object.prototype.hasOwnProperty.call(slotNames, intent.name)
    ? slotNames[intent.name]
    : undefined;
  if (!known) {
    problems.push(
      `sessionState.intent.name must be an intent of the bot (${Object.keys(slotNames).join(', ')}), got ${describeValue(intent.name)}`,
    );
    return problems;
  }
  const listed = `${known.join(', ') || 'none'}`;
  for (const name of Object.keys(intent.slots ?? {})) {
    if (!known.includes(name)) {
      problems.push(
        `${formatPath(['sessionState', 'intent', 'slots', name])} is not a slot of intent ${intent.name} (${listed})`,
      );
    }
  }
  const slot = dialogAction.slotToElicit;
  if (dialogAction.type === 'ElicitSlot' && slot !== undefined && !known.includes(slot)) {
    problems.push(
      `sessionState.dialogAction.slotToElicit must name a slot of intent ${intent.name} (${listed}), got ${describeValue(slot)}`,
    );
  }
  return problems;
}
