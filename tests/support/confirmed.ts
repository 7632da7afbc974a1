import { vouchedFor } from '../../src/intents/trust/confirmations';
import { processSessionKey } from '../../src/intents/trust/session-key';
import type { LexEvent } from '../../src/lex';

/**
 * The event as the bot would get it after asking, in this session, to confirm exactly its
 * request, and hearing yes: for tests of a fulfillment on its own (a handler created without a
 * session key signs with this process's key). Events of intents that change nothing are as given.
 */
export const confirmedByBot = <E extends LexEvent>(event: E, now = Date.now()): E =>
  vouchedFor(event, processSessionKey(), now);
