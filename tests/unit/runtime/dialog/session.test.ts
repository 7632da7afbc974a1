import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLexEvent } from '../../../../src/lex';
import { createLexRuntime } from '../../../../src/runtime';
import type { ActiveContext, SessionState, SessionStateInput } from '../../../../src/runtime';
import { dialogBot, moveServerWithHooks, orderDrinkPlain } from '../fixtures/dialog-bot';
import { fakeLambda } from '../fixtures/fake-lambda';
import { greet } from '../fixtures/fleet-bot';
import { contents, harness, summary } from './harness';

describe('session attributes', () => {
  it('a client map replaces the stored map; omitted keeps it; {} clears it', async () => {
    const { say } = harness();
    const set = await say('hello', { sessionState: { sessionAttributes: { a: '1', b: '2' } } });
    const replaced = await say('hello', { sessionState: { sessionAttributes: { c: '3' } } });
    const kept = await say('hello');
    const cleared = await say('hello', { sessionState: { sessionAttributes: {} } });
    expect(set.sessionState.sessionAttributes).toEqual({ a: '1', b: '2' });
    expect(replaced.sessionState.sessionAttributes).toEqual({ c: '3' });
    expect(kept.sessionState.sessionAttributes).toEqual({ c: '3' });
    expect(cleared.sessionState.sessionAttributes).toEqual({});
  });

  it('request attributes last one turn: in that turn’s event and response only', async () => {
    const { say, lambda } = harness();
    const first = await say('relocate server-3', { requestAttributes: { channel: 'cli' } });
    const second = await say('rack-a');
    expect(first.requestAttributes).toEqual({ channel: 'cli' });
    expect(second).not.toHaveProperty('requestAttributes');
    expect(lambda.events[0]?.requestAttributes).toEqual({ channel: 'cli' });
    expect(lambda.events[1]).not.toHaveProperty('requestAttributes');
  });
});

describe('active contexts', () => {
  const ordered: CfnBot.IntentProperty = {
    ...orderDrinkPlain,
    outputContexts: [{ name: 'ordered', turnsToLive: 2, timeToLiveInSeconds: 60 }],
  };
  const thanks: CfnBot.IntentProperty = {
    ...greet,
    name: 'Thanks',
    sampleUtterances: [{ utterance: 'thanks for the coffee' }],
    inputContexts: [{ name: 'ordered' }],
  };

  it('an intent sets its output contexts when fulfilled; they gate intents with input contexts', async () => {
    const { say } = harness({ bot: dialogBot(ordered, thanks) });
    const before = await say('thanks for the coffee');
    const order = await say('order a latte');
    const after = await say('thanks for the coffee');
    expect(summary(before).intent).toBe('FallbackIntent');
    expect(order.sessionState.activeContexts).toEqual([
      {
        name: 'ordered',
        contextAttributes: {},
        timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
      },
    ]);
    expect(summary(after).intent).toBe('Thanks');
    expect(after.sessionState.activeContexts?.[0]?.timeToLive.turnsToLive).toBe(1);
  });

  it('a context expires after its turns', async () => {
    const { say } = harness({ bot: dialogBot(ordered, thanks) });
    await say('order a latte');
    await say('hello');
    await say('hello');
    const r = await say('thanks for the coffee');
    expect(summary(r).intent).toBe('FallbackIntent');
  });

  it('a context expires after its seconds', async () => {
    const { say, advance } = harness({ bot: dialogBot(ordered, thanks) });
    await say('order a latte');
    advance(61_000);
    const r = await say('thanks for the coffee');
    expect(summary(r).intent).toBe('FallbackIntent');
    expect(r.sessionState.activeContexts).toEqual([]);
  });

  it('the client can set contexts', async () => {
    const { say } = harness({ bot: dialogBot(ordered, thanks) });
    const context: ActiveContext = {
      name: 'ordered',
      contextAttributes: { drink: 'latte' },
      timeToLive: { timeToLiveInSeconds: 30, turnsToLive: 3 },
    };
    const r = await say('thanks for the coffee', { sessionState: { activeContexts: [context] } });
    expect(summary(r).intent).toBe('Thanks');
  });
});

