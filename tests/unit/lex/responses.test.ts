import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  close,
  confirmIntent,
  delegate,
  elicitIntent,
  elicitSlot,
  lexResponseProblems,
  LexResponseError,
  scalarSlot,
  setSlot,
  CLOSE_INTENT_STATES,
  CONFIRMATION_STATES,
  INTENT_STATES,
  type LexActiveContext,
  type LexMessage,
  type LexSlots,
  type SessionInput,
} from '../../../src/lex';
import { deepFreeze, eventFixture, wire } from './helpers';

const migrate = () => deepFreeze(eventFixture('migrate-vm-dialog-slots-filled').sessionState);
const fulfil = () => deepFreeze(eventFixture('migrate-vm-fulfillment').sessionState);

describe('close', () => {
  it('ends the intent with its slots, state and messages, carrying the session', () => {
    // Prepare
    const session = fulfil();

    // Act
    const response = close(session, { state: 'Fulfilled', messages: 'vm-3 is now on host-b.' });

    // Assess
    expect(wire(response)).toEqual({
      sessionState: {
        dialogAction: { type: 'Close' },
        intent: {
          name: 'MigrateVm',
          slots: wire(session.intent.slots),
          state: 'Fulfilled',
          confirmationState: 'Confirmed',
        },
        sessionAttributes: {},
        activeContexts: wire(session.activeContexts),
      },
      messages: [{ contentType: 'PlainText', content: 'vm-3 is now on host-b.' }],
    });
    expect(lexResponseProblems(response)).toEqual([]);
  });

  it('sets and removes session attributes, keeping the others', () => {
    // Prepare
    const session = deepFreeze(eventFixture('help-fulfillment').sessionState);

    // Act
    const response = close(session, {
      state: 'Fulfilled',
      sessionAttributes: { offerReportFor: 'vm-3', recommendedVm: null },
    });

    // Assess
    expect(response.sessionState.sessionAttributes).toEqual({
      recommendedHost: 'host-c',
      offerReportFor: 'vm-3',
    });
    expect(session.sessionAttributes).toEqual({ recommendedVm: 'vm-2', recommendedHost: 'host-c' });
  });

  it('shares no object with the session, so changing the response leaves the event as it was', () => {
    // Prepare
    const event = eventFixture('migrate-vm-fulfillment');
    const before = wire(event);

    // Act
    const response = close(event.sessionState, { state: 'Failed', messages: 'No.' });
    response.sessionState.intent!.slots!.VmName = null;
    response.sessionState.activeContexts![0]!.name = 'changed';
    response.sessionState.sessionAttributes!.x = 'y';

    // Assess
    expect(wire(event)).toEqual(before);
  });

  it('replaces the active contexts when asked, and leaves them out when the session has none', () => {
    // Prepare
    const context: LexActiveContext = {
      name: 'report_offered',
      contextAttributes: { vm: 'vm-3' },
      timeToLive: { timeToLiveInSeconds: 120, turnsToLive: 2 },
    };

    // Act
    const replaced = close(fulfil(), { state: 'Fulfilled', activeContexts: [context] });
    const cleared = close(fulfil(), { state: 'Fulfilled', activeContexts: [] });
    const none = close(deepFreeze(eventFixture('help-fulfillment').sessionState), {
      state: 'Fulfilled',
    });

    // Assess
    expect(replaced.sessionState.activeContexts).toEqual([context]);
    expect(cleared.sessionState.activeContexts).toEqual([]);
    expect('activeContexts' in none.sessionState).toBe(false);
  });

  it('adds request attributes only when given', () => {
    // Act
    const with_ = close(fulfil(), { state: 'Fulfilled', requestAttributes: { channel: 'cli' } });
    const without = close(fulfil(), { state: 'Fulfilled' });

    // Assess
    expect(with_.requestAttributes).toEqual({ channel: 'cli' });
    expect('requestAttributes' in without).toBe(false);
    expect('messages' in without).toBe(false);
  });

  it('refuses, by type, a state Close cannot have', () => {
    // @ts-expect-error Close takes Failed, Fulfilled or InProgress only
    expect(() => close(fulfil(), { state: 'ReadyForFulfillment' })).toThrow(LexResponseError);
    // @ts-expect-error the state is required
    expect(() => close(fulfil(), {})).toThrow(LexResponseError);
  });

  it('refuses at run time an empty intent name, listing the problem', () => {
    // Act
    const attempt = () => close(fulfil(), { state: 'Fulfilled', intentName: '' });

    // Assess
    expect(attempt).toThrow(LexResponseError);
    expect(attempt).toThrow('invalid Lex V2 response: sessionState.intent.name must not be empty');
  });
});

