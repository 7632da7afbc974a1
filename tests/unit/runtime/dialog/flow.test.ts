import { describe, expect, it } from 'vitest';
import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import {
  checkTicketWithLabel,
  dialogBot,
  moveServerWithHooks,
  orderDrinkPlain,
} from '../fixtures/dialog-bot';
import { text } from '../fixtures/fake-lambda';
import { greet, prompt, required, response } from '../fixtures/fleet-bot';
import { contents, harness, slotValues, summary } from './harness';

const countSlot = (orderDrinkPlain.slots as CfnBot.SlotProperty[])[1] as CfnBot.SlotProperty;

describe('slot elicitation', () => {
  it('asks for the missing required slots in priority order, keeping values of the utterance', async () => {
    // Prepare
    const { say } = harness();
    // Act
    const first = await say('I need to move a server');
    const second = await say('server-1');
    const third = await say('rack b');
    // Assess
    expect(contents(first)).toEqual(['Which server?']);
    expect(summary(first)).toMatchObject({
      action: 'ElicitSlot',
      slot: 'Server',
      state: 'InProgress',
    });
    expect(contents(second)).toEqual(['Which rack should server-1 go to?']);
    expect(summary(third)).toMatchObject({ action: 'ConfirmIntent', intent: 'MoveServer' });
    expect(contents(third)).toEqual(['Move server-1 to rack b?']);
    expect(slotValues(third)).toEqual({ Server: 'server-1', Rack: 'rack b' });
  });

  it('fills slots given in the first utterance and only asks for the rest', async () => {
    const { say } = harness();
    const r = await say('relocate server two');
    expect(summary(r)).toMatchObject({ action: 'ElicitSlot', slot: 'Rack' });
    expect(slotValues(r)).toEqual({ Server: 'server two', Rack: null });
  });

  it('reads the value out of a short answer ("use rack-a please")', async () => {
    const { say } = harness();
    await say('relocate server-3');
    const r = await say('use rack-a please');
    expect(slotValues(r)).toEqual({ Server: 'server-3', Rack: 'rack-a' });
  });

  it('retries with the next variation (Ordered), then gives up to the FallbackIntent', async () => {
    // Prepare: a restricted slot, so that gibberish is not a value
    const { say, lambda } = harness({ bot: dialogBot(orderDrinkPlain) });
    await say('I want a coffee');
    // Act
    const retry1 = await say('something hot');
    const retry2 = await say('whatever you have');
    const fallback = await say('surprise me');
    // Assess
    expect(contents(retry1)).toEqual(['What would you like to drink?']);
    expect(summary(retry2)).toMatchObject({ action: 'ElicitSlot', slot: 'Drink' });
    expect(summary(fallback)).toMatchObject({
      intent: 'FallbackIntent',
      action: 'Close',
      state: 'ReadyForFulfillment',
    });
    expect(lambda.events).toHaveLength(0);
  });

  it('retries show the prompt variations in order', async () => {
    const { say } = harness();
    await say('I need to move a server');
    // "the big one" is no server name the type knows and too vague to be a new one
    const r = await say('the big one please');
    expect(contents(r)).toEqual(['Which server should I move?']);
  });

  it('takes the failure response and next step of the slot when the definition has them', async () => {
    // Prepare
    const drink: CfnBot.IntentProperty = {
      ...orderDrinkPlain,
      slots: [
        {
          ...required('Drink', 'DrinkType', 'What would you like to drink?'),
          valueElicitationSetting: {
            slotConstraint: 'Required',
            promptSpecification: prompt('What would you like to drink?', [], 0),
            slotCaptureSetting: {
              failureResponse: response('We only have coffee.'),
              failureNextStep: { dialogAction: { type: 'EndConversation' } },
            },
          },
        },
        countSlot,
      ],
    };
    const { say } = harness({ bot: dialogBot(drink) });
    await say('I want a coffee');
    // Act
    const r = await say('tea');
    // Assess
    expect(contents(r)).toEqual(['We only have coffee.']);
    expect(summary(r)).toMatchObject({ action: 'Close', intent: 'OrderDrink' });
  });

  it('switches intents when the answer is another request', async () => {
    const { say } = harness();
    await say('I need to move a server');
    const r = await say('order a latte');
    expect(summary(r).intent).toBe('OrderDrink');
    expect(slotValues(r)).toMatchObject({ Drink: 'latte' });
  });

  it('takes every value when the answer repeats the whole request', async () => {
    const { say } = harness();
    await say('I need to move a server');
    const r = await say('move server-2 to rack-a');
    expect(slotValues(r)).toEqual({ Server: 'server-2', Rack: 'rack-a' });
    expect(summary(r).action).toBe('ConfirmIntent');
  });

  it('uses a default value instead of asking', async () => {
    const withDefault: CfnBot.IntentProperty = {
      ...orderDrinkPlain,
      slots: [
        {
          ...required('Drink', 'DrinkType', 'What would you like to drink?'),
          valueElicitationSetting: {
            slotConstraint: 'Required',
            promptSpecification: prompt('What would you like to drink?'),
            defaultValueSpecification: {
              defaultValueList: [{ defaultValue: '[usual]' }, { defaultValue: 'espresso' }],
            },
          },
        },
        countSlot,
      ],
    };
    const { say } = harness({ bot: dialogBot(withDefault) });
    const usual = await say('I want a coffee', {
      sessionState: { sessionAttributes: { usual: 'latte' } },
    });
    const plain = await say(
      'I want a coffee',
      { sessionState: { sessionAttributes: {} } },
      'other',
    );
    expect(contents(usual)).toEqual(['Enjoy your latte!']);
    expect(contents(plain)).toEqual(['Enjoy your espresso!']);
  });
});

