import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lexResponseProblems,
  parseLexResponse,
  parseLexSessionState,
  type ResponseRuleContext,
} from '../../../src/lex';

// Responses are written as loose JSON here: the rules are for whatever a Lambda returns.
type Json = Record<string, unknown>;
const slot = (value: string) => ({
  shape: 'Scalar',
  value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
});

function response(
  type: string,
  extra: (r: Json & { sessionState: Json }) => void = () => {},
): Json {
  const r = {
    sessionState: {
      dialogAction: { type } as Json,
      intent: {
        name: 'MigrateVm',
        slots: { VmName: slot('vm-3'), TargetHost: null, AutoConverge: null } as Json,
        state: 'InProgress',
        confirmationState: 'None',
      } as Json,
      sessionAttributes: { offerReportFor: 'vm-3' } as Json,
    } as Json,
    messages: [{ contentType: 'PlainText', content: 'Which host?' }] as unknown[],
  };
  extra(r as Json & { sessionState: Json });
  return r;
}
const state = (r: Json) => r.sessionState as Json;
const intent = (r: Json) => state(r).intent as Json;
const action = (r: Json) => state(r).dialogAction as Json;

const BOT: ResponseRuleContext = {
  slotNames: {
    MigrateVm: ['VmName', 'TargetHost', 'AutoConverge'],
    HelpIntent: [],
  },
};

