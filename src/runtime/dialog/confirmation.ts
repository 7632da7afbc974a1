import type { IntentModel } from '../bot/model';
import { classifyConfirmation } from '../nlu/confirmation';
import { hookApplies, stepHook } from './code-hooks';
import { continueDefault, startIntent } from './flow';
import { promptMessages } from './messages';
import { proceed } from './next-steps';
import { retryOrGiveUp } from './retries';
import { isFilled } from './turn-state';
import type { Stage, Turn } from './turn-state';

/** Confirmation: asking yes or no, and reading the answer. */

/** Retries of a confirmation prompt that the Lambda asked for (no prompt in the definition). */
const DEFAULT_MAX_RETRIES = 2;

export function askConfirmation(
  t: Turn,
  options: { attempt?: number; suppress?: boolean; given?: boolean },
): void {
  const intent = t.current();
  const attempt = options.attempt ?? 0;
  intent.state = 'InProgress';
  intent.confirmationState = 'None';
  t.session.attempt = attempt;
  t.session.dialogAction = { type: 'ConfirmIntent' };
  if (options.given || options.suppress) return;
  const spec = t.currentModel().def.intentConfirmationSetting?.promptSpecification;
  t.messages.push(...promptMessages(spec, attempt, t.references(), t.deps.random));
}

/**
 * The user's answer to a confirmation prompt. Yes and no set the confirmation state and take
 * their paths. Anything else is a retry: when the confirmation's elicitation code hook applies,
 * the Lambda sees the input first (a correction, a question, a change of mind are its to read);
 * without a hook, another intent that clearly fits takes over and the same intent said with new
 * values is taken as a correction.
 */
export async function confirmationAnswer(t: Turn, model: IntentModel): Promise<void> {
  const intent = t.current();
  const setting = model.def.intentConfirmationSetting;
  const answer = classifyConfirmation(t.input.text);
  if (!answer) {
    if (!hookApplies(t, setting?.elicitationCodeHook, model)) {
      const top = t.topIntent();
      if (top && top.intent !== model.name) return startIntent(t, top.intent, top.slots, false);
      const given = top ? Object.entries(top.slots).filter(([, v]) => isFilled(v)) : [];
      if (given.length > 0) {
        for (const [name, value] of given) (intent.slots ??= {})[name] = value;
        t.consumed = true;
        t.session.attempt = 0;
        return continueDefault(t);
      }
    }
    return retryOrGiveUp(t, {
      model,
      maxRetries: setting?.promptSpecification?.maxRetries ?? DEFAULT_MAX_RETRIES,
      failureResponse: setting?.failureResponse,
      failureNextStep: setting?.failureNextStep,
      failureConditional: setting?.failureConditional,
      elicitationCodeHook: setting?.elicitationCodeHook,
      reprompt: (attempt) => askConfirmation(t, { attempt }),
    });
  }

  t.consumed = true;
  t.session.attempt = 0;
  intent.confirmationState = answer === 'yes' ? 'Confirmed' : 'Denied';
  if (answer === 'no') return declined(t, model, { answered: true });
  t.say(setting?.confirmationResponse);
  const stage: Stage = {
    codeHook: setting?.codeHook,
    conditional: setting?.confirmationConditional,
  };
  const onward = {
    next: setting?.confirmationNextStep,
    conditional: setting?.confirmationConditional,
  };
  return stepHook(t, setting?.codeHook, stage, () =>
    proceed(t, onward, stage, () => continueDefault(t)),
  );
}

/**
 * A no: the declination response and next step; by default the intent ends Failed. When the no
 * is this turn's answer, the step's code hook runs as for a yes; a denial found later (a Lambda
 * that delegated a denied intent) goes straight to the path.
 */
export async function declined(
  t: Turn,
  model: IntentModel,
  { answered = false }: { answered?: boolean } = {},
): Promise<void> {
  const setting = model.def.intentConfirmationSetting;
  t.say(setting?.declinationResponse);
  const stage: Stage = {
    codeHook: setting?.codeHook,
    conditional: setting?.declinationConditional,
  };
  const onward = {
    next: setting?.declinationNextStep,
    conditional: setting?.declinationConditional,
  };
  const then = () => proceed(t, onward, stage, async () => t.endIntent('Failed'));
  return answered ? stepHook(t, setting?.codeHook, stage, then) : then();
}