describe('elicitSlot', () => {
  it('asks for the slot, emptying it so that Lex elicits it again', () => {
    // Prepare
    const session = migrate();

    // Act
    const response = elicitSlot(session, {
      slotToElicit: 'TargetHost',
      messages: 'There is no host-z. Did you mean host-a?',
    });

    // Assess
    expect(response.sessionState.dialogAction).toEqual({
      type: 'ElicitSlot',
      slotToElicit: 'TargetHost',
    });
    expect(response.sessionState.intent).toEqual({
      name: 'MigrateVm',
      slots: { ...wire(session.intent.slots), TargetHost: null },
      state: 'InProgress',
      confirmationState: 'None',
    });
    expect(session.intent.slots.TargetHost).not.toBeNull();
  });

  it('adds the slot to the slots when it was not there, and passes the elicitation style', () => {
    // Act
    const response = elicitSlot(migrate(), {
      slotToElicit: 'Extra',
      slotElicitationStyle: 'SpellByLetter',
      slots: {},
    });

    // Assess
    expect(response.sessionState.intent?.slots).toEqual({ Extra: null });
    expect(response.sessionState.dialogAction.slotElicitationStyle).toBe('SpellByLetter');
    expect('messages' in response).toBe(false);
  });

  it('can switch intent, with new slots and a fresh confirmation state', () => {
    // Prepare: chain from RecommendHost-like state into MigrateVm.
    const session = deepFreeze(eventFixture('help-fulfillment').sessionState);
    const slots = setSlot({ VmName: null, TargetHost: null, AutoConverge: null }, 'VmName', 'vm-2');

    // Act
    const response = elicitSlot(session, {
      intentName: 'MigrateVm',
      slots,
      slotToElicit: 'TargetHost',
      messages: 'Which host should vm-2 go to?',
    });

    // Assess
    expect(response.sessionState.intent).toEqual({
      name: 'MigrateVm',
      slots: { VmName: scalarSlot('vm-2'), TargetHost: null, AutoConverge: null },
      state: 'InProgress',
      confirmationState: 'None',
    });
  });

  it('refuses an empty slot name at run time', () => {
    expect(() => elicitSlot(migrate(), { slotToElicit: '' })).toThrow(
      'sessionState.dialogAction.slotToElicit must not be empty',
    );
    // @ts-expect-error slotToElicit is required
    expect(() => elicitSlot(migrate(), {})).toThrow(LexResponseError);
  });
});

describe('confirmIntent', () => {
  it('asks to confirm, with the confirmation state reset', () => {
    // Prepare
    const session = fulfil();

    // Act
    const response = confirmIntent(session, {
      messages: 'Live-migrate vm-3 to host-b? About 43 s, 125 ms of downtime.',
    });

    // Assess
    expect(response.sessionState.dialogAction).toEqual({ type: 'ConfirmIntent' });
    expect(response.sessionState.intent).toMatchObject({
      name: 'MigrateVm',
      state: 'InProgress',
      confirmationState: 'None',
    });
    expect(response.messages).toHaveLength(1);
  });

  it('needs at least one message, by type and at run time', () => {
    // @ts-expect-error messages are required
    expect(() => confirmIntent(fulfil(), {})).toThrow(LexResponseError);
    // @ts-expect-error an empty list is not a message
    expect(() => confirmIntent(fulfil(), { messages: [] })).toThrow(
      'dialogAction ConfirmIntent requires at least one message in messages',
    );
    // Empty text is dropped, which leaves none.
    expect(() => confirmIntent(fulfil(), { messages: '' })).toThrow(LexResponseError);
  });

  it('switches intent with empty slots unless given some', () => {
    // Act
    const response = confirmIntent(fulfil(), {
      intentName: 'MigrationReport',
      messages: 'Shall I show the report?',
    });

    // Assess
    expect(response.sessionState.intent).toEqual({
      name: 'MigrationReport',
      slots: {},
      state: 'InProgress',
      confirmationState: 'None',
    });
  });
});

