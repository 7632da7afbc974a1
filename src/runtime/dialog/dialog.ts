import type { Message } from '../api/types';
import { dialogHook } from './code-hooks';
import { askConfirmation, confirmationAnswer, declined } from './confirmation';
import { elicitSlot, slotAnswer, slotCaptured } from './elicitation';
import { dependencyFailed, internalError } from './errors';
import { defaultOrder, intentStarted, newRequest } from './flow';
import { closing, fulfil, fulfilled, fulfilmentFailed } from './fulfillment';
import { conditional, nextStep } from './next-steps';
import type { Next, StepResult } from './next';
import { retry } from './retries';
import type { Turn } from './turn-state';

/**
 * The dialog loop: takes a turn from its first step to where the bot waits for the user (or the
 * conversation ends), one step at a time. Each step returns what it says and what comes next;
 * the loop collects the messages and records what the steps report, and sets the dialog action
 * the session waits with. It is the only place that knows every step.
 */

/** Next steps that chain into each other more than this in one turn are a loop of the bot. */
const MAX_NEXT_STEPS = 50;
/**
 * A turn whose Lambda answers keep it going past this many calls is the Lambda's loop (a chain
 * it restarts on every answer): the turn fails as for an unusable answer. A vmbot turn makes at
 * most five (a confirmation, fulfillment, a chained intent's hooks and fulfillment).
 */
export const MAX_LAMBDA_CALLS = 12;

/** What the turn produced besides the session it changed. */
export interface TurnOutput {
  readonly messages: Message[];
  requestAttributes: Record<string, string> | undefined;
  lambdaCalls: number;
}

export function newOutput(): TurnOutput {
  return { messages: [], requestAttributes: undefined, lambdaCalls: 0 };
}

export async function runDialog(t: Turn, first: Next, output: TurnOutput): Promise<void> {
  let next = first;
  let nextSteps = 0;
  for (;;) {
    if (next.kind === 'wait') {
      t.session.dialogAction = next.action;
      t.session.attempt = next.attempt;
      return;
    }
    if (next.kind === 'close') {
      if (next.state) t.current().state = next.state;
      t.session.dialogAction = { type: 'Close' };
      t.session.attempt = 0;
      return;
    }
    if (next.kind === 'next-step' && ++nextSteps > MAX_NEXT_STEPS) {
      throw internalError(
        `The bot's conversation flow loops: over ${MAX_NEXT_STEPS} steps in one turn`,
      );
    }
    const result = await step(t, next);
    output.messages.push(...(result.say ?? []));
    if (result.consumed) t.consumed = true;
    if (result.retrying) t.retrying = true;
    if (result.retry !== undefined) t.retry = result.retry ?? undefined;
    if (result.requestAttributes) output.requestAttributes = result.requestAttributes;
    if (result.lambdaCall && ++output.lambdaCalls > MAX_LAMBDA_CALLS) {
      throw dependencyFailed(
        `Invalid Lambda Response: the Lambda's answers kept the turn going for over ${MAX_LAMBDA_CALLS} calls`,
      );
    }
    next = result.next;
  }
}

/** One step, by what comes next. */
function step(
  t: Turn,
  next: Exclude<Next, { kind: 'wait' | 'close' }>,
): StepResult | Promise<StepResult> {
  switch (next.kind) {
    case 'new-request':
      return newRequest(t);
    case 'slot-answer': {
      const model = t.currentModel();
      const slot = model.slotByName.get(next.slot);
      if (!slot) throw internalError(`No slot ${next.slot} in ${model.name}`);
      return slotAnswer(t, model, slot, t.switchingAllowed());
    }
    case 'confirmation-answer':
      return confirmationAnswer(t, t.currentModel(), t.switchingAllowed(), t.deps.behaviour);
    case 'start-intent':
      return intentStarted(t, next);
    case 'default-order':
      return defaultOrder(t);
    case 'elicit-slot':
      return elicitSlot(t, next);
    case 'confirm':
      return askConfirmation(t, next);
    case 'slot-captured':
      return slotCaptured(t, next.slot);
    case 'retry':
      return retry(t, next.target);
    case 'declined':
      return declined(t, next.answered);
    case 'fulfil':
      return fulfil(t);
    case 'fulfilled':
      return fulfilled(t);
    case 'fulfilment-failed':
      return fulfilmentFailed(t);
    case 'closing':
      return closing(t);
    case 'next-step':
      return nextStep(t, next);
    case 'conditional':
      return conditional(t, next);
    case 'invoke-hook':
      return dialogHook(t, next);
  }
}
