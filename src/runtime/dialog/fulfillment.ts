import type { IntentModel } from '../bot/model';
import { applyResponse, hasPath, invoke, takePath, timedOut } from './code-hooks';
import { activate, fromOutputContext } from './contexts';
import { proceed } from './next-steps';
import type { Turn } from './turn-state';

/** Fulfillment and the closing response. */

export async function fulfil(t: Turn): Promise<void> {
  const intent = t.current();
  const model = t.currentModel();
  const hook = model.def.fulfillmentCodeHook;
  const post = hook?.postFulfillmentStatusSpecification;
  intent.state = 'ReadyForFulfillment';
  const stage = (outcome: 'success' | 'failure' | 'timeout') => ({
    conditional: post?.[`${outcome}Conditional`],
  });
  const success = async () => {
    activateOutputContexts(t, model);
    return takePath(t, post, 'success', stage('success'), () => closing(t));
  };
  const failure = async () => {
    t.current().state = 'Failed';
    return takePath(t, post, 'failure', stage('failure'), async () => t.endConversation());
  };
  // Without a fulfillment code hook the intent stays ReadyForFulfillment: the client fulfils.
  if (hook?.enabled !== true || hook.isActive === false) return success();

  const outcome = await invoke(t, 'FulfillmentCodeHook', undefined);
  if (outcome.kind === 'timeout') {
    if (hasPath(post, 'timeout')) t.current().state = 'Failed';
    return timedOut(t, post, stage('timeout'), async () => t.endConversation());
  }
  return applyResponse(t, outcome.response, {
    // After Close Fulfilled, Lex still takes the success path and the closing response.
    close: (state) => {
      if (state === 'Fulfilled') return success();
      if (state === 'Failed') return failure();
      t.endConversation();
      return Promise.resolve();
    },
    delegate: () => {
      if (t.current().state === 'Failed') return failure();
      t.current().state = 'Fulfilled';
      return success();
    },
  });
}

function activateOutputContexts(t: Turn, model: IntentModel): void {
  const now = t.deps.clock();
  for (const context of model.outputContexts) {
    t.session.activeContexts = activate(t.session.activeContexts, fromOutputContext(context, now));
  }
}

export async function closing(t: Turn): Promise<void> {
  const setting = t.currentModel().def.intentClosingSetting;
  if (!setting || setting.isActive === false) return t.endConversation();
  t.say(setting.closingResponse);
  const onward = { next: setting.nextStep, conditional: setting.conditional };
  return proceed(t, onward, { conditional: onward.conditional }, async () => t.endConversation());
}
