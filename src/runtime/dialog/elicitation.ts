import type { DialogAction } from '../api/types';
import type { IntentModel, SlotModel } from '../bot/model';
import { stepHook } from './code-hooks';
import { continueDefault, startIntent } from './flow';
import { promptMessages } from './messages';
import { proceed } from './next-steps';
import { retryOrGiveUp } from './retries';
import { allSlots, isFilled } from './turn-state';
import type { Onward, Stage, Turn } from './turn-state';

/** Slot elicitation: asking for a slot, and reading the answer. */

/** A slot value the user typed that the type does not list must beat a new intent this well. */
const SWITCH_OVER_NEW_VALUE = 0.8;

export function elicitSlot(
  t: Turn,
  slot: string,
  options: { attempt?: number; suppress?: boolean; given?: boolean; style?: DialogAction },
): void {
  const intent = t.current();
  const model = t.currentModel();
  const attempt = options.attempt ?? 0;
  intent.state = 'InProgress';
  t.session.attempt = attempt;
  t.session.dialogAction = {
    type: 'ElicitSlot',
    slotToElicit: slot,
    ...(options.style?.slotElicitationStyle
      ? { slotElicitationStyle: options.style.slotElicitationStyle }
      : {}),
    ...(options.style?.subSlotToElicit ? { subSlotToElicit: options.style.subSlotToElicit } : {}),
  };
  if (options.given || options.suppress) return;
  const spec = model.slotByName.get(slot)?.def.valueElicitationSetting.promptSpecification;
  t.messages.push(...promptMessages(spec, attempt, t.references(), t.deps.random));
}

/**
 * The user's answer while a slot is elicited: a value the type knows fills it; otherwise another
 * intent that clearly fits takes over, or the same intent said again with values fills them, or
 * a value the type does not list (OriginalValue) fills it; else the prompt is retried.
 */
export async function slotAnswer(t: Turn, model: IntentModel, slot: SlotModel): Promise<void> {
  const intent = t.current();
  const slots = intent.slots ?? (intent.slots = allSlots(model, undefined));
  const capture = t.deps.nlu.captureSlot(model.name, slot.name, t.input.text);
  if (capture?.known) {
    slots[slot.name] = { shape: 'Scalar', value: capture.value };
    return slotCaptured(t, model, slot);
  }
  const top = t.topIntent();
  const switchScore = capture ? SWITCH_OVER_NEW_VALUE : t.threshold();
  if (top && top.intent !== model.name && (top.score ?? 0) >= switchScore) {
    return startIntent(t, top.intent, top.slots, false);
  }
  if (top && top.intent === model.name) {
    const given = Object.entries(top.slots).filter(([, v]) => isFilled(v));
    if (given.length > 0) {
      for (const [name, value] of given) slots[name] = value;
      if (!isFilled(slots[slot.name]) && capture) {
        slots[slot.name] = { shape: 'Scalar', value: capture.value };
      }
      return slotCaptured(t, model, slot);
    }
  }
  if (capture) {
    slots[slot.name] = { shape: 'Scalar', value: capture.value };
    return slotCaptured(t, model, slot);
  }
  return captureFailed(t, model, slot);
}

async function slotCaptured(t: Turn, model: IntentModel, slot: SlotModel): Promise<void> {
  t.consumed = true;
  t.session.attempt = 0;
  t.retry = undefined;
  const setting = slot.def.valueElicitationSetting.slotCaptureSetting;
  t.say(setting?.captureResponse);
  const stage: Stage = { codeHook: setting?.codeHook, conditional: setting?.captureConditional };
  const onward: Onward = {
    next: setting?.captureNextStep,
    conditional: setting?.captureConditional,
  };
  return stepHook(t, setting?.codeHook, stage, () =>
    proceed(t, onward, stage, () => continueDefault(t)),
  );
}

async function captureFailed(t: Turn, model: IntentModel, slot: SlotModel): Promise<void> {
  const spec = slot.def.valueElicitationSetting;
  const setting = spec.slotCaptureSetting;
  const maxRetries = spec.promptSpecification?.maxRetries ?? 0;
  const attempt = t.session.attempt + 1;
  if (attempt <= maxRetries) t.retry = { slot: slot.name, attempt };
  return retryOrGiveUp(t, {
    model,
    maxRetries,
    failureResponse: setting?.failureResponse,
    failureNextStep: setting?.failureNextStep,
    failureConditional: setting?.failureConditional,
    elicitationCodeHook: setting?.elicitationCodeHook,
    reprompt: (n) => elicitSlot(t, slot.name, { attempt: n }),
  });
}
