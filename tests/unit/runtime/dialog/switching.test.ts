import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { describe, expect, it } from 'vitest';
import { dialogBehaviour, INTENT_SWITCH_ATTRIBUTE } from '../../../../src/runtime';
import {
  checkTicketWithLabel,
  dialogBot,
  moveServerWithHooks,
  orderDrinkPlain,
} from '../fixtures/dialog-bot';
import { cancel, greet, response } from '../fixtures/fleet-bot';
import { contents, harness, summary } from './harness';

const DISABLE = { requestAttributes: { [INTENT_SWITCH_ATTRIBUTE]: 'DISABLE' } };
const names = (list: readonly { intent: { name: string } }[] | undefined) =>
  (list ?? []).map((i) => i.intent.name);

describe('intent switching while a slot is elicited', () => {
  it("switches to another intent's utterance by default", async () => {
    const { say } = harness();
    await say('relocate server-1');
    const r = await say('hello');
    expect(summary(r).intent).toBe('Greet');
  });

  it('stays on the intent when the request disables switching, and asks again', async () => {
    // Prepare
    const { say, lambda } = harness();
    await say('relocate server-1');
    // Act
    const r = await say('hello', DISABLE);
    // Assess: the elicitation code hook saw the retry, with the active intent first
    expect(summary(r)).toMatchObject({ intent: 'MoveServer', action: 'ElicitSlot', slot: 'Rack' });
    expect(contents(r)).toEqual(['Which rack should server-1 go to?']);
    expect(lambda.last().proposedNextState?.prompt?.attempt).toBe('Retry1');
    expect(names(lambda.last().interpretations)[0]).toBe('MoveServer');
  });
});

describe('intent switching at a confirmation (the documented behaviour)', () => {
  const lex = { behaviour: { confirmationSwitching: 'lex' } } as const;

  it('"cancel" reaches AMAZON.CancelIntent, and "stop" stays a no without a StopIntent', async () => {
    const { say } = harness(lex);
    await say('move server-1 to rack-b');
    expect(summary(await say('cancel'))).toMatchObject({ intent: 'Cancel' });
    await say('move server-1 to rack-b');
    expect(summary(await say('stop'))).toMatchObject({
      intent: 'MoveServer',
      confirmation: 'Denied',
      state: 'Failed',
    });
  });

  it('another intent switches even when the elicitation code hook is on', async () => {
    const { say, lambda } = harness(lex);
    await say('move server-1 to rack-b');
    const before = lambda.events.length;
    const r = await say('hello');
    expect(summary(r).intent).toBe('Greet');
    expect(lambda.events.slice(before).map((e) => e.sessionState.intent.name)).not.toContain(
      'MoveServer',
    );
  });

  it('with switching disabled, "cancel" is a no and another request a retry', async () => {
    const { say, lambda } = harness(lex);
    await say('move server-1 to rack-b');
    const other = await say('hello', DISABLE);
    expect(summary(other)).toMatchObject({ intent: 'MoveServer', action: 'ConfirmIntent' });
    expect(lambda.last().inputTranscript).toBe('hello');
    expect(summary(await say('cancel', DISABLE))).toMatchObject({ confirmation: 'Denied' });
  });

  it('yes and no are answers, not switches', async () => {
    const { say } = harness(lex);
    await say('move server-1 to rack-b');
    expect(summary(await say('no thanks')).confirmation).toBe('Denied');
  });
});