describe('idle session TTL', () => {
  it('a session idle for longer than the bot TTL starts fresh', async () => {
    // Prepare
    const { say, advance, runtime } = harness();
    await say('relocate server-3');
    // Act
    advance(301_000);
    const r = await say('rack-a');
    // Assess: "rack-a" is no request on its own
    expect(summary(r).intent).not.toBe('MoveServer');
    await say('relocate server-3', {}, 'session-2');
    advance(299_000);
    expect((await runtime.getSession({ sessionId: 'session-2' })).sessionId).toBe('session-2');
  });

  it('GetSession of an expired session is ResourceNotFoundException', async () => {
    const { say, advance, runtime } = harness();
    await say('hello');
    advance(301_000);
    await expect(runtime.getSession({ sessionId: 'session-1' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
      status: 404,
    });
  });
});

describe('GetSession, PutSession, DeleteSession', () => {
  it('GetSession returns the last messages, interpretations and state', async () => {
    const { say, runtime } = harness();
    await say('relocate server-3');
    const session = await runtime.getSession({ sessionId: 'session-1' });
    expect(contents(session)).toEqual(['Which rack should server-3 go to?']);
    expect(session.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'Rack' });
    expect(session.interpretations?.[0]?.intent.name).toBe('MoveServer');
  });

  it('PutSession with ElicitSlot says the slot prompt; the next input answers it', async () => {
    // Prepare
    const { runtime, say } = harness();
    // Act
    const put = await runtime.putSession({
      sessionId: 'session-1',
      sessionState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'Rack' },
        intent: {
          name: 'MoveServer',
          slots: {
            Server: {
              shape: 'Scalar',
              value: {
                originalValue: 'server-2',
                interpretedValue: 'server-2',
                resolvedValues: ['server-2'],
              },
            },
          },
        },
        sessionAttributes: { origin: 'put' },
      },
    });
    const answer = await say('rack-a');
    // Assess
    expect(put.contentType).toBe('text/plain; charset=utf-8');
    expect(contents(put)).toEqual(['Which rack should server-2 go to?']);
    expect(summary(answer)).toMatchObject({ action: 'ConfirmIntent', intent: 'MoveServer' });
    expect(answer.sessionState.sessionAttributes).toEqual({ origin: 'put' });
  });

  it('PutSession with messages returns those messages', async () => {
    const { runtime } = harness();
    const put = await runtime.putSession({
      sessionId: 'session-1',
      sessionState: { dialogAction: { type: 'ElicitIntent' } },
      messages: [{ contentType: 'PlainText', content: 'Hi, what can I do?' }],
    });
    expect(contents(put)).toEqual(['Hi, what can I do?']);
  });

  it('PutSession with Delegate runs the flow of the intent', async () => {
    const { runtime } = harness({ bot: dialogBot(moveServerWithHooks) });
    const put = await runtime.putSession({
      sessionId: 'session-1',
      sessionState: { dialogAction: { type: 'Delegate' }, intent: { name: 'MoveServer' } },
    });
    expect(contents(put)).toEqual(['Which server?']);
  });

  it('DeleteSession forgets the session; deleting it again is ResourceNotFoundException', async () => {
    const { say, runtime } = harness();
    await say('hello');
    const deleted = await runtime.deleteSession({ sessionId: 'session-1' });
    expect(deleted).toEqual({
      botId: 'VMBOTLOCAL',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      sessionId: 'session-1',
    });
    await expect(runtime.getSession({ sessionId: 'session-1' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
    });
    await expect(runtime.deleteSession({ sessionId: 'session-1' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
    });
  });
});

describe('validation', () => {
  it.each([
    [
      { botId: 'SHORT' },
      "Value 'SHORT' at 'botId' failed to satisfy constraint: Member must have length equal to 10",
    ],
    [
      { botId: 'VMBOT-LOCA' },
      "at 'botId' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
    [
      { sessionId: 'x' },
      "at 'sessionId' failed to satisfy constraint: Member must have length between 2 and 100",
    ],
    [{ sessionId: 'a b' }, "at 'sessionId' failed to satisfy constraint"],
    [
      { text: '' },
      "at 'text' failed to satisfy constraint: Member must have length between 1 and 1024",
    ],
    [{ text: 'x'.repeat(1025) }, "at 'text' failed to satisfy constraint"],
  ])('%j is a ValidationException', async (bad, message) => {
    const { runtime } = harness();
    await expect(
      runtime.recognizeText({ sessionId: 'session-1', text: 'hello', ...bad }),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      status: 400,
      message: expect.stringContaining(message),
    });
  });

  it.each([{ botId: 'OTHERBOT01' }, { botAliasId: 'LIVEALIAS1' }, { localeId: 'fr_FR' }])(
    '%j is a ResourceNotFoundException',
    async (other) => {
      const { runtime } = harness();
      await expect(
        runtime.recognizeText({ sessionId: 'session-1', text: 'hello', ...other }),
      ).rejects.toMatchObject({ type: 'ResourceNotFoundException', status: 404 });
    },
  );

  it('an unknown intent in the session state is a ValidationException', async () => {
    const { runtime } = harness();
    await expect(
      runtime.putSession({ sessionId: 'session-1', sessionState: { intent: { name: 'Nope' } } }),
    ).rejects.toMatchObject({ type: 'ValidationException' });
  });
});