describe('confirmation', () => {
  it('yes: fulfillment, post-fulfillment success response, closing response and its next step', async () => {
    // Prepare
    const { say, lambda } = harness();
    await say('move server-1 to rack-b');
    // Act
    const r = await say('yes please');
    // Assess
    expect(contents(r)).toEqual(['Done: MoveServer.', 'Moved.', 'Anything else?']);
    expect(summary(r)).toEqual({
      action: 'ElicitIntent',
      slot: undefined,
      intent: 'MoveServer',
      state: 'Fulfilled',
      confirmation: 'Confirmed',
    });
    const fulfilment = lambda.last();
    expect(fulfilment.invocationSource).toBe('FulfillmentCodeHook');
    expect(fulfilment.sessionState.intent.state).toBe('ReadyForFulfillment');
    expect(fulfilment.sessionState.intent.confirmationState).toBe('Confirmed');
  });

  it('no: the declination response, the intent fails and the conversation closes', async () => {
    const { say, lambda } = harness();
    await say('move server-1 to rack-b');
    const r = await say('nope');
    expect(contents(r)).toEqual(['OK, server-1 stays put.']);
    expect(summary(r)).toMatchObject({ action: 'Close', state: 'Failed', confirmation: 'Denied' });
    expect(lambda.sources()).not.toContain('FulfillmentCodeHook:MoveServer');
  });

  it.each(['yeah', 'sure', 'ok', 'go ahead', 'do it', 'correct', 'confirm'])(
    '%j confirms',
    async (answer) => {
      const { say } = harness();
      await say('move server-1 to rack-b');
      expect(summary(await say(answer)).confirmation).toBe('Confirmed');
    },
  );

  it.each(['no', 'nah', "don't", 'negative'])('%j denies', async (answer) => {
    const { say } = harness();
    await say('move server-1 to rack-b');
    expect(summary(await say(answer)).confirmation).toBe('Denied');
  });

  // The runtime's earlier reading (`hook-first`); by default they reach CancelIntent/StopIntent
  // (switching.test.ts).
  it.each(['cancel', 'stop'])('%j denies when the hook sees it first', async (answer) => {
    const { say } = harness({ behaviour: { confirmationSwitching: 'hook-first' } });
    await say('move server-1 to rack-b');
    expect(summary(await say(answer)).confirmation).toBe('Denied');
  });

  it('an unclear answer reaches the dialog code hook, then the prompt is repeated', async () => {
    // Prepare
    const { say, lambda } = harness();
    await say('move server-1 to rack-b');
    // Act
    const unclear = await say('hmm what');
    // Assess: the Lambda saw the input (Lex: "input that is neither yes nor no reaches the
    // dialog code hook"); it delegated, so the confirmation is asked again
    expect(lambda.events.at(-1)).toMatchObject({
      invocationSource: 'DialogCodeHook',
      inputTranscript: 'hmm what',
      sessionState: { intent: { confirmationState: 'None' } },
    });
    expect(summary(unclear).action).toBe('ConfirmIntent');
  });

  it("with a hook, a correction or another request at a confirmation is the Lambda's to read (hook-first)", async () => {
    // Prepare: a Lambda that reads the correction from the interpretations and confirms again
    const { say, lambda } = harness({ behaviour: { confirmationSwitching: 'hook-first' } });
    await say('move server-1 to rack-b');
    lambda.reply((e) => {
      const own = e.interpretations.find((i) => i.intent.name === e.sessionState.intent.name);
      return {
        sessionState: {
          dialogAction: { type: 'ConfirmIntent' },
          intent: { ...e.sessionState.intent, slots: own?.intent.slots ?? {} },
        },
        messages: [text('Rack a then?')],
      };
    });
    // Act
    const corrected = await say('move server-1 to rack-a');
    const other = await say('hello');
    // Assess: the slots stay as they were until the Lambda changes them; no intent switch
    expect(lambda.events.at(-2)?.sessionState.intent.slots.Rack?.value?.interpretedValue).toBe(
      'rack-b',
    );
    expect(contents(corrected)).toEqual(['Rack a then?']);
    expect(slotValues(corrected)).toMatchObject({ Rack: 'rack-a' });
    expect(summary(other)).toMatchObject({ intent: 'MoveServer', action: 'ConfirmIntent' });
  });

  it('without a hook, a correction updates the slot and another request switches intents', async () => {
    // Prepare: the confirmation's elicitation code hook is off
    const noRetryHook: CfnBot.IntentProperty = {
      ...moveServerWithHooks,
      intentConfirmationSetting: {
        ...(moveServerWithHooks.intentConfirmationSetting as CfnBot.IntentConfirmationSettingProperty),
        elicitationCodeHook: { enableCodeHookInvocation: false },
      },
    };
    const { say } = harness({ bot: dialogBot(noRetryHook, greet) });
    await say('move server-1 to rack-b');
    // Act
    const corrected = await say('move server-1 to rack-a');
    const other = await say('hello');
    // Assess
    expect(contents(corrected)).toEqual(['Move server-1 to rack-a?']);
    expect(slotValues(corrected)).toMatchObject({ Rack: 'rack-a' });
    expect(summary(other).intent).toBe('Greet');
  });
});