describe('delegate', () => {
  it('hands the next step to Lex, carrying the intent and its state', () => {
    // Prepare
    const session = migrate();

    // Act
    const response = delegate(session);

    // Assess
    expect(wire(response)).toEqual({
      sessionState: {
        dialogAction: { type: 'Delegate' },
        intent: wire({ ...session.intent, state: 'InProgress' }),
        sessionAttributes: {},
        activeContexts: [],
      },
    });
  });

  it('carries ReadyForFulfillment, and InProgress for states Delegate should not return', () => {
    // Prepare
    const failed = { ...fulfil(), intent: { ...fulfil().intent, state: 'Fulfilled' as const } };

    // Act
    const ready = delegate(fulfil());
    const other = delegate(failed);
    const chosen = delegate(fulfil(), { state: 'InProgress' });

    // Assess
    expect(ready.sessionState.intent?.state).toBe('ReadyForFulfillment');
    expect(other.sessionState.intent?.state).toBe('InProgress');
    expect(chosen.sessionState.intent?.state).toBe('InProgress');
  });

  it('takes updated slots, e.g. a normalised value', () => {
    // Prepare
    const session = migrate();

    // Act
    const response = delegate(session, {
      slots: setSlot(session.intent.slots, 'VmName', 'vm-3', 'vm 3'),
    });

    // Assess
    expect(response.sessionState.intent?.slots?.VmName).toEqual(scalarSlot('vm-3', 'vm 3'));
  });
});

describe('elicitIntent', () => {
  it('asks what next, without an intent', () => {
    // Act
    const response = elicitIntent(fulfil(), { messages: ['Done.', 'What next?'] });

    // Assess
    expect(wire(response)).toEqual({
      sessionState: {
        dialogAction: { type: 'ElicitIntent' },
        sessionAttributes: {},
        activeContexts: wire(fulfil().activeContexts),
      },
      messages: [
        { contentType: 'PlainText', content: 'Done.' },
        { contentType: 'PlainText', content: 'What next?' },
      ],
    });
  });

  it('needs a message', () => {
    // @ts-expect-error messages are required
    expect(() => elicitIntent(fulfil(), {})).toThrow(
      'dialogAction ElicitIntent requires at least one message in messages',
    );
  });
});