describe('concurrency', () => {
  it('requests on one session run one after the other, in arrival order', async () => {
    // Prepare: a slow Lambda, so that the second request arrives while the first runs
    const order: string[] = [];
    const lambda = fakeLambda(async (e) => {
      order.push(`start ${e.inputTranscript}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`end ${e.inputTranscript}`);
      return {
        sessionState: { dialogAction: { type: 'Delegate' }, intent: e.sessionState.intent },
      };
    });
    const runtime = createLexRuntime({
      bot: dialogBot(),
      invokeLambda: lambda.fn,
      random: () => 0,
    });
    // Act
    const [first, second] = await Promise.all([
      runtime.recognizeText({ sessionId: 'same', text: 'relocate server-3' }),
      runtime.recognizeText({ sessionId: 'same', text: 'rack-a' }),
    ]);
    // Assess
    expect(order).toEqual([
      'start relocate server-3',
      'end relocate server-3',
      'start rack-a',
      'end rack-a',
    ]);
    expect(summary(first).slot).toBe('Rack');
    expect(summary(second).action).toBe('ConfirmIntent');
  });

  it('sessions are isolated from each other', async () => {
    const { say } = harness();
    await Promise.all([say('relocate server-1', {}, 'a1'), say('relocate server-2', {}, 'b1')]);
    const [a, b] = await Promise.all([say('rack-a', {}, 'a1'), say('rack-b', {}, 'b1')]);
    expect(contents(a)).toEqual(['Move server-1 to rack-a?']);
    expect(contents(b)).toEqual(['Move server-2 to rack-b?']);
  });
});

describe('the session state a client sends, read as the Lambda reads its events', () => {
  const server = (value: Record<string, unknown>) => ({
    name: 'MoveServer',
    slots: { Server: value },
  });
  const context = (name: string, ttl = { timeToLiveInSeconds: 60, turnsToLive: 2 }) => ({
    name,
    contextAttributes: {},
    timeToLive: ttl,
  });

  it.each([
    [
      'a slot without shape',
      { intent: server({ value: { originalValue: 'server-2', interpretedValue: 'server-2' } }) },
      'sessionState.intent.slots.Server.shape is missing',
    ],
    [
      'a slot value without interpretedValue',
      { intent: server({ shape: 'Scalar', value: { originalValue: 'server-2' } }) },
      'sessionState.intent.slots.Server.value.interpretedValue is missing',
    ],
    [
      'a List slot with a null value',
      { intent: server({ shape: 'List', values: [null] }) },
      'sessionState.intent.slots.Server.values[0] must be an object, got null',
    ],
    [
      'a context named __proto__',
      { activeContexts: [context('__proto__')] },
      'sessionState.activeContexts[0].name must be letters, digits or single underscores, got "__proto__"',
    ],
    [
      'a context living 0 turns',
      { activeContexts: [context('c', { timeToLiveInSeconds: 60, turnsToLive: 0 })] },
      'sessionState.activeContexts[0].timeToLive.turnsToLive must be at least 1, got 0',
    ],
    [
      'attributes over the 12 KB the Lambda can send back',
      { sessionAttributes: { big: 'x'.repeat(9300) } },
      'sessionState.sessionAttributes must take at most 12288 bytes after base64 (12 KB), got 12416',
    ],
    [
      'a state larger than any event',
      {
        activeContexts: [context('c'), context('d')].map((c, i) => ({
          ...c,
          contextAttributes: Object.fromEntries(
            Array.from({ length: 10 }, (_, j) => [`k${j}`, `${i}`.repeat(1000)]),
          ),
        })),
      },
      'sessionState and requestAttributes take 20',
    ],
    [
      'an attribute that is no string',
      { sessionAttributes: { count: 3 } },
      'sessionState.sessionAttributes.count must be a string, got 3',
    ],
    [
      'ElicitSlot without the slot',
      { dialogAction: { type: 'ElicitSlot' }, intent: { name: 'MoveServer' } },
      'dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
    ],
  ])(
    '%s is a ValidationException, and PutSession stores nothing',
    async (_name, state, message) => {
      // Prepare: a session with an attribute already
      const { runtime, say, lambda } = harness({ bot: dialogBot(moveServerWithHooks) });
      await say('hello', { sessionState: { sessionAttributes: { before: 'yes' } } });
      const calls = lambda.events.length;
      const expected = {
        type: 'ValidationException',
        status: 400,
        message: expect.stringContaining(message),
      };

      // Act
      const put = runtime.putSession({
        sessionId: 'session-1',
        sessionState: state as SessionState,
      });
      const text = say('relocate server-2', { sessionState: state as SessionState });

      // Assess
      await expect(put).rejects.toMatchObject(expected);
      await expect(text).rejects.toMatchObject(expected);
      const after = await runtime.getSession({ sessionId: 'session-1' });
      expect(after.sessionState.sessionAttributes).toEqual({ before: 'yes' });
      expect(lambda.events.length).toBe(calls);
    },
  );

  it('takes a slot value without originalValue as said that way, and the Lambda reads it', async () => {
    // Prepare
    const { runtime, say, lambda } = harness({ bot: dialogBot(moveServerWithHooks) });
    const intent: SessionStateInput['intent'] = {
      name: 'MoveServer',
      slots: { Server: { shape: 'Scalar', value: { interpretedValue: 'server-2' } } },
    };

    // Act: the session waits for the rack; the answer goes to the dialog code hook
    await runtime.putSession({
      sessionId: 'session-1',
      sessionState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'Rack' },
        intent,
      },
    });
    await say('rack-a');

    // Assess
    const event = lambda.last();
    expect(event.sessionState.intent.slots.Server).toEqual({
      shape: 'Scalar',
      value: { originalValue: 'server-2', interpretedValue: 'server-2', resolvedValues: [] },
    });
    expect(parseLexEvent(event).ok).toBe(true);
  });

  it('drops keys that could reach a prototype, as the Lambda does', async () => {
    // Prepare
    const { runtime } = harness();
    const state = JSON.parse(
      '{"sessionAttributes":{"__proto__":{"polluted":"yes"},"constructor":"c","ok":"fine"}}',
    ) as SessionState;

    // Act
    const put = await runtime.putSession({ sessionId: 'session-1', sessionState: state });

    // Assess
    expect(put.sessionState.sessionAttributes).toEqual({ ok: 'fine' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('whatever state it accepts, the Lambda can read (property)', async () => {
    // Arbitrary states from valid pieces and, now and then, broken ones (mostly valid, so that
    // both sides are exercised), small enough for any event to fit 12 KB.
    const mostly = <T, U>(valid: fc.Arbitrary<T>, broken: fc.Arbitrary<U>) =>
      fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: broken, weight: 1 });
    const text = fc.string({ maxLength: 12 });
    const word = fc.string({ minLength: 1, maxLength: 12 });
    const slotValue = mostly(
      fc.record(
        {
          originalValue: word,
          interpretedValue: word,
          resolvedValues: fc.array(word, { maxLength: 2 }),
        },
        { requiredKeys: ['interpretedValue'] },
      ),
      fc.record({ originalValue: text, interpretedValue: text }, { requiredKeys: [] }),
    );
    const slot = fc.oneof(
      fc.constant(null),
      fc.record({
        shape: mostly(fc.constant('Scalar'), fc.constantFrom('List', 'Map', undefined)),
        value: slotValue,
      }),
    );
    const name = mostly(
      fc.constantFrom('ctx', 'a_b', 'Ctx9'),
      fc.constantFrom('__proto__', 'a-b', '', 'a__b'),
    );
    const context = fc.record({
      name,
      contextAttributes: fc.dictionary(word, mostly(word, fc.constant('')), { maxKeys: 3 }),
      timeToLive: fc.record({
        timeToLiveInSeconds: mostly(
          fc.integer({ min: 5, max: 86_400 }),
          fc.integer({ min: -5, max: 4 }),
        ),
        turnsToLive: mostly(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0, 21, 1.5)),
      }),
    });
    const state = fc.record(
      {
        sessionAttributes: fc.dictionary(text, mostly(text, fc.integer()), { maxKeys: 4 }),
        activeContexts: fc.array(context, { maxLength: 3 }),
        intent: fc.record({
          name: fc.constant('MoveServer'),
          slots: fc.record({ Server: slot, Rack: slot }, { requiredKeys: [] }),
        }),
      },
      { requiredKeys: [] },
    );
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(state, async (sessionState) => {
        const { runtime, lambda } = harness({ bot: dialogBot(moveServerWithHooks) });
        try {
          await runtime.recognizeText({
            sessionId: 'session-1',
            text: 'rack-a',
            sessionState: sessionState as SessionState,
          });
          accepted++;
        } catch (error) {
          expect(error).toMatchObject({ type: 'ValidationException' });
          refused++;
        }
        for (const event of lambda.events) expect(parseLexEvent(event)).toMatchObject({ ok: true });
      }),
      { numRuns: 200 },
    );
    // Both sides of the contract were exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});
