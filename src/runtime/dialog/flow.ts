import type { Slots } from '../api/types';
import type { IntentModel } from '../bot/model';
import { stepHook } from './code-hooks';
import { askConfirmation, declined } from './confirmation';
import { elicitSlot } from './elicitation';
import { fulfil } from './fulfillment';
import { proceed } from './next-steps';
import { allSlots, isFilled } from './turn-state';
import type { Onward, Stage, Turn } from './turn-state';

/**
 * Starting an intent and Lex's default order after it: slots by priority, then confirmation,
 * then fulfillment. The other steps come back here whenever nothing says otherwise.
 */

/** A new request: the NLU's top intent, or the FallbackIntent below the threshold. */
export async function newRequest(t: Turn): Promise<void> {
  const top = t.topIntent();
  if (!top) return startIntent(t, t.model.fallback.name, {}, false);
  return startIntent(t, top.intent, top.slots, false);
}

export async function startIntent(
  t: Turn,
  name: string,
  slots: Slots,
  suppress: boolean,
): Promise<void> {
  const model = t.setIntent(name, slots);
  const setting = model.def.initialResponseSetting;
  if (!suppress) t.say(setting?.initialResponse);
  const stage: Stage = { codeHook: setting?.codeHook, conditional: setting?.conditional };
  const onward: Onward = { next: setting?.nextStep, conditional: setting?.conditional };
  return stepHook(t, setting?.codeHook, stage, () =>
    proceed(t, onward, stage, () => continueDefault(t)),
  );
}

/** What Lex does next when nothing says otherwise. */
export async function continueDefault(t: Turn): Promise<void> {
  const intent = t.current();
  const model = t.currentModel();
  const slots = intent.slots ?? (intent.slots = allSlots(model, undefined));
  for (const slot of model.slots) {
    if (!slot.required || isFilled(slots[slot.name])) continue;
    const value = t.defaultValue(slot);
    if (value) {
      slots[slot.name] = value;
      continue;
    }
    return elicitSlot(t, slot.name, { attempt: t.attemptFor(slot.name) });
  }
  if (intent.confirmationState === 'Denied') return declined(t, model);
  if (confirmationActive(model) && intent.confirmationState !== 'Confirmed') {
    return askConfirmation(t, { attempt: 0 });
  }
  return fulfil(t);
}

/** The slot the default order would elicit next: the code hook's proposedNextState. */
export function predictedSlot(t: Turn): string | undefined {
  const intent = t.session.intent;
  const model = intent ? t.model.intent(intent.name) : undefined;
  if (!intent || !model) return undefined;
  for (const slot of model.slots) {
    if (slot.required && !isFilled(intent.slots?.[slot.name]) && !t.defaultValue(slot)) {
      return slot.name;
    }
  }
  return undefined;
}

export function confirmationActive(model: IntentModel): boolean {
  const setting = model.def.intentConfirmationSetting;
  return !!setting?.promptSpecification && setting.isActive !== false;
}
