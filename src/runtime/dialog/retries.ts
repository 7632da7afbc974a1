import type {
  ConditionalSpecification,
  DialogState,
  ResponseSpecification,
} from '../bot/definition';
import { dialogHook, hookApplies } from './code-hooks';
import { startIntent } from './flow';
import { proceed } from './next-steps';
import type { IntentModel } from '../bot/model';
import type { Turn } from './turn-state';

/**
 * A prompt (slot or confirmation) answered with nothing it can use. Lex asks again, with the
 * next variation, and calls the Lambda first when the step's elicitation code hook applies; after
 * the last retry it takes the step's failure path, or starts the FallbackIntent.
 */
export interface RetrySettings {
  readonly model: IntentModel;
  readonly maxRetries: number;
  readonly failureResponse?: ResponseSpecification;
  readonly failureNextStep?: DialogState;
  readonly failureConditional?: ConditionalSpecification;
  readonly elicitationCodeHook?: { enableCodeHookInvocation?: boolean; invocationLabel?: string };
  /** Asks again, as the given attempt (1 = Retry1). */
  readonly reprompt: (attempt: number) => void;
}

export async function retryOrGiveUp(t: Turn, settings: RetrySettings): Promise<void> {
  const attempt = t.session.attempt + 1;
  if (attempt > settings.maxRetries) {
    t.session.attempt = 0;
    const { failureResponse, failureNextStep, failureConditional } = settings;
    if (!failureResponse && !failureNextStep && !failureConditional) return startFallback(t);
    t.say(failureResponse);
    const onward = { next: failureNextStep, conditional: failureConditional };
    return proceed(t, onward, {}, () => startFallback(t));
  }
  const reprompt = async () => settings.reprompt(attempt);
  const hook = settings.elicitationCodeHook;
  if (!hookApplies(t, hook, settings.model)) return reprompt();
  return dialogHook(t, undefined, {}, reprompt, hook?.invocationLabel);
}

function startFallback(t: Turn): Promise<void> {
  return startIntent(t, t.model.fallback.name, {}, false);
}
