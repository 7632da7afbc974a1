import { go, startIntent } from './next';
import type { Next, RetryTarget, StepResult } from './next';
import { hookApplies, onward } from './paths';
import type { Turn } from './turn-state';

/**
 * A prompt (slot or confirmation) answered with nothing it can use. Lex asks again, with the
 * next variation, and calls the Lambda first when the step's elicitation code hook applies; after
 * the last retry it takes the step's failure path, or starts the FallbackIntent.
 */

/** Retries of a confirmation prompt that the Lambda asked for (no prompt in the definition). */
const DEFAULT_CONFIRMATION_RETRIES = 2;

function settingsOf(t: Turn, target: RetryTarget) {
  const model = t.currentModel();
  if ('slot' in target) {
    const spec = model.slotByName.get(target.slot)?.def.valueElicitationSetting;
    return {
      maxRetries: spec?.promptSpecification?.maxRetries ?? 0,
      failure: spec?.slotCaptureSetting,
      hook: spec?.slotCaptureSetting?.elicitationCodeHook,
    };
  }
  const setting = model.def.intentConfirmationSetting;
  return {
    maxRetries: setting?.promptSpecification?.maxRetries ?? DEFAULT_CONFIRMATION_RETRIES,
    failure: setting,
    hook: setting?.elicitationCodeHook,
  };
}

export function retry(t: Turn, target: RetryTarget): StepResult {
  const { maxRetries, failure, hook } = settingsOf(t, target);
  const attempt = t.session.attempt + 1;
  if (attempt > maxRetries) {
    const fallback = startIntent(t.model.fallback.name, {}, false);
    const { failureResponse, failureNextStep, failureConditional } = failure ?? {};
    if (!failureResponse && !failureNextStep && !failureConditional) return go(fallback);
    const way = { next: failureNextStep, conditional: failureConditional };
    return go(onward(way, {}, fallback), t.messages(failureResponse));
  }
  const reprompt: Next =
    'slot' in target
      ? { kind: 'elicit-slot', slot: target.slot, attempt, quiet: false }
      : { kind: 'confirm', attempt, quiet: false };
  const next: Next = hookApplies(t, hook)
    ? {
        kind: 'invoke-hook',
        setting: undefined,
        label: hook?.invocationLabel,
        stage: {},
        then: reprompt,
      }
    : reprompt;
  const retry = 'slot' in target ? { retry: { slot: target.slot, attempt } } : {};
  return { next, retrying: true, ...retry };
}
