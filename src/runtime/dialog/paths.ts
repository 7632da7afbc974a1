import type {
  ConditionalSpecification,
  DialogCodeHookInvocationSetting,
  DialogState,
  ResponseSpecification,
} from '../bot/definition';
import type { IntentModel } from '../bot/model';
import { go } from './next';
import type { Next, Stage, StepResult } from './next';
import { isFilled } from './turn-state';
import type { Turn } from './turn-state';

/**
 * Where a step of the definition goes when it is done, worked out as data (`Next`): its own code
 * hook, its conditional or next step, or an outcome's path. Shared by the steps; imports none.
 */

/** Where a step goes when it is done: its conditional if active, else its next step. */
export interface Onward {
  readonly next?: DialogState;
  readonly conditional?: ConditionalSpecification;
}

/** The step's conditional if active, else its next step, else `otherwise`. */
export function onward(way: Onward, stage: Stage, otherwise: Next): Next {
  if (way.conditional && way.conditional.isActive !== false) {
    return { kind: 'conditional', conditional: way.conditional, stage, otherwise };
  }
  if (way.next) return { kind: 'next-step', state: way.next, stage };
  return otherwise;
}

/** Step-level hooks run only when the intent's dialog code hook is enabled (Lex's rule). */
export function hookApplies(
  t: Turn,
  setting: { enableCodeHookInvocation?: boolean; isActive?: boolean } | undefined,
  model: IntentModel = t.currentModel(),
): boolean {
  if (!model.dialogCodeHook) return false;
  return !setting || (setting.enableCodeHookInvocation !== false && setting.isActive !== false);
}

/**
 * A step's own code hook, as Lex runs it. A step whose setting has a `codeHook` runs it only
 * through an `InvokeDialogCodeHook` next step (Lex's two conditions: the hook is active, and the
 * next step invokes it), so `then` (the step's next step) decides. A step without one runs the
 * intent's per-input dialog code hook first, as Lex does for bots that do not configure steps.
 */
export function stepHook(
  t: Turn,
  codeHook: DialogCodeHookInvocationSetting | undefined,
  stage: Stage,
  then: Next,
): Next {
  if (codeHook === undefined && t.currentModel().dialogCodeHook) {
    return { kind: 'invoke-hook', setting: undefined, label: undefined, stage, then };
  }
  return then;
}

/**
 * A step's response, then its own code hook (see stepHook), then where it goes: its conditional
 * or next step, else `otherwise`.
 */
export function stepDone(
  t: Turn,
  response: ResponseSpecification | undefined,
  codeHook: DialogCodeHookInvocationSetting | undefined,
  way: Onward,
  otherwise: Next,
  resume?: Next,
): StepResult {
  const stage: Stage = { codeHook, conditional: way.conditional, ...(resume ? { resume } : {}) };
  return go(stepHook(t, codeHook, stage, onward(way, stage, otherwise)), t.messages(response));
}

export type Outcome = 'success' | 'failure' | 'timeout';

/**
 * The three outcome paths of a code hook, named alike in PostDialogCodeHookInvocationSpecification
 * and PostFulfillmentStatusSpecification: `<outcome>Response`, `<outcome>NextStep`,
 * `<outcome>Conditional`.
 */
export type PostSpecification = Partial<
  Record<`${Outcome}Response`, ResponseSpecification> &
    Record<`${Outcome}NextStep`, DialogState> &
    Record<`${Outcome}Conditional`, ConditionalSpecification>
>;

function pathOf(post: PostSpecification | undefined, outcome: Outcome) {
  return {
    response: post?.[`${outcome}Response`],
    next: post?.[`${outcome}NextStep`],
    conditional: post?.[`${outcome}Conditional`],
  };
}

/** Whether the definition says anything for this outcome. */
export function hasPath(post: PostSpecification | undefined, outcome: Outcome): boolean {
  const p = pathOf(post, outcome);
  return !!(p.response || p.next || p.conditional);
}

/** An outcome's response, then its conditional or next step, else `otherwise`. */
export function takePath(
  t: Turn,
  post: PostSpecification | undefined,
  outcome: Outcome,
  stage: Stage,
  otherwise: Next,
): StepResult {
  const p = pathOf(post, outcome);
  const next = onward({ next: p.next, conditional: p.conditional }, stage, otherwise);
  return go(next, t.messages(p.response));
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
