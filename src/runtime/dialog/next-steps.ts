import type { Slots } from '../api/types';
import type { ConditionalSpecification, DialogState } from '../bot/definition';
import { dialogHook, hookApplies } from './code-hooks';
import { evaluateCondition } from './conditions';
import { askConfirmation } from './confirmation';
import { elicitSlot } from './elicitation';
import { internalError } from './errors';
import { continueDefault, startIntent } from './flow';
import { closing, fulfil } from './fulfillment';
import { evaluateValue } from './templates';
import { scalar } from './turn-state';
import type { Continuation, Onward, Stage, Turn } from './turn-state';

/** Next steps (DialogState) and conditional branches of the bot definition. */

/** Next steps that chain into each other more than this in one turn are a loop. */
const MAX_STEPS = 50;

/** Where a step goes when it is done: its conditional if active, else its next step, else `otherwise`. */
export async function proceed(
  t: Turn,
  onward: Onward,
  stage: Stage,
  otherwise: Continuation,
): Promise<void> {
  if (onward.conditional && onward.conditional.isActive !== false) {
    return runConditional(t, onward.conditional, stage, otherwise);
  }
  if (onward.next) return nextStep(t, onward.next, stage);
  return otherwise();
}

export async function runConditional(
  t: Turn,
  conditional: ConditionalSpecification,
  stage: Stage,
  otherwise: Continuation,
): Promise<void> {
  const context = t.conditionContext();
  for (const branch of conditional.conditionalBranches) {
    if (evaluateCondition(branch.condition.expressionString, context)) {
      t.say(branch.response);
      return nextStep(t, branch.nextStep, stage);
    }
  }
  t.say(conditional.defaultBranch.response);
  const next = conditional.defaultBranch.nextStep;
  return next ? nextStep(t, next, stage) : otherwise();
}

/** A DialogState of the definition: set values, then the dialog action. */
async function nextStep(t: Turn, state: DialogState, stage: Stage): Promise<void> {
  t.steps += 1;
  if (t.steps > MAX_STEPS) {
    throw internalError(`The bot's conversation flow loops: over ${MAX_STEPS} steps in one turn`);
  }
  const references = t.references();
  for (const { key, value } of state.sessionAttributes ?? []) {
    const v = value === undefined ? undefined : evaluateValue(value, references);
    if (v === undefined) delete t.session.sessionAttributes[key];
    else t.session.sessionAttributes[key] = v;
  }
  const overrides = slotOverrides(state, references);
  const action = state.dialogAction;
  const type = action?.type ?? 'ElicitIntent';
  const suppress = action?.suppressNextMessage === true;
  const target = state.intent?.name;
  if (type === 'StartIntent') {
    if (!target) throw internalError('A StartIntent next step needs intent.name');
    return startIntent(t, target, overrides, suppress);
  }
  if (target && target !== t.session.intent?.name) {
    t.setIntent(target, overrides);
  } else if (t.session.intent) {
    t.session.intent.slots = { ...(t.session.intent.slots ?? {}), ...overrides };
  }
  switch (type) {
    case 'ElicitIntent':
      return t.elicitIntent();
    case 'ElicitSlot': {
      const slot = action?.slotToElicit;
      if (!slot || !t.currentModel().slotByName.has(slot)) {
        throw internalError(`An ElicitSlot next step names no slot of ${t.current().name}`);
      }
      return elicitSlot(t, slot, { suppress });
    }
    case 'ConfirmIntent':
      return askConfirmation(t, { suppress });
    case 'FulfillIntent':
      return fulfil(t);
    case 'CloseIntent':
      if (suppress) return t.endConversation();
      return closing(t);
    case 'EndConversation':
      return t.endConversation();
    case 'InvokeDialogCodeHook':
      if (!hookApplies(t, stage.codeHook)) return continueDefault(t);
      return dialogHook(t, stage.codeHook, stage, () => continueDefault(t));
    case 'EvaluateConditional':
      if (!stage.conditional) return continueDefault(t);
      return runConditional(t, stage.conditional, stage, () => continueDefault(t));
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