describe('fulfillment', () => {
  it('without a fulfillment code hook the intent stays ReadyForFulfillment; the closing response plays', async () => {
    const { say, lambda } = harness();
    const r = await say('order a latte');
    expect(contents(r)).toEqual(['Enjoy your latte!']);
    expect(summary(r)).toMatchObject({ action: 'Close', state: 'ReadyForFulfillment' });
    expect(lambda.events).toHaveLength(0);
  });

  it('Close with Failed takes the failure response and failure next step', async () => {
    // Prepare
    const { say, lambda } = harness();
    await say('move server-1 to rack-b');
    lambda.reply((e) =>
      e.invocationSource === 'FulfillmentCodeHook'
        ? {
            sessionState: {
              dialogAction: { type: 'Close' },
              intent: { ...e.sessionState.intent, state: 'Failed' },
            },
            messages: [text('Rack b is full.')],
          }
        : { sessionState: { dialogAction: { type: 'Delegate' } } },
    );
    // Act
    const r = await say('yes');
    // Assess
    expect(contents(r)).toEqual(['Rack b is full.', 'The move failed.']);
    expect(summary(r)).toMatchObject({ action: 'ElicitIntent', state: 'Failed' });
  });

  it('after the conversation closes, the next input is a new request', async () => {
    const { say } = harness();
    await say('order a latte');
    const r = await say('hello');
    expect(summary(r)).toMatchObject({ intent: 'Greet' });
  });
});

