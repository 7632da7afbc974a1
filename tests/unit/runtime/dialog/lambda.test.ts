import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { describe, expect, it } from 'vitest';
import { parseLexEvent, type LexEvent } from '../../../../src/lex';
import { LexRuntimeError } from '../../../../src/runtime';
import { dialogBot, moveServerWithHooks, orderDrinkPlain } from '../fixtures/dialog-bot';
import { text } from '../fixtures/fake-lambda';
import { contents, harness, slotValues, summary } from './harness';

const delegate = (e: LexEvent) => ({
  sessionState: { dialogAction: { type: 'Delegate' }, intent: e.sessionState.intent },
});

describe('the Lambda event', () => {
  it('has the exact Lex V2 shape on a dialog code hook', async () => {
    // Prepare
    const { say, lambda } = harness();
    // Act
    await say('relocate server-3', { requestAttributes: { channel: 'cli' } });
    // Assess
    const event = lambda.events[0] as LexEvent;
    const intent = {
      name: 'MoveServer',
      slots: {
        Server: {
          shape: 'Scalar',
          value: {
            originalValue: 'server-3',
            interpretedValue: 'server-3',
            resolvedValues: ['server-3'],
          },
        },
        Rack: null,
      },
      state: 'InProgress',
      confirmationState: 'None',
    };
    expect(Object.keys(event).sort()).toEqual(
      [
        'bot',
        'inputMode',
        'inputTranscript',
        'interpretations',
        'invocationSource',
        'messageVersion',
        'proposedNextState',
        'requestAttributes',
        'responseContentType',
        'sessionId',
        'sessionState',
        'transcriptions',
      ].sort(),
    );
    expect(event).toMatchObject({
      messageVersion: '1.0',
      invocationSource: 'DialogCodeHook',
      inputMode: 'Text',
      responseContentType: 'text/plain; charset=utf-8',
      sessionId: 'session-1',
      inputTranscript: 'relocate server-3',
      bot: {
        id: 'VMBOTLOCAL',
        name: 'FleetBot',
        aliasId: 'TSTALIASID',
        aliasName: 'TestBotAlias',
        localeId: 'en_US',
        version: 'DRAFT',
      },
      proposedNextState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'Rack' },
        intent,
        prompt: { attempt: 'Initial' },
      },
      sessionState: {
        sessionAttributes: {},
        intent,
        originatingRequestId: 'request-1',
      },
      requestAttributes: { channel: 'cli' },
      transcriptions: [
        {
          transcription: 'relocate server-3',
          transcriptionConfidence: 1,
          resolvedContext: { intent: 'MoveServer' },
          resolvedSlots: {
            Server: {
              shape: 'Scalar',
              value: { originalValue: 'server-3', resolvedValues: ['server-3'] },
            },
          },
        },
      ],
    });
    expect(event.interpretations[0]).toEqual({
      intent,
      nluConfidence: expect.any(Number),
      interpretationSource: 'Lex',
    });
    const fallback = event.interpretations.find((i) => i.intent.name === 'FallbackIntent');
    expect(fallback).toBeDefined();
    expect(fallback).not.toHaveProperty('nluConfidence');
    expect(event.interpretations.length).toBeLessThanOrEqual(5);
  });

  it('has no invocationLabel when the step sets none, and no requestAttributes when none are sent', async () => {
    const { say, lambda } = harness();
    await say('relocate server-3');
    expect(lambda.events[0]).not.toHaveProperty('invocationLabel');
    expect(lambda.events[0]).not.toHaveProperty('requestAttributes');
  });

  it('carries the retry attempt in proposedNextState after an answer that is no value', async () => {
    const { say, lambda } = harness({
      bot: dialogBot({ ...orderDrinkPlain, dialogCodeHook: { enabled: true } }),
    });
    await say('I want a coffee');
    await say('something hot');
    expect(lambda.last().proposedNextState).toMatchObject({
      dialogAction: { type: 'ElicitSlot', slotToElicit: 'Drink' },
      prompt: { attempt: 'Retry1' },
    });
  });

  it('has no proposedNextState when the next step is no slot, nor on fulfillment', async () => {
    const { say, lambda } = harness();
    await say('move server-1 to rack-b');
    await say('yes');
    expect(lambda.events.map((e) => e.proposedNextState)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(lambda.sources()).toEqual([
      'DialogCodeHook:MoveServer',
      'DialogCodeHook:MoveServer',
      'FulfillmentCodeHook:MoveServer',
    ]);
  });

  it('transcribes the text: the slots read from this input only, and the intent it resolved to', async () => {
    // Prepare
    const { say, lambda } = harness();
    // Act: the rack answers the prompt; then "yes" confirms
    await say('relocate server-3');
    await say('rack-b');
    await say('yes');
    // Assess
    const [, rack, yes] = lambda.events.map((e) => e.transcriptions);
    expect(rack).toEqual([
      {
        transcription: 'rack-b',
        transcriptionConfidence: 1,
        resolvedContext: { intent: 'MoveServer' },
        resolvedSlots: {
          Rack: { shape: 'Scalar', value: { originalValue: 'rack-b', resolvedValues: ['rack-b'] } },
        },
      },
    ]);
    expect(yes).toEqual([
      {
        transcription: 'yes',
        transcriptionConfidence: 1,
        resolvedContext: { intent: 'MoveServer' },
        resolvedSlots: {},
      },
    ]);
  });

  it('sends events the Lambda can read, whatever the turn', async () => {
    // Prepare: a Lambda that reads its events as vmbot's does
    const { say, lambda } = harness();
    // Act
    await say('relocate server-3');
    await say('rack-b');
    await say('yes');
    await say('what is the weather');
    // Assess
    expect(lambda.events.map((e) => parseLexEvent(e).ok)).toEqual(lambda.events.map(() => true));
  });

  it('keeps what Lex keeps of a slot the Lambda sets without shape or original value', async () => {
    // Prepare
    const { say, lambda } = harness({
      reply: (e) => ({
        sessionState: {
          dialogAction: { type: 'Delegate' },
          intent: {
            ...e.sessionState.intent,
            slots: {
              ...e.sessionState.intent.slots,
              Rack: { value: { interpretedValue: 'rack-a' } },
            },
          },
        },
      }),
    });
    // Act
    const r = await say('relocate server-3');
    await say('yes');
    // Assess: the next event carries the slot as Lex sends slots, and reads
    expect(r.sessionState.intent?.slots?.Rack).toEqual({
      shape: 'Scalar',
      value: { originalValue: 'rack-a', interpretedValue: 'rack-a', resolvedValues: [] },
    });
    expect(parseLexEvent(lambda.last()).ok).toBe(true);
  });

  it('is a copy: a Lambda that mutates its event changes nothing', async () => {
    const { say } = harness({
      reply: (e) => {
        e.sessionState.sessionAttributes.hacked = 'yes';
        return delegate(e);
      },
    });
    const r = await say('relocate server-3');
    expect(r.sessionState.sessionAttributes).toEqual({});
  });
});

