import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { describe, expect, it } from 'vitest';
import { dialogBot, moveServerWithHooks, orderDrinkPlain } from '../fixtures/dialog-bot';
import { text } from '../fixtures/fake-lambda';
import { greet, response } from '../fixtures/fleet-bot';
import { contents, harness, slotValues, summary } from './harness';

/** Greet with a closing whose next step is `nextStep`. */
const greetThen = (nextStep: CfnBot.DialogStateProperty): CfnBot.IntentProperty => ({
  ...greet,
  intentClosingSetting: { isActive: true, closingResponse: response('Hi.'), nextStep },
});

describe('next steps of the definition', () => {
  it('ElicitSlot of another intent: switches to it and asks for the slot', async () => {
    const { say } = harness({
      bot: dialogBot(
        greetThen({
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'Rack' },
          intent: {
            name: 'MoveServer',
            slots: [
              {
                slotName: 'Server',
                slotValueOverride: { shape: 'Scalar', value: { interpretedValue: '[last]' } },
              },
            ],
          },
        }),
        moveServerWithHooks,
      ),
    });
    const r = await say('hello', { sessionState: { sessionAttributes: { last: 'server-2' } } });
    expect(contents(r)).toEqual(['Hi.', 'Which rack should server-2 go to?']);
    expect(summary(r)).toMatchObject({ intent: 'MoveServer', action: 'ElicitSlot', slot: 'Rack' });
  });

  it('ConfirmIntent and FulfillIntent on the current intent', async () => {
    // Prepare: a drink order that confirms first, then fulfils on "yes"
    const confirmFirst: CfnBot.IntentProperty = {
      ...orderDrinkPlain,
      initialResponseSetting: { nextStep: { dialogAction: { type: 'ConfirmIntent' } } },
      intentConfirmationSetting: {
        promptSpecification: {
          maxRetries: 1,
          messageGroupsList: [{ message: { plainTextMessage: { value: 'A {Drink}?' } } }],
        },
        confirmationNextStep: { dialogAction: { type: 'FulfillIntent' } },
      },
    };
    const { say } = harness({ bot: dialogBot(confirmFirst) });
    // Act
    const ask = await say('order a latte');
    const yes = await say('yes');
    // Assess
    expect(contents(ask)).toEqual(['A latte?']);
    expect(contents(yes)).toEqual(['Enjoy your latte!']);
    expect(summary(yes)).toMatchObject({ state: 'ReadyForFulfillment', action: 'Close' });
  });

  it('InvokeDialogCodeHook calls the hook of the step, with its label', async () => {
    const withHook: CfnBot.IntentProperty = {
      ...greet,
      dialogCodeHook: { enabled: true },
      initialResponseSetting: {
        initialResponse: response('Checking.'),
        codeHook: {
          enableCodeHookInvocation: true,
          isActive: true,
          invocationLabel: 'greet-check',
          postCodeHookSpecification: {
            successResponse: response('Checked.'),
            successNextStep: { dialogAction: { type: 'EndConversation' } },
          },
        },
        nextStep: { dialogAction: { type: 'InvokeDialogCodeHook' } },
      },
    };
    const { say, lambda } = harness({ bot: dialogBot(withHook) });
    const r = await say('hello');
    expect(lambda.events.map((e) => e.invocationLabel)).toEqual(['greet-check']);
    expect(contents(r)).toEqual(['Checking.', 'Checked.']);
    expect(summary(r).action).toBe('Close');
  });

  it('EvaluateConditional evaluates the conditional of the step', async () => {
    const branching: CfnBot.IntentProperty = {
      ...greet,
      initialResponseSetting: {
        nextStep: { dialogAction: { type: 'EvaluateConditional' } },
        conditional: {
          isActive: false,
          conditionalBranches: [
            {
              name: 'Vip',
              condition: { expressionString: '[tier] = "gold"' },
              response: response('Welcome back, gold member.'),
              nextStep: { dialogAction: { type: 'EndConversation' } },
            },
          ],
          defaultBranch: {
            response: response('Welcome.'),
            nextStep: { dialogAction: { type: 'EndConversation' } },
          },
        },
      },
    };
    const { say } = harness({ bot: dialogBot(branching) });
    const gold = await say('hello', { sessionState: { sessionAttributes: { tier: 'GOLD' } } });
    expect(contents(gold)).toEqual(['Welcome back, gold member.']);
  });

  it('next-step session attributes are set, and a value referring to nothing clears them', async () => {
    const { say } = harness({
      bot: dialogBot(
        greetThen({
          dialogAction: { type: 'EndConversation' },
          sessionAttributes: [
            { key: 'greeted', value: 'yes' },
            { key: 'stale', value: '[nothing]' },
          ],
        }),
      ),
    });
    const r = await say('hello', { sessionState: { sessionAttributes: { stale: 'x' } } });
    expect(r.sessionState.sessionAttributes).toEqual({ greeted: 'yes' });
  });

  it('StartIntent with suppressNextMessage skips the initial response', async () => {
    const withInitial: CfnBot.IntentProperty = {
      ...orderDrinkPlain,
      initialResponseSetting: { initialResponse: response('One moment.') },
    };
    const { say } = harness({
      bot: dialogBot(
        greetThen({
          dialogAction: { type: 'StartIntent', suppressNextMessage: true },
          intent: {
            name: 'OrderDrink',
            slots: [
              {
                slotName: 'Drink',
                slotValueOverride: { shape: 'Scalar', value: { interpretedValue: 'latte' } },
              },
            ],
          },
        }),
        withInitial,
      ),
    });
    const r = await say('hello');
    expect(contents(r)).toEqual(['Hi.', 'Enjoy your latte!']);
    expect(slotValues(r)).toMatchObject({ Drink: 'latte' });
  });

  it('a dialog code hook that fails (state Failed) takes the failure path of its step', async () => {
    const guarded: CfnBot.IntentProperty = {
      ...greet,
      dialogCodeHook: { enabled: true },
      initialResponseSetting: {
        codeHook: {
          enableCodeHookInvocation: true,
          isActive: true,
          postCodeHookSpecification: {
            failureResponse: response('Not allowed.'),
            failureNextStep: { dialogAction: { type: 'ElicitIntent' } },
          },
        },
        nextStep: { dialogAction: { type: 'InvokeDialogCodeHook' } },
      },
    };
    const { say } = harness({
      bot: dialogBot(guarded),
      reply: (e) => ({
        sessionState: {
          dialogAction: { type: 'Delegate' },
          intent: { ...e.sessionState.intent, state: 'Failed' },
        },
        messages: [text('Access check failed.')],
      }),
    });
    const r = await say('hello');
    expect(contents(r)).toEqual(['Access check failed.', 'Not allowed.']);
    expect(summary(r).action).toBe('ElicitIntent');
  });
});
