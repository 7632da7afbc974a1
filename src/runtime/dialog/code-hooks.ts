import type { InvocationSource, LexResponse } from '../../lex';
import type { IntentState, IntentStateName, Message, SlotValue } from '../api/types';
import { fromApi, isLive } from './contexts';
import { dependencyFailed } from './errors';
import { invokeCodeHook } from './lambda';
import { lambdaEvent } from './lambda-event';
import { CLOSE, DEFAULT_ORDER, ELICIT_INTENT, END_FAILED, go } from './next';
import type { Next, Stage, StepResult } from './next';
import { hasPath, predictedSlot, takePath } from './paths';
import type { PostSpecification } from './paths';
import { allSlots } from './turn-state';
import type { Turn } from './turn-state';

/** Code hooks: when Lex calls the Lambda, what it sends, and how it honours the answer. */

/** A Lambda that did not answer in time: the timeout path when there is one, else a 424. */
export function timedOut(
  t: Turn,
  post: PostSpecification | undefined,
  stage: Stage,
  otherwise: Next,
): StepResult {
  if (!hasPath(post, 'timeout')) {
    throw dependencyFailed(
      `Invalid Lambda Response: the Lambda did not answer within ${t.deps.lambdaTimeoutMs} ms`,
    );
  }
  return takePath(t, post, 'timeout', stage, otherwise);
}

/** What a Lambda's dialog action leaves for the step that called it to decide. */
export type LambdaAnswer =
  | { readonly kind: 'close'; readonly state: IntentStateName | undefined }
  | { readonly kind: 'delegate' }
  | { readonly kind: 'next'; readonly next: Next };

/** A Lambda's answer once honoured: the step's decision and what the answer says for the turn. */
export interface HonouredAnswer {
  readonly answer: LambdaAnswer;
  /** The answer named another intent, which is now the session's. */
  readonly switched: boolean;
  readonly say: readonly Message[];
  readonly extra: Pick<StepResult, 'requestAttributes' | 'retry'>;
}

/**
 * A Lambda response, honoured as Lex does: its session attributes, contexts, intent (a
 * different intent name switches intents), messages; its dialog action is returned for the step
 * to decide on Close and Delegate.
 */
export function honour(t: Turn, response: LexResponse<SlotValue>): HonouredAnswer {
  const state = response.sessionState;
  const now = t.deps.clock();
  if (state.sessionAttributes) t.session.sessionAttributes = { ...state.sessionAttributes };
  if (state.activeContexts) {
    t.session.activeContexts = state.activeContexts.map((c) => fromApi(c, now));
  }
  const switched = state.intent ? takeIntent(t, state.intent) : false;
  const say = response.messages ?? [];
  const extra = {
    ...(response.requestAttributes ? { requestAttributes: { ...response.requestAttributes } } : {}),
    ...(switched ? { retry: null } : {}),
  };
  const action = state.dialogAction;
  const quiet = say.length > 0;
  const base = { say, extra, switched };
  const next = (n: Next): HonouredAnswer => ({ ...base, answer: { kind: 'next', next: n } });
  switch (action.type) {
    case 'Close':
      if (state.intent?.state) t.current().state = state.intent.state;
      return { ...base, answer: { kind: 'close', state: state.intent?.state } };
    case 'ElicitSlot': {
      const slot = action.slotToElicit ?? '';
      const attempt = switched ? 0 : t.attemptFor(slot);
      return next({ kind: 'elicit-slot', slot, attempt, quiet, style: action });
    }
    case 'ConfirmIntent':
      return next({ kind: 'confirm', attempt: 0, quiet });
    case 'ElicitIntent':
      return next(ELICIT_INTENT);
    case 'Delegate':
      return { ...base, answer: { kind: 'delegate' } };
  }
}

/** The Lambda's intent becomes the session's; returns whether that switched intents. */
function takeIntent(t: Turn, intent: IntentState): boolean {
  const current = t.session.intent;
  const model = t.model.intent(intent.name);
  if (!model) throw dependencyFailed(`Invalid Lambda Response: no intent ${intent.name}`);
  const switching = !current || current.name !== intent.name;
  const slots = switching
    ? allSlots(model, intent.slots)
    : allSlots(model, { ...(current.slots ?? {}), ...(intent.slots ?? {}) });
  t.session.intent = {
    name: intent.name,
    slots,
    state: intent.state ?? (switching ? 'InProgress' : current.state),
    confirmationState: intent.confirmationState ?? (switching ? 'None' : current.confirmationState),
  };
  return switching;
}

/** Joins what the Lambda said and what the path after it says, in that order. */
export function after(honoured: HonouredAnswer, result: StepResult): StepResult {
  const say = [...honoured.say, ...(result.say ?? [])];
  return { ...result, ...honoured.extra, ...(say.length > 0 ? { say } : {}), lambdaCall: true };
}

/**
 * A dialog code hook (a step's, or the per-input one): the Lambda's answer, then the hook's
 * success path (else `then`), its failure path for `Failed` (else the intent ends Failed), or
 * fulfillment for `ReadyForFulfillment`.
 */
export async function dialogHook(
  t: Turn,
  next: Extract<Next, { kind: 'invoke-hook' }>,
): Promise<StepResult> {
  const post = next.setting?.postCodeHookSpecification;
  const outcome = await invoke(t, 'DialogCodeHook', next.label);
  if (outcome.kind === 'timeout') {
    return { ...timedOut(t, post, next.stage, END_FAILED), lambdaCall: true };
  }
  const honoured = honour(t, outcome.response);
  const failure = () => takePath(t, post, 'failure', next.stage, END_FAILED);
  const { answer } = honoured;
  switch (answer.kind) {
    case 'next':
      return after(honoured, go(answer.next));
    case 'close':
      return after(
        honoured,
        answer.state === 'Failed' && hasPath(post, 'failure') ? failure() : go(CLOSE),
      );
    case 'delegate': {
      const state = t.current().state;
      if (state === 'Failed') return after(honoured, failure());
      if (state === 'ReadyForFulfillment') return after(honoured, go({ kind: 'fulfil' }));
      // Delegate on another intent: Lex goes on with that intent, from its default order; the
      // step that called the hook belonged to the intent left behind.
      if (honoured.switched) return after(honoured, go(DEFAULT_ORDER));
      return after(honoured, takePath(t, post, 'success', next.stage, next.then));
    }
  }
}

export async function invoke(t: Turn, source: InvocationSource, label: string | undefined) {
  return invokeCodeHook(
    t.deps.invokeLambda,
    event(t, source, label),
    t.deps.lambdaTimeoutMs,
    t.deps.slotNames,
  );
}

function event(t: Turn, source: InvocationSource, label: string | undefined) {
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
