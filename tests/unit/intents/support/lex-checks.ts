import { expect } from 'vitest';
import { bot } from '../../../../bot-definition';
import { lexResponseProblems, type LexResponse } from '../../../../src/lex';

/** The bot's intents and their slot names, for the strict form of the response rules. */
export const BOT_SLOT_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  (bot.locale.intents ?? []).map((i) => [i.name, (i.slots ?? []).map((s) => s.name)]),
);

/**
 * Asserts that `response` breaks no Lex V2 response rule and returns it typed. `strict` (the
 * default) also requires intent and slot names of the bot, as Lex would for this bot; events
 * naming other intents (fuzzing) are echoed back and need the plain rules.
 */
export function expectValidLex(response: unknown, options: { strict?: boolean } = {}): LexResponse {
  const context = options.strict === false ? {} : { slotNames: BOT_SLOT_NAMES };
  expect(lexResponseProblems(response, context)).toEqual([]);
  return response as LexResponse;
}

/** Every message of a response, one after the other. */
export function textOf(response: LexResponse): string {
  return (response.messages ?? []).map((m) => ('content' in m ? m.content : '')).join('\n');
}

/** The answer a fulfillment gives to an event it cannot read (see src/intents/fulfillment.ts). */
export function isUnreadableAnswer(response: LexResponse): boolean {
  return (
    response.sessionState.dialogAction.type === 'ElicitIntent' &&
    response.sessionState.intent === undefined &&
    textOf(response).startsWith("Sorry, I couldn't read that request, so nothing was done.")
  );
}
