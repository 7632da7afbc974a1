import type { LexRequest, LexResponse } from '../../lex';
import type { IntentContext } from '../context';
import { intentNamed } from '../tasks';
import { execute } from './execute';
import { readMemory } from './memory';
import { remember, type Offers } from './remember';
import { understand } from './understand';

/**
 * The conversation around the intents: what makes the bot follow people who cancel, correct,
 * digress, hedge, ask questions and come back. For every event of the one Lambda:
 *
 * 1. its memory is read (one sealed session attribute: what is open, set aside, refused,
 *    suggested, and what was last talked about);
 * 2. understand: the input and the memory become one command (understand.ts, pure);
 * 3. execute: the command runs the handlers of the registry's tasks it needs (execute.ts);
 * 4. remember: what is open now is read from the answer, and written down with it (remember.ts).
 *
 * Undefined for an intent the bot does not have.
 */
export async function converse(
  base: Pick<IntentContext, 'store' | 'now'>,
  req: LexRequest,
): Promise<LexResponse | undefined> {
  if (!intentNamed(req.intent.name)) return undefined;
  // Misses count only in a row: any turn starts without them (notUnderstood adds one).
  const { misses = 0, said, ...memory } = readMemory(req.attribute);
  const offers: Offers = {};
  const ctx: IntentContext = {
    ...base,
    ...(memory.lastVm ? { lastVm: memory.lastVm } : {}),
    notes: {
      suggest: (request) => (offers.suggestion = request),
      offer: (slot, values) => (offers.options = { slot, values: [...values] }),
    },
  };
  const turn = { req, memory, ctx, misses, ...(said ? { said } : {}) };
  const step = await execute(understand(req, memory), turn);
  return step && remember(turn, step, offers);
}