describe('Lambda responses, honoured as Lex does', () => {
  it('ElicitSlot with messages: the Lambda speaks, the slot is elicited', async () => {
    const { say } = harness({
      reply: (e) => ({
        sessionState: {
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'Server' },
          intent: {
            ...e.sessionState.intent,
            slots: { ...e.sessionState.intent.slots, Server: null },
          },
        },
        messages: [text('There is no server-9. Which server?')],
      }),
    });
    const r = await say('relocate server-9');
    expect(contents(r)).toEqual(['There is no server-9. Which server?']);
    expect(summary(r)).toMatchObject({ action: 'ElicitSlot', slot: 'Server' });
    expect(slotValues(r).Server).toBeNull();
  });

  it('ElicitSlot without messages: the configured prompt', async () => {
    const { say } = harness({
      reply: (e) => ({
        sessionState: {
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'Rack' },
          intent: e.sessionState.intent,
        },
      }),
    });
    const r = await say('relocate server-3');
    expect(contents(r)).toEqual(['Which rack should server-3 go to?']);
  });

  it('slot values the Lambda sets are kept', async () => {
    const { say } = harness({
      reply: (e) =>
        e.invocationSource === 'DialogCodeHook'
          ? {
              sessionState: {
                dialogAction: { type: 'Delegate' },
                intent: {
                  ...e.sessionState.intent,
                  slots: {
                    ...e.sessionState.intent.slots,
                    Rack: {
                      shape: 'Scalar',
                      value: {
                        originalValue: 'rack-a',
                        interpretedValue: 'rack-a',
                        resolvedValues: ['rack-a'],
                      },
                    },
                  },
                },
              },
            }
          : delegate(e),
    });
    const r = await say('relocate server-3');
    expect(slotValues(r)).toEqual({ Server: 'server-3', Rack: 'rack-a' });
    expect(summary(r).action).toBe('ConfirmIntent');
  });

  it('ConfirmIntent: the Lambda asks; yes is Confirmed', async () => {
    const { say, lambda } = harness({
      reply: (e) =>
        e.sessionState.intent.confirmationState === 'None'
          ? {
              sessionState: {
                dialogAction: { type: 'ConfirmIntent' },
                intent: e.sessionState.intent,
              },
              messages: [text('Estimated 42 s. Go?')],
            }
          : delegate(e),
    });
    const ask = await say('move server-1 to rack-b');
    lambda.reply((e) =>
      e.invocationSource === 'FulfillmentCodeHook'
        ? {
            sessionState: {
              dialogAction: { type: 'Close' },
              intent: { ...e.sessionState.intent, state: 'Fulfilled' },
            },
            messages: [text('Moving.')],
          }
        : delegate(e),
    );
    const yes = await say('yes');
    expect(contents(ask)).toEqual(['Estimated 42 s. Go?']);
    expect(contents(yes)).toEqual(['Moving.', 'Moved.', 'Anything else?']);
  });

  it('ElicitIntent: the bot waits for a new request', async () => {
    const { say } = harness({
      reply: () => ({
        sessionState: { dialogAction: { type: 'ElicitIntent' } },
        messages: [text('What now?')],
      }),
    });
    const r = await say('relocate server-3');
    expect(summary(r).action).toBe('ElicitIntent');
    expect(contents(r)).toEqual(['What now?']);
  });

  it('Close from the dialog code hook ends the conversation without fulfillment', async () => {
    const { say, lambda } = harness({
      reply: (e) => ({
        sessionState: {
          dialogAction: { type: 'Close' },
          intent: { ...e.sessionState.intent, state: 'Failed' },
        },
        messages: [text('Server-3 is locked.')],
      }),
    });
    const r = await say('relocate server-3');
    expect(summary(r)).toMatchObject({ action: 'Close', state: 'Failed' });
    expect(contents(r)).toEqual(['Server-3 is locked.']);
    expect(lambda.events).toHaveLength(1);
  });

  it('a response naming another intent switches to it', async () => {
    const { say } = harness({
      reply: (e) =>
        e.sessionState.intent.name === 'MoveServer'
          ? {
              sessionState: {
                dialogAction: { type: 'Delegate' },
                intent: {
                  name: 'OrderDrink',
                  slots: {
                    Drink: {
                      shape: 'Scalar',
                      value: {
                        originalValue: 'latte',
                        interpretedValue: 'latte',
                        resolvedValues: ['latte'],
                      },
                    },
                  },
                },
              },
            }
          : delegate(e),
    });
    const r = await say('relocate server-3');
    expect(summary(r)).toMatchObject({ intent: 'OrderDrink', state: 'ReadyForFulfillment' });
    expect(contents(r)).toEqual(['Enjoy your latte!']);
  });

  it('session attributes the Lambda returns replace the stored ones', async () => {
    const { say } = harness({
      reply: (e) => ({
        ...delegate(e),
        sessionState: {
          ...delegate(e).sessionState,
          sessionAttributes: { lastServer: 'server-3' },
        },
      }),
    });
    const r = await say('relocate server-3', { sessionState: { sessionAttributes: { old: 'x' } } });
    expect(r.sessionState.sessionAttributes).toEqual({ lastServer: 'server-3' });
  });
});