describe('lexResponseProblems: valid responses', () => {
  const valid: [string, Json][] = [
    ['Close Fulfilled', response('Close', (r) => (intent(r).state = 'Fulfilled'))],
    [
      'Close Failed without messages',
      response('Close', (r) => {
        intent(r).state = 'Failed';
        delete r.messages;
      }),
    ],
    ['Close InProgress', response('Close')],
    ['ElicitSlot', response('ElicitSlot', (r) => (action(r).slotToElicit = 'TargetHost'))],
    [
      'ElicitSlot with style and sub-slot',
      response('ElicitSlot', (r) => {
        Object.assign(action(r), {
          slotToElicit: 'TargetHost',
          slotElicitationStyle: 'SpellByLetter',
          subSlotToElicit: { name: 'Part', subSlotToElicit: { name: 'Inner' } },
        });
      }),
    ],
    ['ConfirmIntent', response('ConfirmIntent')],
    ['ElicitIntent without intent', response('ElicitIntent', (r) => delete state(r).intent)],
    ['Delegate, nothing else', { sessionState: { dialogAction: { type: 'Delegate' } } }],
    [
      'Delegate ReadyForFulfillment',
      response('Delegate', (r) => (intent(r).state = 'ReadyForFulfillment')),
    ],
    [
      'echoed originatingRequestId and runtimeHints, request attributes, empty messages for Delegate',
      response('Delegate', (r) => {
        Object.assign(state(r), { originatingRequestId: 'abc', runtimeHints: {} });
        r.requestAttributes = { 'x-client': 'cli' };
        r.messages = [];
      }),
    ],
    [
      'List and Composite slots',
      response('Delegate', (r) => {
        intent(r).slots = {
          Hosts: { shape: 'List', values: [slot('host-a'), slot('host-b')] },
          Address: { shape: 'Composite', subSlots: { City: slot('Oslo'), Zip: null } },
          NoShape: { value: { interpretedValue: 'x' } },
        };
      }),
    ],
    [
      'a full ImageResponseCard and SSML',
      response('ElicitIntent', (r) => {
        r.messages = [
          { contentType: 'SSML', content: '<speak>Hi</speak>' },
          {
            contentType: 'ImageResponseCard',
            imageResponseCard: {
              title: 'Hosts',
              subtitle: 'Pick one',
              imageUrl: 'https://example.com/h.png',
              buttons: Array.from({ length: 5 }, (_, i) => ({
                text: `host-${i}`,
                value: 'v'.repeat(50),
              })),
            },
          },
          { contentType: 'CustomPayload', content: '{"a":1}' },
        ];
      }),
    ],
    [
      'limits exactly reached',
      response('ElicitIntent', (r) => {
        r.messages = Array.from({ length: 10 }, () => ({
          contentType: 'PlainText',
          content: 'x'.repeat(1024),
        }));
        state(r).activeContexts = Array.from({ length: 20 }, (_, i) => ({
          name: `ctx_${i}`,
          contextAttributes: Object.fromEntries(
            Array.from({ length: 10 }, (_, j) => [`k${j}`, 'v']),
          ),
          timeToLive: { timeToLiveInSeconds: i % 2 ? 5 : 86_400, turnsToLive: i % 2 ? 1 : 20 },
        }));
      }),
    ],
  ];

  it.each(valid)('%s', (_name, r) => {
    // Act
    const problems = lexResponseProblems(r);

    // Assess
    expect(problems).toEqual([]);
  });

  it('accepts a valid response with the bot context', () => {
    // Prepare
    const r = response('ElicitSlot', (x) => (action(x).slotToElicit = 'TargetHost'));

    // Act
    const problems = lexResponseProblems(r, BOT);

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('lexResponseProblems: each rule', () => {
  const cases: [string, unknown, string, ResponseRuleContext?][] = [
    // The response and sessionState
    ['not an object', [], 'the response must be a JSON object, got an array'],
    ['null', null, 'the response must be a JSON object, got null'],
    ['no sessionState', { messages: [] }, 'sessionState is missing'],
    ['sessionState a string', { sessionState: 'x' }, 'sessionState must be an object, got "x"'],
    [
      'a typo at the top',
      response('Close', (r) => (r.message = r.messages)),
      'message is not a field of the response (allowed: sessionState, messages, requestAttributes)',
    ],
    [
      'a typo in sessionState',
      response('Delegate', (r) => (state(r).sessionAttribute = {})),
      'sessionState.sessionAttribute is not a field of sessionState (allowed: dialogAction, intent, sessionAttributes, activeContexts, originatingRequestId, runtimeHints)',
    ],
    // dialogAction
    ['no dialogAction', { sessionState: {} }, 'sessionState.dialogAction is missing'],
    [
      'no dialogAction type',
      { sessionState: { dialogAction: {} } },
      'sessionState.dialogAction.type is missing',
    ],
    [
      'dialogAction None',
      response('None'),
      'sessionState.dialogAction.type must be one of Close, ConfirmIntent, Delegate, ElicitIntent or ElicitSlot, got "None"',
    ],
    [
      'a typo in dialogAction',
      response('ElicitSlot', (r) => (action(r).slot = 'VmName')),
      'sessionState.dialogAction.slot is not a field of sessionState.dialogAction (allowed: type, slotToElicit, slotElicitationStyle, subSlotToElicit)',
    ],
    // Close
    [
      'Close without intent',
      response('Close', (r) => delete state(r).intent),
      'dialogAction Close requires sessionState.intent.name',
    ],
    [
      'Close ReadyForFulfillment',
      response('Close', (r) => (intent(r).state = 'ReadyForFulfillment')),
      'dialogAction Close requires sessionState.intent.state to be Failed, Fulfilled or InProgress, got "ReadyForFulfillment"',
    ],
    [
      'Close without state',
      response('Close', (r) => delete intent(r).state),
      'dialogAction Close requires sessionState.intent.state to be Failed, Fulfilled or InProgress, got nothing',
    ],
    // ElicitSlot
    [
      'ElicitSlot without slotToElicit',
      response('ElicitSlot'),
      'dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
    ],
    [
      'ElicitSlot without intent name',
      response('ElicitSlot', (r) => {
        action(r).slotToElicit = 'VmName';
        delete intent(r).name;
      }),
      'dialogAction ElicitSlot requires sessionState.intent.name',
    ],
    [
      'ElicitSlot with an empty slot name',
      response('ElicitSlot', (r) => (action(r).slotToElicit = '')),
      'sessionState.dialogAction.slotToElicit must not be empty',
    ],
    [
      'ElicitSlot of a slot the intent does not have',
      response('ElicitSlot', (r) => (action(r).slotToElicit = 'HostName')),
      'sessionState.dialogAction.slotToElicit must name a slot of intent MigrateVm (VmName, TargetHost, AutoConverge), got "HostName"',
      BOT,
    ],
    [
      'an unknown slot elicitation style',
      response('ElicitSlot', (r) =>
        Object.assign(action(r), { slotToElicit: 'VmName', slotElicitationStyle: 'Loud' }),
      ),
      'sessionState.dialogAction.slotElicitationStyle must be one of Default, SpellByLetter or SpellByWord, got "Loud"',
    ],
    [
      'a sub-slot without a name',
      response('ElicitSlot', (r) =>
        Object.assign(action(r), {
          slotToElicit: 'VmName',
          subSlotToElicit: { subSlotToElicit: {} },
        }),
      ),
      'sessionState.dialogAction.subSlotToElicit.name is missing',
    ],
    [
      'slotToElicit with Close',
      response('Close', (r) => (action(r).slotToElicit = 'VmName')),
      'dialogAction slotToElicit is only allowed with ElicitSlot',
    ],
    [
      'ReadyForFulfillment with ElicitSlot',
      response('ElicitSlot', (r) => {
        action(r).slotToElicit = 'VmName';
        intent(r).state = 'ReadyForFulfillment';
      }),
      'sessionState.intent.state ReadyForFulfillment is only allowed with dialogAction Delegate, got ElicitSlot',
    ],
    // ConfirmIntent and ElicitIntent
    [
      'ConfirmIntent without messages',
      response('ConfirmIntent', (r) => delete r.messages),
      'dialogAction ConfirmIntent requires at least one message in messages',
    ],
    [
      'ConfirmIntent with an empty message list',
      response('ConfirmIntent', (r) => (r.messages = [])),
      'dialogAction ConfirmIntent requires at least one message in messages',
    ],
    [
      'ConfirmIntent without slots',
      response('ConfirmIntent', (r) => delete intent(r).slots),
      'dialogAction ConfirmIntent requires sessionState.intent.slots',
    ],
    [
      'ConfirmIntent without intent',
      response('ConfirmIntent', (r) => delete state(r).intent),
      'dialogAction ConfirmIntent requires sessionState.intent.name',
    ],
    [
      'ElicitIntent without messages',
      response('ElicitIntent', (r) => delete r.messages),
      'dialogAction ElicitIntent requires at least one message in messages',
    ],
    // intent
    [
      'intent without a name',
      response('Delegate', (r) => delete intent(r).name),
      'sessionState.intent.name is missing',
    ],
    [
      'intent name a number',
      response('Delegate', (r) => (intent(r).name = 7)),
      'sessionState.intent.name must be a string, got 7',
    ],
    [
      'an intent the bot does not have',
      response('Delegate', (r) => (intent(r).name = 'OrderPizza')),
      'sessionState.intent.name must be an intent of the bot (MigrateVm, HelpIntent), got "OrderPizza"',
      BOT,
    ],
    [
      'an intent called constructor',
      response('Delegate', (r) => (intent(r).name = 'constructor')),
      'sessionState.intent.name must be an intent of the bot (MigrateVm, HelpIntent), got "constructor"',
      BOT,
    ],
    [
      'an unknown intent state',
      response('Delegate', (r) => (intent(r).state = 'Done')),
      'sessionState.intent.state must be one of Failed, Fulfilled, FulfillmentInProgress, InProgress, ReadyForFulfillment or Waiting, got "Done"',
    ],
    [
      'an unknown confirmation state',
      response('Delegate', (r) => (intent(r).confirmationState = 'Yes')),
      'sessionState.intent.confirmationState must be one of Confirmed, Denied or None, got "Yes"',
    ],
    [
      'a typo in intent',
      response('Delegate', (r) => (intent(r).slot = {})),
      'sessionState.intent.slot is not a field of sessionState.intent (allowed: name, slots, state, confirmationState)',
    ],
    // slots
    [
      'slots an array',
      response('Delegate', (r) => (intent(r).slots = [])),
      'sessionState.intent.slots must be an object, got an array',
    ],
    [
      'a slot a string',
      response('Delegate', (r) => ((intent(r).slots as Json).VmName = 'vm-3')),
      'sessionState.intent.slots.VmName must be an object, got "vm-3"',
    ],
    [
      'a slot the intent does not have',
      response('Delegate', (r) => ((intent(r).slots as Json).HostName = null)),
      'sessionState.intent.slots.HostName is not a slot of intent MigrateVm (VmName, TargetHost, AutoConverge)',
      BOT,
    ],
    [
      'a Scalar slot without value',
      response('Delegate', (r) => ((intent(r).slots as Json).VmName = { shape: 'Scalar' })),
      'sessionState.intent.slots.VmName.value is missing: a Scalar slot has a value (use null for an empty slot)',
    ],
    [
      'a slot value without interpretedValue',
      response(
        'Delegate',
        (r) =>
          ((intent(r).slots as Json).VmName = {
            shape: 'Scalar',
            value: { originalValue: 'vm 3' },
          }),
      ),
      'sessionState.intent.slots.VmName.value.interpretedValue is missing',
    ],
    [
      'an empty interpretedValue',
      response(
        'Delegate',
        (r) =>
          ((intent(r).slots as Json).VmName = { shape: 'Scalar', value: { interpretedValue: '' } }),
      ),
      'sessionState.intent.slots.VmName.value.interpretedValue must not be empty',
    ],
    [
      'resolvedValues not an array',
      response(
        'Delegate',
        (r) =>
          ((intent(r).slots as Json).VmName = {
            value: { interpretedValue: 'a', resolvedValues: 'a' },
          }),
      ),
      'sessionState.intent.slots.VmName.value.resolvedValues must be an array, got "a"',
    ],
    [
      'an unknown slot shape',
      response(
        'Delegate',
        (r) => ((intent(r).slots as Json).VmName = { ...slot('a'), shape: 'Map' }),
      ),
      'sessionState.intent.slots.VmName.shape must be one of Scalar, List or Composite, got "Map"',
    ],
    [
      'a Composite slot without subSlots',
      response('Delegate', (r) => ((intent(r).slots as Json).VmName = { shape: 'Composite' })),
      'sessionState.intent.slots.VmName.subSlots is missing: a Composite slot has subSlots (use null for an empty slot)',
    ],
    [
      'a bad value inside a List slot',
      response(
        'Delegate',
        (r) =>
          ((intent(r).slots as Json).VmName = {
            shape: 'List',
            values: [slot('a'), { shape: 'Scalar' }],
          }),
      ),
      'sessionState.intent.slots.VmName.values[1].value is missing: a Scalar slot has a value (use null for an empty slot)',
    ],
    // session and request attributes
    [
      'a number as session attribute',
      response('Delegate', (r) => ((state(r).sessionAttributes as Json).count = 3)),
      'sessionState.sessionAttributes.count must be a string, got 3',
    ],
    [
      'sessionAttributes an array',
      response('Delegate', (r) => (state(r).sessionAttributes = ['a'])),
      'sessionState.sessionAttributes must be an object, got an array',
    ],
    [
      'an empty session attribute name',
      response('Delegate', (r) => ((state(r).sessionAttributes as Json)[''] = 'x')),
      'sessionState.sessionAttributes keys must not be empty',
    ],
    [
      'session attributes over 12 KB after base64',
      response('Delegate', (r) => (state(r).sessionAttributes = { big: 'x'.repeat(9300) })),
      'sessionState.sessionAttributes must take at most 12288 bytes after base64 (12 KB), got 12416',
    ],
    [
      'a request attribute that is not a string',
      response('Delegate', (r) => (r.requestAttributes = { n: null })),
      'requestAttributes.n must be a string, got null',
    ],
    // active contexts
    [
      'activeContexts an object',
      response('Delegate', (r) => (state(r).activeContexts = {})),
      'sessionState.activeContexts must be an array, got an object',
    ],
    [
      '21 active contexts',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = Array.from({ length: 21 }, (_, i) => ({
            name: `c${i}`,
            contextAttributes: {},
            timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
          }))),
      ),
      'sessionState.activeContexts must hold at most 20 items, got 21',
    ],
    [
      'an active context name with a dash',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'my-ctx',
              contextAttributes: {},
              timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].name must be letters, digits or single underscores, got "my-ctx"',
    ],
    [
      'a time to live of 4 s',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: {},
              timeToLive: { timeToLiveInSeconds: 4, turnsToLive: 2 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].timeToLive.timeToLiveInSeconds must be at least 5, got 4',
    ],
    [
      'a time to live of 86401 s',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: {},
              timeToLive: { timeToLiveInSeconds: 86_401, turnsToLive: 2 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].timeToLive.timeToLiveInSeconds must be at most 86400, got 86401',
    ],
    [
      '21 turns to live',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: {},
              timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 21 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].timeToLive.turnsToLive must be at most 20, got 21',
    ],
    [
      '1.5 turns to live',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: {},
              timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 1.5 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].timeToLive.turnsToLive must be an integer, got 1.5',
    ],
    [
      'an active context without timeToLive',
      response(
        'Delegate',
        (r) => (state(r).activeContexts = [{ name: 'c', contextAttributes: {} }]),
      ),
      'sessionState.activeContexts[0].timeToLive is missing',
    ],
    [
      '11 context attributes',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: Object.fromEntries(
                Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']),
              ),
              timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].contextAttributes must hold at most 10 attributes, got 11',
    ],
    [
      'an empty context attribute value',
      response(
        'Delegate',
        (r) =>
          (state(r).activeContexts = [
            {
              name: 'c',
              contextAttributes: { vm: '' },
              timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
            },
          ]),
      ),
      'sessionState.activeContexts[0].contextAttributes.vm must not be empty',
    ],
    // messages
    [
      'messages an object',
      response('Close', (r) => (r.messages = {})),
      'messages must be an array, got an object',
    ],
    [
      '11 messages',
      response(
        'Close',
        (r) =>
          (r.messages = Array.from({ length: 11 }, () => ({
            contentType: 'PlainText',
            content: 'hi',
          }))),
      ),
      'messages must hold at most 10 items, got 11',
    ],
    [
      'an empty message',
      response('Close', (r) => (r.messages = [{ contentType: 'PlainText', content: '' }])),
      'messages[0].content must not be empty',
    ],
    [
      'a 1025-character message',
      response(
        'Close',
        (r) => (r.messages = [{ contentType: 'PlainText', content: 'x'.repeat(1025) }]),
      ),
      'messages[0].content must be at most 1024 characters, got 1025',
    ],
    [
      'a message without content',
      response('Close', (r) => (r.messages = [{ contentType: 'PlainText' }])),
      'messages[0].content is missing: a PlainText message has content',
    ],
    [
      'an unknown content type',
      response('Close', (r) => (r.messages = [{ contentType: 'Markdown', content: '**hi**' }])),
      'messages[0].contentType must be one of CustomPayload, ImageResponseCard, PlainText or SSML, got "Markdown"',
    ],
    [
      'a message without content type',
      response('Close', (r) => (r.messages = [{ content: 'hi' }])),
      'messages[0].contentType is missing',
    ],
    [
      'a typo in a message',
      response('Close', (r) => (r.messages = [{ contentType: 'PlainText', text: 'hi' }])),
      'messages[0].text is not a field of messages[0] (allowed: contentType, content, imageResponseCard)',
    ],
    [
      'a card message without card',
      response('Close', (r) => (r.messages = [{ contentType: 'ImageResponseCard' }])),
      'messages[0].imageResponseCard is missing: an ImageResponseCard message has imageResponseCard',
    ],
    [
      'a card without title',
      response(
        'Close',
        (r) => (r.messages = [{ contentType: 'ImageResponseCard', imageResponseCard: {} }]),
      ),
      'messages[0].imageResponseCard.title is missing',
    ],
    [
      'a 251-character card title',
      response(
        'Close',
        (r) =>
          (r.messages = [
            { contentType: 'ImageResponseCard', imageResponseCard: { title: 't'.repeat(251) } },
          ]),
      ),
      'messages[0].imageResponseCard.title must be at most 250 characters, got 251',
    ],
    [
      'six buttons',
      response(
        'Close',
        (r) =>
          (r.messages = [
            {
              contentType: 'ImageResponseCard',
              imageResponseCard: {
                title: 't',
                buttons: Array.from({ length: 6 }, () => ({ text: 'a', value: 'a' })),
              },
            },
          ]),
      ),
      'messages[0].imageResponseCard.buttons must hold at most 5 items, got 6',
    ],
    [
      'a 51-character button text',
      response(
        'Close',
        (r) =>
          (r.messages = [
            {
              contentType: 'ImageResponseCard',
              imageResponseCard: { title: 't', buttons: [{ text: 'b'.repeat(51), value: 'a' }] },
            },
          ]),
      ),
      'messages[0].imageResponseCard.buttons[0].text must be at most 50 characters, got 51',
    ],
    [
      'an empty button value',
      response(
        'Close',
        (r) =>
          (r.messages = [
            {
              contentType: 'ImageResponseCard',
              imageResponseCard: { title: 't', buttons: [{ text: 'b', value: '' }] },
            },
          ]),
      ),
      'messages[0].imageResponseCard.buttons[0].value must not be empty',
    ],
    // size
    [
      'over 50 KB',
      response('Delegate', (r) => ((intent(r).slots as Json).VmName = slot('v'.repeat(20_000)))),
      'the response is 60391 bytes of JSON; the Lex V2 Lambda output quota is 51200 bytes (50 KB)',
    ],
  ];

  it.each(cases)('%s', (_name, r, expected, context) => {
    // Act
    const problems = lexResponseProblems(r, context);

    // Assess
    expect(problems).toContain(expected);
  });

  it('reports each broken rule once, and only those', () => {
    // Prepare
    const r = response('ElicitSlot', (x) => {
      (state(x).sessionAttributes as Json).n = 1;
      x.messages = [{ contentType: 'PlainText', content: '' }];
    });

    // Act
    const problems = lexResponseProblems(r);

    // Assess
    expect(problems).toEqual([
      'sessionState.sessionAttributes.n must be a string, got 1',
      'messages[0].content must not be empty',
      'dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
    ]);
  });

  it('counts UTF-8 bytes for the 50 KB quota', () => {
    // Prepare: 17,000 '€' are 17,000 characters but 51,000 bytes.
    const euros = (n: number) => ({
      shape: 'Scalar',
      value: { originalValue: 'euros', interpretedValue: '€'.repeat(n) },
    });
    const under = response('Delegate', (r) => ((intent(r).slots as Json).VmName = euros(16_900)));
    const over = response('Delegate', (r) => ((intent(r).slots as Json).VmName = euros(17_000)));

    // Act
    const [a, b] = [under, over].map((r) => lexResponseProblems(r));

    // Assess
    expect(a).toEqual([]);
    expect(b).toHaveLength(1);
    expect(b?.[0]).toMatch(
      /^the response is 51\d{3} bytes of JSON; the Lex V2 Lambda output quota/,
    );
  });
});