describe('builders and invalid content', () => {
  it('refuse a slot without interpretedValue (Lex requires it back)', () => {
    // Prepare
    const slots: LexSlots = {
      VmName: { shape: 'Scalar', value: { originalValue: 'vm 3', resolvedValues: [] } },
    };

    // Act
    const attempt = () => delegate(migrate(), { slots });

    // Assess
    expect(attempt).toThrow('sessionState.intent.slots.VmName.value.interpretedValue is missing');
  });

  it('refuse SSML longer than 1024 characters (it cannot be split safely)', () => {
    // Prepare
    const ssml: LexMessage = { contentType: 'SSML', content: `<speak>${'a'.repeat(1020)}</speak>` };

    // Act
    const attempt = () => close(fulfil(), { state: 'Fulfilled', messages: ssml });

    // Assess
    expect(attempt).toThrow('messages[0].content must be at most 1024 characters, got 1035');
  });

  it('list every problem on the error', () => {
    // Act
    let error: unknown;
    try {
      close(fulfil(), { state: 'Fulfilled', intentName: '', sessionAttributes: { '': 'x' } });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(LexResponseError);
    expect((error as LexResponseError).problems).toEqual([
      'sessionState.intent.name must not be empty',
      'sessionState.sessionAttributes keys must not be empty',
      'dialogAction Close requires sessionState.intent.name',
    ]);
  });
});

describe('builders: properties', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);
  const text = fc.string({ minLength: 1, maxLength: 40 });
  const slot = fc.record({ interpreted: text, original: text });
  const slots = fc
    .dictionary(name, fc.option(slot, { nil: null }), { maxKeys: 5 })
    .map((entries): LexSlots =>
      Object.fromEntries(
        Object.entries(entries).map(([key, value]) => [
          key,
          value && scalarSlot(value.interpreted, value.original),
        ]),
      ),
    );
  const contextName = fc.stringMatching(/^([A-Za-z0-9]_?){1,20}$/);
  const context = fc.record({
    name: contextName,
    // Few attributes: 20 contexts of 10 long ones plus 10 long messages pass the 50 KB quota.
    contextAttributes: fc.dictionary(text, text, { maxKeys: 3 }),
    timeToLive: fc.record({
      timeToLiveInSeconds: fc.integer({ min: 5, max: 86_400 }),
      turnsToLive: fc.integer({ min: 1, max: 20 }),
    }),
  });
  const session = fc.record(
    {
      intent: fc.record({
        name,
        slots,
        state: fc.constantFrom(...INTENT_STATES),
        confirmationState: fc.constantFrom(...CONFIRMATION_STATES),
      }),
      sessionAttributes: fc.dictionary(text, fc.string({ maxLength: 200 }), { maxKeys: 10 }),
      activeContexts: fc.array(context, { maxLength: 20 }),
    },
    { requiredKeys: ['intent', 'sessionAttributes'] },
  );
  // Texts of any length, with lines, emoji and spaces, in lists of any length.
  const chunk = fc.oneof(
    fc.string({ maxLength: 3000, unit: 'grapheme' }),
    fc.array(fc.string({ maxLength: 300 }), { maxLength: 30 }).map((lines) => lines.join('\n')),
    fc.constant('😀'.repeat(700)),
    fc.constant(`${'word '.repeat(300)}${'x'.repeat(1500)}`),
  );
  const someMessages = fc
    .array(chunk, { maxLength: 15 })
    .map((list) => ['first', ...list]) as fc.Arbitrary<[string, ...string[]]>;
  const common = fc.record(
    {
      sessionAttributes: fc.dictionary(
        text,
        fc.option(fc.string({ maxLength: 200 }), { nil: null }),
        {
          maxKeys: 5,
        },
      ),
      activeContexts: fc.array(context, { maxLength: 20 }),
      requestAttributes: fc.dictionary(text, fc.string({ maxLength: 50 }), { maxKeys: 5 }),
      intentName: name,
      slots,
      confirmationState: fc.constantFrom(...CONFIRMATION_STATES),
    },
    { requiredKeys: [] },
  );

  const check = (build: () => unknown, input: SessionInput) => {
    const before = JSON.stringify(input);
    const response = build();
    expect(lexResponseProblems(response)).toEqual([]);
    expect(JSON.stringify(input)).toBe(before);
  };

  it('close always builds a valid response and leaves the session as it was', () => {
    fc.assert(
      fc.property(
        session,
        common,
        fc.constantFrom(...CLOSE_INTENT_STATES),
        fc.option(someMessages, { nil: undefined }),
        (s, options, state, messages) => {
          deepFreeze(s);
          check(() => close(s, { ...options, state, messages }), s);
        },
      ),
      { numRuns: Number(process.env.LEX_PROPERTY_RUNS ?? 200) },
    );
  });

  it('elicitSlot, confirmIntent, delegate and elicitIntent always build valid responses', () => {
    fc.assert(
      fc.property(session, common, name, someMessages, (s, options, slotName, messages) => {
        deepFreeze(s);
        check(() => elicitSlot(s, { ...options, slotToElicit: slotName, messages }), s);
        check(() => confirmIntent(s, { ...options, messages }), s);
        check(() => delegate(s, options), s);
        const { sessionAttributes, activeContexts, requestAttributes } = options;
        check(
          () => elicitIntent(s, { sessionAttributes, activeContexts, requestAttributes, messages }),
          s,
        );
      }),
      { numRuns: Number(process.env.LEX_PROPERTY_RUNS ?? 200) },
    );
  });
});
