import type { IntentModel, SlotModel } from '../bot/model';
import { promptMessages } from './messages';
import { DEFAULT_ORDER, go, startIntent } from './next';
import type { Next, StepResult } from './next';
import { stepDone } from './paths';
import { allSlots, isFilled } from './turn-state';
import type { Turn } from './turn-state';

/** Slot elicitation: asking for a slot, and reading the answer. */

/** A slot value the user typed that the type does not list must beat a new intent this well. */
const SWITCH_OVER_NEW_VALUE = 0.8;

/** Asks for the slot (its prompt at this attempt, unless quiet) and waits for the answer. */
export function elicitSlot(t: Turn, next: Extract<Next, { kind: 'elicit-slot' }>): StepResult {
  const intent = t.current();
  intent.state = 'InProgress';
  const { style } = next;
  const wait: Next = {
    kind: 'wait',
    attempt: next.attempt,
    action: {
      type: 'ElicitSlot',
      slotToElicit: next.slot,
      ...(style?.slotElicitationStyle ? { slotElicitationStyle: style.slotElicitationStyle } : {}),
      ...(style?.subSlotToElicit ? { subSlotToElicit: style.subSlotToElicit } : {}),
    },
  };
  if (next.quiet) return go(wait);
  const spec = t.currentModel().slotByName.get(next.slot)?.def.valueElicitationSetting;
  return go(
    wait,
    promptMessages(spec?.promptSpecification, next.attempt, t.references(), t.deps.random),
  );
}

/**
 * The user's answer while a slot is elicited: a value the type knows fills it; otherwise another
 * intent that clearly fits takes over (unless switching is off for this request), or the same
 * intent said again with values fills them, or a value the type does not list (OriginalValue)
 * fills it; else the prompt is retried.
 */
export function slotAnswer(
  t: Turn,
  model: IntentModel,
  slot: SlotModel,
  switching: boolean,
): StepResult {
  const intent = t.current();
  const slots = intent.slots ?? (intent.slots = allSlots(model, undefined));
  const capture = t.deps.nlu.captureSlot(model.name, slot.name, t.input.text);
  const captured = (): StepResult => ({ next: { kind: 'slot-captured', slot: slot.name } });
  if (capture?.known) {
    slots[slot.name] = { shape: 'Scalar', value: capture.value };
    return captured();
  }
  const top = t.topIntent();
  const switchScore = capture ? SWITCH_OVER_NEW_VALUE : t.threshold();
  if (switching && top && top.intent !== model.name && (top.score ?? 0) >= switchScore) {
    return go(startIntent(top.intent, top.slots, false));
  }
  if (top && top.intent === model.name) {
    const given = Object.entries(top.slots).filter(([, v]) => isFilled(v));
    if (given.length > 0) {
      for (const [name, value] of given) slots[name] = value;
      if (!isFilled(slots[slot.name]) && capture) {
        slots[slot.name] = { shape: 'Scalar', value: capture.value };
      }
      return captured();
    }
  }
  if (capture) {
    slots[slot.name] = { shape: 'Scalar', value: capture.value };
    return captured();
  }
  return go({ kind: 'retry', target: { slot: slot.name } });
}

/** A value was captured: the capture response, code hook and next step. */
export function slotCaptured(t: Turn, slotName: string): StepResult {
  const slot = t.currentModel().slotByName.get(slotName);
  const setting = slot?.def.valueElicitationSetting.slotCaptureSetting;
  const way = { next: setting?.captureNextStep, conditional: setting?.captureConditional };
  const done = stepDone(t, setting?.captureResponse, setting?.codeHook, way, DEFAULT_ORDER);
  return { ...done, consumed: true, retry: null };
}
