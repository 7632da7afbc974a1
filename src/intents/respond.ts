import { createHash } from 'node:crypto';
import {
  close,
  confirmIntent,
  delegate,
  elicitSlot,
  type LexRequest,
  type LexResponse,
  type LexSlots,
  type MessagesInput,
  type SomeMessages,
} from '../lex';
import { confirmationNonce } from './trust/confirmations';

/** The few response shapes the intents use, worded from the handler's point of view. */
export interface Extras {
  slots?: LexSlots;
  sessionAttributes?: Record<string, string | null>;
}

/** The intent is done. */
export const done = (req: LexRequest, messages: MessagesInput, extras: Extras = {}): LexResponse =>
  close(req.sessionState, { state: 'Fulfilled', messages, ...extras });

/** The intent ends without doing anything: refused, declined, or impossible. */
export const fail = (req: LexRequest, messages: MessagesInput, extras: Extras = {}): LexResponse =>
  close(req.sessionState, { state: 'Failed', messages, ...extras });

/**
 * A fulfillment that would change the fleet without the user's yes. Lex fulfils MigrateVm,
 * CreateVm and EvacuateHost only after their confirmation prompt, so this is a forged event or
 * a bot whose confirmation was switched off: nothing is done either way.
 */
export const notConfirmed = (req: LexRequest): LexResponse =>
  fail(
    req,
    "I haven't changed anything: I only do that after you say yes to the plan. Ask again to see it.",
  );

/** Ask for a slot again, saying what was wrong with the last value. */
export const askAgain = (
  req: LexRequest,
  slotToElicit: string,
  messages: MessagesInput,
  extras: Extras = {},
): LexResponse => elicitSlot(req.sessionState, { slotToElicit, messages, ...extras });

/** Ask yes or no. */
export const confirm = (
  req: LexRequest,
  messages: SomeMessages,
  extras: Extras = {},
): LexResponse => confirmIntent(req.sessionState, { messages, ...extras });

/** Let Lex go on as the bot definition says (prompts for missing slots, fulfillment...). */
export const carryOn = (req: LexRequest, extras: Extras = {}): LexResponse =>
  delegate(req.sessionState, extras);

/**
 * The key under which a fulfillment's write is recorded, so that Lex invoking the same
 * fulfillment twice writes once: the intent, the session, the request that started the intent,
 * the confirmation the yes answered (its nonce: a yes replayed later finds this write instead of
 * making another) and what is asked (normalised names), hashed to a fixed length. What is asked
 * is part of the key so that a different request in the same session can never be answered with
 * this one's result, whatever Lex's originatingRequestId spans. Undefined with neither an
 * originating request id nor a confirmation; then the store's own conditions (a VM has one
 * migration in flight at most, names are unique) keep a repeat harmless.
 */
export function idempotencyKey(
  req: LexRequest,
  ...asked: (string | undefined)[]
): string | undefined {
  const origin = req.sessionState.originatingRequestId;
  const nonce = confirmationNonce(req);
  if (!origin && !nonce) return undefined;
  const parts = [
    req.intent.name,
    req.event.sessionId,
    origin ?? '',
    nonce ?? '',
    ...asked.map((a) => a ?? ''),
  ];
  return `${req.intent.name}#${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}
