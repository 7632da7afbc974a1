import type { IntentModel } from '../bot/model';
import { classifyConfirmation } from '../nlu/confirmation';
import { promptMessages } from './messages';
import { DEFAULT_ORDER, END_FAILED, go, startIntent } from './next';
import type { Next, Stage, StepResult } from './next';
import type { DialogBehaviour } from './behaviour';
import { hookApplies, onward, stepDone, stepHook } from './paths';
import { isFilled } from './turn-state';
import type { Turn } from './turn-state';

/** Confirmation: asking yes or no, and reading the answer. */

/** Asks the confirmation prompt (at this attempt, unless quiet) and waits for yes or no. */
export function askConfirmation(t: Turn, next: Extract<Next, { kind: 'confirm' }>): StepResult {
  const intent = t.current();
  intent.state = 'InProgress';
  intent.confirmationState = 'None';
  const wait: Next = { kind: 'wait', action: { type: 'ConfirmIntent' }, attempt: next.attempt };
  if (next.quiet) return go(wait);
  const spec = t.currentModel().def.intentConfirmationSetting?.promptSpecification;
  return go(wait, promptMessages(spec, next.attempt, t.references(), t.deps.random));
}

/** Built-in intents whose phrasings ("cancel", "stop") are also a no: as an intent they win. */
const LEAVING = new Set(['AMAZON.CancelIntent', 'AMAZON.StopIntent']);

/**
 * The user's answer to a confirmation prompt. An utterance that matches another intent switches
 * to it, as Lex does by default while it confirms (not when the request disables switching);
 * "cancel" and "stop" are such utterances when the bot has AMAZON.CancelIntent or StopIntent,
 * although they also read as a no. (With the `hook-first` behaviour, the elicitation code hook
 * sees another intent's utterance first, and cancel and stop are a no.) Yes and no set the confirmation state and take their paths.
 * Anything else is a retry: when the confirmation's elicitation code hook applies, the Lambda
 * sees the input first (a correction, a question are its to read); without a hook, the same
 * intent said with new values is taken as a correction.
 */
export function confirmationAnswer(
  t: Turn,
  model: IntentModel,
  switching: boolean,
  behaviour: DialogBehaviour,
): StepResult {
  const intent = t.current();
  const setting = model.def.intentConfirmationSetting;
  const answer = classifyConfirmation(t.input.text);
  const top = t.topIntent();
  const other = top && top.intent !== model.name ? top : undefined;
  const hook = hookApplies(t, setting?.elicitationCodeHook, model);
  const leaving = !!other && LEAVING.has(t.model.intent(other.intent)?.signature ?? '');
  // hook-first: the runtime's earlier reading, where the hook saw it first and cancel was a no.
  const switches =
    behaviour.confirmationSwitching === 'lex' ? !answer || leaving : !answer && !hook;
  if (switching && other && switches) return go(startIntent(other.intent, other.slots, false));
  if (!answer) {
    if (!hook) {
      const given = top ? Object.entries(top.slots).filter(([, v]) => isFilled(v)) : [];
      if (!other && given.length > 0) {
        for (const [name, value] of given) (intent.slots ??= {})[name] = value;
        return { next: DEFAULT_ORDER, consumed: true };
      }
    }
    return go({ kind: 'retry', target: { confirmation: true } });
  }
  intent.confirmationState = answer === 'yes' ? 'Confirmed' : 'Denied';
  if (answer === 'no') return { next: { kind: 'declined', answered: true }, consumed: true };
  const way = {
    next: setting?.confirmationNextStep,
    conditional: setting?.confirmationConditional,
  };
  const done = stepDone(t, setting?.confirmationResponse, setting?.codeHook, way, DEFAULT_ORDER);
  return { ...done, consumed: true };
}

/**
 * A no: the declination response and next step; by default the intent ends Failed. When the no
 * is this turn's answer, the step's code hook runs as for a yes; a denial found later (a Lambda
 * that delegated a denied intent) goes straight to the path. A code hook or conditional on this
 * path that says nothing more ends the intent too: Lex's default after a declination is the end,
 * and the default order would only find the denial again.
 */
export function declined(t: Turn, answered: boolean): StepResult {
  const setting = t.currentModel().def.intentConfirmationSetting;
  const way = { next: setting?.declinationNextStep, conditional: setting?.declinationConditional };
  const stage: Stage = {
    codeHook: setting?.codeHook,
    conditional: way.conditional,
    resume: END_FAILED,
  };
  const then = onward(way, stage, END_FAILED);
  const next = answered ? stepHook(t, setting?.codeHook, stage, then) : then;
  return go(next, t.messages(setting?.declinationResponse));
}
