import { DEFAULT_ORDER, go, startIntent } from './next';
import type { Next, StepResult } from './next';
import { confirmationActive, stepDone } from './paths';
import { allSlots, isFilled } from './turn-state';
import type { Turn } from './turn-state';

/**
 * Starting an intent and Lex's default order after it: slots by priority, then confirmation,
 * then fulfillment. The other steps come back here whenever nothing says otherwise.
 */

/** A new request: the NLU's top intent, or the FallbackIntent below the threshold. */
export function newRequest(t: Turn): StepResult {
  const top = t.topIntent();
  return go(startIntent(top?.intent ?? t.model.fallback.name, top?.slots ?? {}, false));
}

/** The intent's initial response, its code hook and next step; a fresh intent, no retry. */
export function intentStarted(t: Turn, next: Extract<Next, { kind: 'start-intent' }>): StepResult {
  const model = t.setIntent(next.intent, next.slots);
  const setting = model.def.initialResponseSetting;
  const way = { next: setting?.nextStep, conditional: setting?.conditional };
  const response = next.suppress ? undefined : setting?.initialResponse;
  return { ...stepDone(t, response, setting?.codeHook, way, DEFAULT_ORDER), retry: null };
}

/** What Lex does next when nothing says otherwise. */
export function defaultOrder(t: Turn): StepResult {
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
    return go({
      kind: 'elicit-slot',
      slot: slot.name,
      attempt: t.attemptFor(slot.name),
      quiet: false,
    });
  }
  if (intent.confirmationState === 'Denied') return go({ kind: 'declined', answered: false });
  if (confirmationActive(model) && intent.confirmationState !== 'Confirmed') {
    return go({ kind: 'confirm', attempt: 0, quiet: false });
  }
  return go({ kind: 'fulfil' });
}
