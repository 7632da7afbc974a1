import type { LexResponse } from '../../lex';
import type { Message, Slots } from '../api/types';
import type {
  ConditionalSpecification,
  DialogCodeHookInvocationSetting,
  DialogState,
  ResponseSpecification,
} from '../bot/definition';
import type { IntentModel } from '../bot/model';
import { askConfirmation } from './confirmation';
import { fromApi, isLive } from './contexts';
import { elicitSlot } from './elicitation';
import { dependencyFailed } from './errors';
import { predictedSlot } from './flow';
import { fulfil } from './fulfillment';
import { invokeCodeHook } from './lambda';
import { lambdaEvent } from './lambda-event';
import { proceed } from './next-steps';
import { allSlots } from './turn-state';
import type { Continuation, Stage, Turn } from './turn-state';

/**
 * Code hooks: when Lex calls the Lambda, what it sends, and how it honours the answer.
 */

type Outcome = 'success' | 'failure' | 'timeout';

/**
 * The three outcome paths of a code hook, named alike in PostDialogCodeHookInvocationSpecification
 * and PostFulfillmentStatusSpecification: `<outcome>Response`, `<outcome>NextStep`,
 * `<outcome>Conditional`.
 */
type PostSpecification = Partial<
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
  otherwise: Continuation,
): Promise<void> {
  const p = pathOf(post, outcome);
  t.say(p.response);
  return proceed(t, { next: p.next, conditional: p.conditional }, stage, otherwise);
}

/** A Lambda that did not answer in time: the timeout path when there is one, else a 424. */
export function timedOut(
  t: Turn,
  post: PostSpecification | undefined,
  stage: Stage,
  otherwise: Continuation,
): Promise<void> {
  if (!hasPath(post, 'timeout')) {
    throw dependencyFailed(
      `Invalid Lambda Response: the Lambda did not answer within ${t.deps.lambdaTimeoutMs} ms`,
    );
  }
  return takePath(t, post, 'timeout', stage, otherwise);
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
  then: Continuation,
): Promise<void> {
  if (codeHook === undefined && t.currentModel().dialogCodeHook) {
    return dialogHook(t, undefined, stage, then);
  }
  return then();
}

export async function dialogHook(
  t: Turn,
  setting: DialogCodeHookInvocationSetting | undefined,
  stage: Stage,
  onSuccess: Continuation,
  label: string | undefined = setting?.invocationLabel,
): Promise<void> {
  const post = setting?.postCodeHookSpecification;
  const outcome = await invoke(t, 'DialogCodeHook', label);
  if (outcome.kind === 'timeout') {
    return timedOut(t, post, stage, async () => t.endIntent('Failed'));
  }
  const failure = () => takePath(t, post, 'failure', stage, async () => t.endIntent('Failed'));
  return applyResponse(t, outcome.response, {
    close: (state) => {
      if (state === 'Failed' && hasPath(post, 'failure')) return failure();
      t.endConversation();
      return Promise.resolve();
    },
    delegate: () => {
      const state = t.current().state;
      if (state === 'Failed') return failure();
      if (state === 'ReadyForFulfillment') return fulfil(t);
      return takePath(t, post, 'success', stage, onSuccess);
    },
  });
}

/**
 * A Lambda response, honoured as Lex does: its session attributes, contexts, intent (a
 * different intent name switches intents), messages, then its dialog action.
 */
export async function applyResponse(
  t: Turn,
  response: LexResponse,
  paths: { close: (state: string | undefined) => Promise<void>; delegate: Continuation },
): Promise<void> {
  const state = response.sessionState;
  const now = t.deps.clock();
  if (state.sessionAttributes) t.session.sessionAttributes = { ...state.sessionAttributes };
  if (state.activeContexts) {
    t.session.activeContexts = state.activeContexts.map((c) => fromApi(c, now));
  }
  if (response.requestAttributes) t.responseRequestAttributes = { ...response.requestAttributes };
  if (state.intent) takeIntent(t, state.intent);
  const given = (response.messages ?? []) as Message[];
  t.messages.push(...given);
  const action = state.dialogAction;
  switch (action.type) {
    case 'Close':
      if (state.intent?.state) t.current().state = state.intent.state;
      return paths.close(state.intent?.state);
    case 'ElicitSlot': {
      const slot = action.slotToElicit ?? '';
      const attempt = t.attemptFor(slot);
      return elicitSlot(t, slot, { given: given.length > 0, attempt, style: action });
    }
    case 'ConfirmIntent':
      return askConfirmation(t, { given: given.length > 0 });
    case 'ElicitIntent':
      return t.elicitIntent();
    case 'Delegate':
      return paths.delegate();
  }
}

function takeIntent(t: Turn, intent: NonNullable<LexResponse['sessionState']['intent']>): void {
  const current = t.session.intent;
  const model = t.model.intent(intent.name);
  if (!model) throw dependencyFailed(`Invalid Lambda Response: no intent ${intent.name}`);
  const switching = !current || current.name !== intent.name;
  const slots = switching
    ? allSlots(model, intent.slots as Slots | undefined)
    : allSlots(model, { ...(current.slots ?? {}), ...((intent.slots ?? {}) as Slots) });
  t.session.intent = {
    name: intent.name,
    slots,
    state: intent.state ?? (switching ? 'InProgress' : current.state),
    confirmationState: intent.confirmationState ?? (switching ? 'None' : current.confirmationState),
  };
  if (switching) {
    t.session.attempt = 0;
    t.retry = undefined;
  }
}

export async function invoke(
  t: Turn,
  source: 'DialogCodeHook' | 'FulfillmentCodeHook',
  label: string | undefined,
) {
  return invokeCodeHook(
    t.deps.invokeLambda,
    event(t, source, label),
    t.deps.lambdaTimeoutMs,
    t.deps.slotNames,
  );
}

function event(
  t: Turn,
  source: 'DialogCodeHook' | 'FulfillmentCodeHook',
  label: string | undefined,
) {
  const now = t.deps.clock();
  const predicted = predictedSlot(t);
  return lambdaEvent({
    source,
    label,
    bot: t.deps.bot,
    sessionId: t.session.key.sessionId,
    inputTranscript: t.input.text,
    intent: t.current(),
    interpretations: t.orderedInterpretations().map(({ entry, intent }) => ({
      score: entry.score,
      intent,
    })),
    proposed: predicted ? { slot: predicted, attempt: t.attemptFor(predicted) } : undefined,
    sessionAttributes: t.session.sessionAttributes,
    contexts: t.session.activeContexts.filter((c) => isLive(c, now)),
    nowMs: now,
    originatingRequestId: t.session.originatingRequestId,
    requestAttributes: t.input.requestAttributes,
  });
}