describe('the order of interpretations', () => {
  // A drink order that chains into a ticket check: the check's hook sees "order a latte".
  const chained: CfnBot.IntentProperty = {
    ...orderDrinkPlain,
    intentClosingSetting: {
      isActive: true,
      nextStep: {
        dialogAction: { type: 'StartIntent' },
        intent: { name: 'CheckTicket', slots: [] },
      },
    },
  };

  it('score: the best NLU score first; active-first: the active intent first', async () => {
    // Prepare
    const score = harness({ bot: dialogBot(chained, checkTicketWithLabel) });
    const active = harness({
      bot: dialogBot(chained, checkTicketWithLabel),
      behaviour: { interpretationOrder: 'active-first' },
    });
    // Act
    const byScore = await score.say('order a latte');
    const activeFirst = await active.say('order a latte');
    // Assess: the chained intent's hook event, and the response
    expect(names(score.lambda.last().interpretations)[0]).toBe('OrderDrink');
    expect(names(active.lambda.last().interpretations)[0]).toBe('CheckTicket');
    expect(active.lambda.last().interpretations[0]?.nluConfidence).toBe(0);
    expect(names(byScore.interpretations)[0]).toBe('OrderDrink');
    expect(names(activeFirst.interpretations)[0]).toBe('CheckTicket');
  });

  it('a retry lists the active intent first in either order', async () => {
    for (const interpretationOrder of ['score', 'active-first'] as const) {
      const { say, lambda } = harness({ behaviour: { interpretationOrder } });
      await say('relocate server-1');
      const r = await say('hello', DISABLE);
      expect(names(lambda.last().interpretations)[0]).toBe('MoveServer');
      expect(names(r.interpretations)).toContain('Greet');
    }
  });

  it('a retry event lists the active intent first, then the fallback', async () => {
    // Prepare
    const { say, lambda } = harness();
    await say('I need to move a server');
    // Act: nothing usable as a server, nothing another intent says
    await say('zzzz qqqq');
    // Assess
    const retry = lambda.last();
    expect(retry.proposedNextState?.prompt?.attempt).toBe('Retry1');
    expect(names(retry.interpretations).slice(0, 2)).toEqual(['MoveServer', 'FallbackIntent']);
  });

  it('takes its default from the environment, and refuses an unknown value', () => {
    const env = { VMBOT_INTERPRETATION_ORDER: 'active-first', VMBOT_CONFIRMATION_SWITCHING: 'lex' };
    expect(dialogBehaviour({}, env)).toEqual({
      interpretationOrder: 'active-first',
      confirmationSwitching: 'lex',
    });
    expect(dialogBehaviour({ interpretationOrder: 'score' }, env).interpretationOrder).toBe(
      'score',
    );
    expect(dialogBehaviour({}, {})).toEqual({
      interpretationOrder: 'score',
      confirmationSwitching: 'lex',
    });
    expect(() => dialogBehaviour({}, { VMBOT_INTERPRETATION_ORDER: 'random' })).toThrow(
      /VMBOT_INTERPRETATION_ORDER must be one of score, active-first/,
    );
  });
});

describe('a Lambda that answers Delegate after a no', () => {
  // The declination runs the confirmation's code hook, as vmbot's definition does.
  const declinationHook: CfnBot.IntentProperty = {
    ...moveServerWithHooks,
    intentConfirmationSetting: {
      promptSpecification: {
        maxRetries: 1,
        messageGroupsList: [{ message: { plainTextMessage: { value: 'Move {Server}?' } } }],
      },
      declinationResponse: response('Not moving {Server}.'),
      codeHook: { enableCodeHookInvocation: true, isActive: true, postCodeHookSpecification: {} },
      declinationNextStep: { dialogAction: { type: 'InvokeDialogCodeHook' } },
    },
  };

  it('ends the declined intent, calling the Lambda once for the no', async () => {
    // Prepare: the do-nothing Lambda (Delegate at every dialog hook)
    const { say, lambda } = harness({ bot: dialogBot(declinationHook, greet, cancel) });
    await say('move server-1 to rack-b');
    const before = lambda.events.length;
    // Act
    const r = await say('no');
    // Assess
    expect(contents(r)).toEqual(['Not moving server-1.']);
    expect(summary(r)).toMatchObject({ action: 'Close', state: 'Failed', confirmation: 'Denied' });
    expect(lambda.events.length - before).toBe(1);
  });
});
