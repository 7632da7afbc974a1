import type { LexRuntime } from '../runtime';
import type { BotInfo } from './api-types';

/** Lex's built-in yes-or-no slot type. */
const YES_NO_TYPE = 'AMAZON.Confirmation';

/**
 * What the page needs to know of the bot the runtime serves: where it is on the Lex Runtime V2
 * API, and which slots take a yes or a no (so that it offers Yes and No when one is elicited, as
 * it does for a confirmation). Read from the bot's definition, as the Lex console's test window
 * knows the bot it tests: a Lex response names the slot it asks for, never its type.
 */
export function botInfo(runtime: LexRuntime): BotInfo {
  const yesNoSlots: Record<string, string[]> = {};
  for (const intent of runtime.model.intents) {
    const slots = intent.slots.filter((s) => s.slotTypeName === YES_NO_TYPE).map((s) => s.name);
    if (slots.length > 0) yesNoSlots[intent.name] = slots;
  }
  return {
    botId: runtime.botId,
    botAliasId: runtime.botAliasId,
    localeId: runtime.localeId,
    botName: runtime.model.name,
    yesNoSlots,
  };
}