describe('Lambda failures', () => {
  it('an invalid response is a DependencyFailedException naming the rule it broke', async () => {
    // Prepare
    const { say } = harness({
      reply: (e) => ({
        sessionState: { dialogAction: { type: 'ElicitSlot' }, intent: e.sessionState.intent },
      }),
    });
    // Act
    const failure = say('relocate server-3');
    // Assess
    await expect(failure).rejects.toBeInstanceOf(LexRuntimeError);
    await expect(failure).rejects.toMatchObject({
      type: 'DependencyFailedException',
      status: 424,
      message: expect.stringContaining(
        'Invalid Lambda Response: dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
      ),
    });
  });

  it('a Lambda that throws is a DependencyFailedException, and the session is left as it was', async () => {
    // Prepare
    const { say, lambda, runtime } = harness();
    await say('relocate server-3');
    lambda.reply(() => {
      throw new TypeError('boom');
    });
    // Act
    const failure = say('rack-a');
    // Assess
    await expect(failure).rejects.toMatchObject({
      type: 'DependencyFailedException',
      message: 'Invalid Lambda Response: Received error response from Lambda: TypeError: boom',
    });
    const session = await runtime.getSession({ sessionId: 'session-1' });
    expect(session.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Rack' });
  });

  it('a Lambda that does not answer in time: DependencyFailedException', async () => {
    const { say } = harness({ reply: () => new Promise(() => undefined), timeoutMs: 20 });
    await expect(say('relocate server-3')).rejects.toMatchObject({
      type: 'DependencyFailedException',
      message: expect.stringContaining('did not answer within 20 ms'),
    });
  });

  it('a Lambda that does not answer in time takes the timeout path when there is one', async () => {
    const patient: CfnBot.IntentProperty = {
      ...moveServerWithHooks,
      fulfillmentCodeHook: {
        enabled: true,
        postFulfillmentStatusSpecification: {
          timeoutResponse: {
            messageGroupsList: [
              { message: { plainTextMessage: { value: 'Still working on it.' } } },
            ],
          },
        },
      },
    };
    const { say, lambda } = harness({ bot: dialogBot(patient), timeoutMs: 20 });
    await say('move server-1 to rack-b');
    lambda.reply((e) =>
      e.invocationSource === 'FulfillmentCodeHook' ? new Promise(() => undefined) : delegate(e),
    );
    const r = await say('yes');
    expect(contents(r)).toEqual(['Still working on it.']);
  });
});