describe('lexResponseProblems: hostile input', () => {
  it('reports a cycle instead of throwing', () => {
    // Prepare
    const r = response('Close', (x) => (intent(x).self = x));

    // Act
    const problems = lexResponseProblems(r);

    // Assess
    expect(problems[0]).toMatch(/^the response is not valid JSON data: /);
  });

  it('reports a throwing getter instead of throwing', () => {
    // Prepare
    const r = response('Close');
    Object.defineProperty(state(r), 'intent', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });

    // Act
    const problems = lexResponseProblems(r);

    // Assess
    expect(problems).toEqual(['the response is not valid JSON data: boom']);
  });

  it('never throws on anything', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withMap: true }),
        (r) => {
          const problems = lexResponseProblems(r);
          expect(problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on anything placed inside a valid response', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Close', 'ElicitSlot', 'ConfirmIntent', 'Delegate', 'ElicitIntent'),
        fc.constantFrom<(r: Json) => Json>(
          (r) => r,
          state,
          intent,
          action,
          (r) => intent(r).slots as Json,
          (r) => (r.messages as Json[])[0] as Json,
        ),
        fc.string(),
        fc.anything({ withBigInt: true, withNullPrototype: true }),
        (type, at, key, value) => {
          const r = response(type);
          at(r)[key] = value;
          expect(Array.isArray(lexResponseProblems(r, BOT))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseLexResponse: what Lex keeps of a valid response', () => {
  it('gives a slot without shape the Scalar shape, and a value without originalValue the interpreted one', () => {
    // Prepare
    const r = response('Delegate', (x) => {
      intent(x).slots = { VmName: { value: { interpretedValue: 'vm-3' } }, TargetHost: null };
    });

    // Act
    const parsed = parseLexResponse(r);

    // Assess
    expect(parsed.ok && parsed.value.sessionState.intent?.slots).toEqual({
      VmName: {
        shape: 'Scalar',
        value: { originalValue: 'vm-3', interpretedValue: 'vm-3', resolvedValues: [] },
      },
      TargetHost: null,
    });
  });

  it('is a fresh copy that leaves absent what the Lambda left out', () => {
    // Prepare
    const r = { sessionState: { dialogAction: { type: 'Delegate' } } };

    // Act
    const parsed = parseLexResponse(r);

    // Assess
    expect(parsed).toEqual({ ok: true, value: r });
    expect(parsed.ok && parsed.value).not.toBe(r);
  });

  it('reads a session state with the same rules as a client sends it', () => {
    // Prepare: one broken active context, in a response and in a client's session state
    const context = {
      name: 'my-ctx',
      contextAttributes: {},
      timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 2 },
    };

    // Act
    const fromLambda = lexResponseProblems(
      response('Delegate', (x) => (state(x).activeContexts = [context])),
    );
    const fromClient = parseLexSessionState({ activeContexts: [context] });

    // Assess
    const problem =
      'sessionState.activeContexts[0].name must be letters, digits or single underscores, got "my-ctx"';
    expect(fromLambda).toEqual([problem]);
    expect(fromClient).toEqual({ ok: false, problems: [problem] });
  });
});