describe('initial response and next steps', () => {
  it('says the initial response, then calls the code hook with its invocation label', async () => {
    const { say, lambda } = harness();
    const r = await say('check ticket AB1234');
    expect(contents(r)[0]).toBe('Let me look.');
    expect(lambda.events[0]?.invocationLabel).toBe('ticket-lookup');
  });

  it("an active code hook whose step does not invoke it is not called (Lex's two conditions)", async () => {
    // Prepare: the same intent without the InvokeDialogCodeHook next step
    const setting =
      checkTicketWithLabel.initialResponseSetting as CfnBot.InitialResponseSettingProperty;
    const noNextStep: CfnBot.IntentProperty = {
      ...checkTicketWithLabel,
      initialResponseSetting: { ...setting, nextStep: undefined },
    };
    const { say, lambda } = harness({ bot: dialogBot(noNextStep) });
    // Act
    await say('check ticket AB1234');
    // Assess: no call at the initial response (only the fulfillment hook, if any)
    expect(lambda.events.map((e) => e.invocationLabel).filter(Boolean)).toEqual([]);
  });

  /** MoveServer whose closing starts OrderDrink with these slot values (set-value syntax). */
  const chainedToDrink = (
    slots: Record<string, string>,
    sessionAttributes?: { key: string; value: string }[],
  ): CfnBot.IntentProperty => ({
    ...moveServerWithHooks,
    intentClosingSetting: {
      isActive: true,
      nextStep: {
        dialogAction: { type: 'StartIntent' },
        ...(sessionAttributes ? { sessionAttributes } : {}),
        intent: {
          name: 'OrderDrink',
          slots: Object.entries(slots).map(([slotName, interpretedValue]) => ({
            slotName,
            slotValueOverride: { shape: 'Scalar', value: { interpretedValue } },
          })),
        },
      },
    },
  });

  it('StartIntent chains into another intent with slots from [attribute] and $.transcriptions', async () => {
    // Prepare: after a move, offer a drink of the session's favourite; the server is carried
    // over through a session attribute set from {Server} (Lex's documented way)
    const chained = chainedToDrink({ Drink: '[favourite]', Count: '[owner]' }, [
      { key: 'owner', value: '{Server}' },
    ]);
    const { say } = harness({ bot: dialogBot(chained, orderDrinkPlain) });
    await say('move server-1 to rack-b', {
      sessionState: { sessionAttributes: { favourite: 'latte' } },
    });
    // Act
    const r = await say('yes');
    // Assess
    expect(summary(r)).toMatchObject({ intent: 'OrderDrink', state: 'ReadyForFulfillment' });
    expect(slotValues(r)).toEqual({ Drink: 'latte', Count: 'server-1' });
    expect(r.sessionState.sessionAttributes).toMatchObject({ owner: 'server-1' });
    expect(contents(r)).toEqual(['Done: MoveServer.', 'Moved.', 'Enjoy your latte!']);
  });

  it('a slot value set from the transcription ($.transcriptions[0].transcription)', async () => {
    const chained = chainedToDrink({ Drink: '$.transcriptions[0].transcription' });
    const { say } = harness({ bot: dialogBot(chained, orderDrinkPlain) });
    await say('move server-1 to rack-b');
    const r = await say('yes');
    expect(slotValues(r)).toMatchObject({ Drink: 'yes' });
  });

  it('reads $.transcriptions from the transcription of this input, as the event carries it', async () => {
    // Prepare: slots set from the transcription's resolved slots, on a turn that says the rack
    // only; an interpretedValue is not in a text transcription, so that path reads as null
    const chained = chainedToDrink({
      Drink: '$.transcriptions[0].resolvedSlots.Rack.value.originalValue',
      Count: '$.transcriptions[0].resolvedSlots.Rack.value.interpretedValue',
    });
    const noConfirmation = { ...chained, intentConfirmationSetting: undefined };
    const { say } = harness({ bot: dialogBot(noConfirmation, orderDrinkPlain) });
    await say('relocate server-1');
    // Act
    const r = await say('rack-b');
    // Assess
    expect(slotValues(r)).toEqual({ Drink: 'rack-b', Count: null });
  });

  it('a $.transcriptions path to a slot this input did not say is null', async () => {
    const chained = chainedToDrink({
      Drink: '$.transcriptions[0].resolvedSlots.Server.value.originalValue',
    });
    const { say } = harness({ bot: dialogBot(chained, orderDrinkPlain) });
    await say('move server-1 to rack-b');
    const r = await say('yes');
    expect(slotValues(r)).toMatchObject({ Drink: null });
  });

  it('refuses a {Slot} reference as a slot value of a next step (not a documented source)', () => {
    const chained = chainedToDrink({ Drink: '{Server}' });
    expect(() => harness({ bot: dialogBot(chained, orderDrinkPlain) })).toThrow(
      /references a slot/,
    );
  });

  it('a conditional picks the first true branch, else the default branch', async () => {
    const conditionalGreet: CfnBot.IntentProperty = {
      ...greet,
      initialResponseSetting: {
        conditional: {
          isActive: true,
          conditionalBranches: [
            {
              name: 'Known',
              condition: { expressionString: 'fn.IS_SET([name]) AND [name] != "stranger"' },
              response: response('Hello again, [name].'),
              nextStep: { dialogAction: { type: 'EndConversation' } },
            },
          ],
          defaultBranch: {
            response: response('Hello! What is your name?'),
            nextStep: { dialogAction: { type: 'ElicitIntent' } },
          },
        },
      },
    };
    const { say } = harness({ bot: dialogBot(conditionalGreet) });
    const known = await say('hello', { sessionState: { sessionAttributes: { name: 'Ada' } } });
    const unknown = await say('hello', {}, 'session-2');
    expect(contents(known)).toEqual(['Hello again, Ada.']);
    expect(summary(known).action).toBe('Close');
    expect(contents(unknown)).toEqual(['Hello! What is your name?']);
    expect(summary(unknown).action).toBe('ElicitIntent');
  });

  it('the FallbackIntent without code hooks closes ReadyForFulfillment (as Lex does)', async () => {
    const { say } = harness();
    const r = await say("what's the weather in Paris");
    expect(summary(r)).toMatchObject({
      intent: 'FallbackIntent',
      action: 'Close',
      state: 'ReadyForFulfillment',
    });
    expect(r.interpretations[0]).toEqual({
      intent: {
        name: 'FallbackIntent',
        slots: {},
        state: 'ReadyForFulfillment',
        confirmationState: 'None',
      },
      interpretationSource: 'Lex',
    });
  });

  it('recognises built-in intents', async () => {
    const { say } = harness();
    expect(summary(await say('never mind')).intent).toBe('Cancel');
  });

  it('a flow that loops forever is stopped', async () => {
    const looping: CfnBot.IntentProperty = {
      ...greet,
      intentClosingSetting: {
        isActive: true,
        nextStep: { dialogAction: { type: 'CloseIntent' } },
      },
    };
    const { say } = harness({ bot: dialogBot(looping) });
    await expect(say('hello')).rejects.toMatchObject({ type: 'InternalServerException' });
  });
});

describe('messages', () => {
  it('fills {Slot} and [attribute] references and keeps unknown ones visible', async () => {
    const talkative: CfnBot.IntentProperty = {
      ...greet,
      intentClosingSetting: {
        isActive: true,
        closingResponse: response('Hi [name], {Nothing} here.'),
      },
    };
    const { say } = harness({ bot: dialogBot(talkative) });
    const r = await say('hello', { sessionState: { sessionAttributes: { name: 'Ada' } } });
    expect(contents(r)).toEqual(['Hi Ada, {Nothing} here.']);
  });
});
