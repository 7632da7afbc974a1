import { after, honour, invoke, timedOut } from './code-hooks';
import { activate, fromOutputContext } from './contexts';
import { CLOSE, go } from './next';
import type { Next, Stage, StepResult } from './next';
import { hasPath, onward, takePath } from './paths';
import type { Outcome } from './paths';
import type { Turn } from './turn-state';

/** Fulfillment and the closing response. */

function postOf(t: Turn) {
  return t.currentModel().def.fulfillmentCodeHook?.postFulfillmentStatusSpecification;
}

function stageOf(t: Turn, outcome: Outcome): Stage {
  return { conditional: postOf(t)?.[`${outcome}Conditional`] };
}

const FULFILLED: Next = { kind: 'fulfilled' };
const FAILED: Next = { kind: 'fulfilment-failed' };

/**
 * The intent is ReadyForFulfillment: the fulfillment code hook when it is enabled and active
 * (its answer decides: Fulfilled or Delegate succeed, Failed fails).
 * A hook configured but disabled "succeeds without invoking the Lambda function"
 * (intent-fulfillment.html): Fulfilled. Without any fulfillment setting the intent stays
 * ReadyForFulfillment, as observed for Lex's FallbackIntent: the client fulfils.
 */
export async function fulfil(t: Turn): Promise<StepResult> {
  const intent = t.current();
  const hook = t.currentModel().def.fulfillmentCodeHook;
  intent.state = 'ReadyForFulfillment';
  if (hook?.enabled !== true || hook.isActive === false) {
    if (hook) intent.state = 'Fulfilled';
    return go(FULFILLED);
  }

  const outcome = await invoke(t, 'FulfillmentCodeHook', undefined);
  if (outcome.kind === 'timeout') {
    const post = postOf(t);
    if (hasPath(post, 'timeout')) t.current().state = 'Failed';
    return { ...timedOut(t, post, stageOf(t, 'timeout'), CLOSE), lambdaCall: true };
  }
  const honoured = honour(t, outcome.response);
  const { answer } = honoured;
  switch (answer.kind) {
    case 'next':
      return after(honoured, go(answer.next));
    case 'close':
      // A Close Fulfilled is the hook "completing successfully": the success path, by default
      // the closing response (intent-fulfillment.html). Whether Lex reads a Lambda's Close so
      // is not written down; vmbot's definition does not depend on it (src/runtime/README.md).
      if (answer.state === 'Fulfilled') return after(honoured, go(FULFILLED));
      return after(honoured, go(answer.state === 'Failed' ? FAILED : CLOSE));
    case 'delegate':
      if (t.current().state === 'Failed') return after(honoured, go(FAILED));
      t.current().state = 'Fulfilled';
      return after(honoured, go(FULFILLED));
  }
}

/** Success: the output contexts, then the success path, by default the closing response. */
export function fulfilled(t: Turn): StepResult {
  const now = t.deps.clock();
  for (const context of t.currentModel().outputContexts) {
    t.session.activeContexts = activate(t.session.activeContexts, fromOutputContext(context, now));
  }
  return takePath(t, postOf(t), 'success', stageOf(t, 'success'), { kind: 'closing' });
}

/** Failure: the intent Failed, then the failure path, by default the end. */
export function fulfilmentFailed(t: Turn): StepResult {
  t.current().state = 'Failed';
  return takePath(t, postOf(t), 'failure', stageOf(t, 'failure'), CLOSE);
}

/** The closing response, its conditional or next step, by default the end. */
export function closing(t: Turn): StepResult {
  const setting = t.currentModel().def.intentClosingSetting;
  if (!setting || setting.isActive === false) return go(CLOSE);
  const way = { next: setting.nextStep, conditional: setting.conditional };
  return go(
    onward(way, { conditional: way.conditional }, CLOSE),
    t.messages(setting.closingResponse),
  );
}
