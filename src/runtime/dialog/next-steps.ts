import type { Slots } from '../api/types';
import type { DialogState } from '../bot/definition';
import { evaluateCondition } from './conditions';
import { internalError } from './errors';
import { CLOSE, DEFAULT_ORDER, ELICIT_INTENT, go, startIntent } from './next';
import type { Next, StepResult } from './next';
import { hookApplies } from './paths';
import { evaluateValue } from './templates';
import { scalar } from './turn-state';
import type { Turn } from './turn-state';

/** Next steps (DialogState) and conditional branches of the bot definition. */

/** The first branch whose condition holds (its response, its next step), else the default. */
export function conditional(t: Turn, next: Extract<Next, { kind: 'conditional' }>): StepResult {
  const context = t.conditionContext();
  const { stage } = next;
  for (const branch of next.conditional.conditionalBranches) {
    if (evaluateCondition(branch.condition.expressionString, context)) {
      return go({ kind: 'next-step', state: branch.nextStep, stage }, t.messages(branch.response));
    }
  }
  const fallthrough = next.conditional.defaultBranch;
  const then: Next = fallthrough.nextStep
    ? { kind: 'next-step', state: fallthrough.nextStep, stage }
    : next.otherwise;
  return go(then, t.messages(fallthrough.response));
}

/** A DialogState of the definition: set values, then the dialog action. */
export function nextStep(t: Turn, next: Extract<Next, { kind: 'next-step' }>): StepResult {
  const { state, stage } = next;
  const references = t.references();
  for (const { key, value } of state.sessionAttributes ?? []) {
    const v = value === undefined ? undefined : evaluateValue(value, references);
    if (v === undefined) delete t.session.sessionAttributes[key];
    else t.session.sessionAttributes[key] = v;
  }
  const overrides = slotOverrides(state, references);
  const action = state.dialogAction;
  const type = action?.type ?? 'ElicitIntent';
  const quiet = action?.suppressNextMessage === true;
  const target = state.intent?.name;
  if (type === 'StartIntent') {
    if (!target) throw internalError('A StartIntent next step needs intent.name');
    return go(startIntent(target, overrides, quiet));
  }
  let switched = false;
  if (target && target !== t.session.intent?.name) {
    t.setIntent(target, overrides);
    switched = true;
  } else if (t.session.intent) {
    t.session.intent.slots = { ...(t.session.intent.slots ?? {}), ...overrides };
  }
  const result = (then: Next): StepResult => (switched ? { next: then, retry: null } : go(then));
  const resume = stage.resume ?? DEFAULT_ORDER;
  switch (type) {
    case 'ElicitIntent':
      return result(ELICIT_INTENT);
    case 'ElicitSlot': {
      const slot = action?.slotToElicit;
      if (!slot || !t.currentModel().slotByName.has(slot)) {
        throw internalError(`An ElicitSlot next step names no slot of ${t.current().name}`);
      }
      return result({ kind: 'elicit-slot', slot, attempt: 0, quiet });
    }
    case 'ConfirmIntent':
      return result({ kind: 'confirm', attempt: 0, quiet });
    case 'FulfillIntent':
      return result({ kind: 'fulfil' });
    case 'CloseIntent':
      return result(quiet ? CLOSE : { kind: 'closing' });
    case 'EndConversation':
      return result(CLOSE);
    case 'InvokeDialogCodeHook': {
      if (!hookApplies(t, stage.codeHook)) return result(resume);
      const label = stage.codeHook?.invocationLabel;
      return result({ kind: 'invoke-hook', setting: stage.codeHook, label, stage, then: resume });
    }
    case 'EvaluateConditional':
      if (!stage.conditional) return result(resume);
      return result({
        kind: 'conditional',
        conditional: stage.conditional,
        stage,
        otherwise: resume,
      });
    default:
      throw internalError(`Unknown next step dialog action ${type}`);
  }
}

/**
 * Slot values of a next step, from the sources Lex documents for a slot: a constant, a session
 * attribute `[name]`, or a JSON path into the event (`$.transcriptions[0]...`). A `{Slot}`
 * reference is not one of them (the bot model refuses it), so an empty result clears the slot.
 */
function slotOverrides(state: DialogState, references: ReturnType<Turn['references']>): Slots {
  const slots: Slots = {};
  for (const entry of state.intent?.slots ?? []) {
    if (!entry.slotName) continue;
    const expression = entry.slotValueOverride?.value?.interpretedValue;
    const value = expression === undefined ? undefined : evaluateValue(expression, references);
    slots[entry.slotName] = value === undefined ? null : scalar(value);
  }
  return slots;
}
