import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEX_LIMITS, parseLexEvent, type ParseEventResult } from '../../../src/lex';
import { fixtureNames, objectsIn, rawFixture, wire } from './helpers';

function problems(result: ParseEventResult): string[] {
  return result.ok ? [] : result.problems;
}

/** A valid event whose JSON is exactly `bytes` long, padded through inputTranscript. */
function eventOfSize(bytes: number, pad = 'x'): Record<string, unknown> {
  const event = rawFixture('help-fulfillment');
  event.inputTranscript = '';
  const base = Buffer.byteLength(JSON.stringify(event), 'utf8');
  const padBytes = Buffer.byteLength(pad, 'utf8');
  event.inputTranscript = pad.repeat(Math.floor((bytes - base) / padBytes));
  event.inputTranscript += 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(event), 'utf8'));
  return event;
}

describe('parseLexEvent: the sample events', () => {
  it.each(fixtureNames)('accepts %s', (name) => {
    // Prepare
    const raw = rawFixture(name);

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(problems(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('keeps every field of a realistic event, with null meaning absent', () => {
    // Prepare
    const raw = rawFixture('migrate-vm-dialog-slots-filled');
    const expected = wire(raw);
    delete expected.requestAttributes;

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok && wire(result.event)).toEqual(expected);
    expect(result.ok && 'requestAttributes' in result.event).toBe(false);
  });

  it('reads the fields @types/aws-lambda lacks', () => {
    // Prepare
    const offer = rawFixture('migration-report-offer');
    const elicit = rawFixture('migrate-vm-dialog-elicit');
    const speech = rawFixture('create-vm-speech');

    // Act
    const [a, b, c] = [offer, elicit, speech].map(parseLexEvent);

    // Assess
    expect(a?.ok && a.event.invocationLabel).toBe('offer-report');
    expect(b?.ok && b.event.proposedNextState?.prompt?.attempt).toBe('Initial');
    expect(b?.ok && b.event.interpretations.map((i) => i.interpretationSource)).toEqual([
      'Lex',
      'Lex',
    ]);
    expect(
      c?.ok && c.event.sessionState.runtimeHints?.slotHints?.CreateVm?.VmName?.runtimeHintValues,
    ).toEqual([{ phrase: 'vm-9' }, { phrase: 'vm-10' }]);
    expect(c?.ok && c.event.transcriptions?.[0]?.resolvedSlots?.MemoryGiB?.value).toEqual({
      originalValue: 'eight',
      resolvedValues: ['8'],
    });
  });

  it('accepts a FallbackIntent interpretation without nluConfidence', () => {
    // Prepare
    const raw = rawFixture('fallback-fulfillment');

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok && result.event.interpretations[0]).toEqual({
      intent: {
        name: 'FallbackIntent',
        slots: {},
        state: 'ReadyForFulfillment',
        confirmationState: 'None',
      },
      interpretationSource: 'Lex',
    });
  });

  it('fills in what Lex may leave out: sessionAttributes, slots, confirmationState, resolvedValues', () => {
    // Prepare
    const raw = rawFixture('migration-report-offer');
    const state = raw.sessionState as Record<string, Record<string, unknown>>;
    delete state.sessionAttributes;
    state.intent!.slots = null;
    delete state.intent!.confirmationState;

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok && result.event.sessionState.sessionAttributes).toEqual({});
    expect(result.ok && result.event.sessionState.intent).toEqual({
      name: 'MigrationReport',
      slots: {},
      state: 'InProgress',
      confirmationState: 'None',
    });
  });
});

describe('parseLexEvent: a fresh plain-data copy', () => {
  it('shares nothing with the input', () => {
    // Prepare
    const raw = rawFixture('migrate-vm-fulfillment');

    // Act
    const result = parseLexEvent(raw);
    if (!result.ok) throw new Error('fixture must parse');
    result.event.sessionState.sessionAttributes.added = 'yes';
    result.event.sessionState.intent.slots.VmName = null;

    // Assess
    const state = raw.sessionState as { sessionAttributes: object; intent: { slots: object } };
    expect(state.sessionAttributes).toEqual({});
    expect(state.intent.slots).toHaveProperty('VmName.value.interpretedValue', 'vm-3');
    expect(result.event).not.toBe(raw);
  });

  it('drops unknown fields, at the top and inside', () => {
    // Prepare
    const raw = rawFixture('help-fulfillment');
    raw.somethingNew = { deep: true };
    (raw.bot as Record<string, unknown>).arn = 'arn:aws:lex:...';
    (
      (raw.sessionState as Record<string, unknown>).intent as Record<string, unknown>
    ).kendraResponse = { resultItems: [] };

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && 'somethingNew' in result.event).toBe(false);
    expect(result.ok && 'arn' in result.event.bot).toBe(false);
    expect(result.ok && 'kendraResponse' in result.event.sessionState.intent).toBe(false);
  });

  it('reads getters and toJSON once through JSON, keeping no functions', () => {
    // Prepare
    const raw = rawFixture('help-fulfillment');
    let reads = 0;
    Object.defineProperty(raw, 'inputTranscript', {
      enumerable: true,
      get: () => `help ${++reads}`,
    });

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok && result.event.inputTranscript).toBe('help 1');
    expect(result.ok && Object.getOwnPropertyDescriptor(result.event, 'inputTranscript')).toEqual(
      expect.objectContaining({ value: 'help 1', writable: true }),
    );
  });
});

describe('parseLexEvent: no prototype can be reached', () => {
  const hostileAttributes =
    '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":"p","ok":"fine"}';

  it('drops __proto__, constructor and prototype keys from maps', () => {
    // Prepare
    const raw = rawFixture('help-fulfillment');
    (raw.sessionState as Record<string, unknown>).sessionAttributes = {
      ...(JSON.parse(hostileAttributes) as object),
    };
    const json = JSON.stringify(raw).replace(
      '"sessionAttributes":{',
      '"sessionAttributes":{"__proto__":"x",',
    );

    // Act
    const result = parseLexEvent(JSON.parse(json));

    // Assess: the object values made the map invalid, and nothing leaked either way.
    expect(problems(result)).toEqual([]);
    expect(result.ok && Object.keys(result.event.sessionState.sessionAttributes)).toEqual(['ok']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives maps a null prototype, so inherited names are not attributes or slots', () => {
    // Prepare
    const raw = rawFixture('migrate-vm-dialog-slots-filled');

    // Act
    const result = parseLexEvent(raw);
    if (!result.ok) throw new Error('fixture must parse');
    const { sessionAttributes, intent } = result.event.sessionState;

    // Assess
    expect(Object.getPrototypeOf(sessionAttributes)).toBeNull();
    expect(Object.getPrototypeOf(intent.slots)).toBeNull();
    expect(sessionAttributes.toString).toBeUndefined();
    expect(intent.slots.constructor).toBeUndefined();
  });

  it('drops a slot called __proto__ instead of letting it set a prototype', () => {
    // Prepare
    const json = JSON.stringify(rawFixture('migration-report-offer')).replace(
      '"slots":{"VmName"',
      '"slots":{"__proto__":{"shape":"Scalar","value":{"originalValue":"x","interpretedValue":"x","resolvedValues":[]}},"VmName"',
    );

    // Act
    const result = parseLexEvent(JSON.parse(json));

    // Assess
    expect(result.ok && Object.keys(result.event.sessionState.intent.slots)).toEqual(['VmName']);
  });
});

describe('parseLexEvent: problems name the field', () => {
  // The spoilers reach deep into untyped JSON on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Case = [string, (raw: Record<string, any>) => unknown, string];
  const cases: Case[] = [
    [
      'missing intent name',
      (raw) => delete raw.sessionState.intent.name,
      'sessionState.intent.name is missing',
    ],
    [
      'empty intent name',
      (raw) => (raw.sessionState.intent.name = ''),
      'sessionState.intent.name must not be empty',
    ],
    ['missing sessionState', (raw) => delete raw.sessionState, 'sessionState is missing'],
    [
      'unknown invocation source',
      (raw) => (raw.invocationSource = 'InitialResponse'),
      'invocationSource must be one of DialogCodeHook or FulfillmentCodeHook, got "InitialResponse"',
    ],
    [
      'another message version',
      (raw) => (raw.messageVersion = '2.0'),
      'messageVersion must be 1.0, got "2.0"',
    ],
    [
      'a number as session attribute',
      (raw) => (raw.sessionState.sessionAttributes.count = 3),
      'sessionState.sessionAttributes.count must be a string, got 3',
    ],
    [
      'an empty session attribute name',
      (raw) => (raw.sessionState.sessionAttributes[''] = 'x'),
      'sessionState.sessionAttributes keys must not be empty',
    ],
    [
      'a RecognizeText-style nluConfidence',
      (raw) => (raw.interpretations[0].nluConfidence = { score: 0.9 }),
      'interpretations[0].nluConfidence must be a number, got an object',
    ],
    [
      'a Scalar slot without a value',
      (raw) => delete raw.sessionState.intent.slots.VmName.value,
      'sessionState.intent.slots.VmName.value is missing: a Scalar slot has a value (use null for an empty slot)',
    ],
    [
      'an unknown slot shape',
      (raw) => (raw.sessionState.intent.slots.VmName.shape = 'Map'),
      'sessionState.intent.slots.VmName.shape must be one of Scalar, List or Composite, got "Map"',
    ],
    [
      'an unknown intent state',
      (raw) => (raw.sessionState.intent.state = 'Done'),
      'sessionState.intent.state must be one of Failed, Fulfilled, FulfillmentInProgress, InProgress, ReadyForFulfillment or Waiting, got "Done"',
    ],
    [
      'interpretations not an array',
      (raw) => (raw.interpretations = {}),
      'interpretations must be an array, got an object',
    ],
    [
      'an odd session attribute name',
      (raw) => (raw.sessionState.sessionAttributes['offer report'] = false),
      'sessionState.sessionAttributes["offer report"] must be a string, got false',
    ],
  ];

  it.each(cases)('%s', (_name, spoil, expected) => {
    // Prepare
    const raw = rawFixture('migration-report-offer');
    spoil(raw);

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(result.ok).toBe(false);
    expect(problems(result)).toContain(expected);
  });

  it('lists at most 20 problems and says how many more there were', () => {
    // Prepare
    const raw = rawFixture('help-fulfillment');
    const attributes = raw.sessionState as { sessionAttributes: Record<string, unknown> };
    for (let i = 0; i < 30; i++) attributes.sessionAttributes[`n${i}`] = i;

    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(problems(result)).toHaveLength(21);
    expect(problems(result)[20]).toBe('… and 10 more problems');
  });
});

describe('parseLexEvent: hostile and odd input', () => {
  it.each([
    [null, 'event must be a JSON object, got null'],
    [undefined, 'event must be a JSON object, got nothing'],
    [42, 'event must be a JSON object, got 42'],
    [
      '{"messageVersion":"1.0"}',
      'event must be a JSON object, got "{\\"messageVersion\\":\\"1.0\\"}"',
    ],
    [[rawFixture('help-fulfillment')], 'event must be a JSON object, got an array'],
  ])('refuses %j', (raw, expected) => {
    // Act
    const result = parseLexEvent(raw);

    // Assess
    expect(problems(result)).toEqual([expected]);
  });

  it('refuses cycles, BigInt and throwing getters without throwing', () => {
    // Prepare
    const cyclic: Record<string, unknown> = rawFixture('help-fulfillment');
    cyclic.self = cyclic;
    const big = { ...rawFixture('help-fulfillment'), count: 10n };
    const throwing = rawFixture('help-fulfillment');
    Object.defineProperty(throwing, 'bot', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();

    // Act
    const results = [cyclic, big, throwing, revoked.proxy].map(parseLexEvent);

    // Assess
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(problems(result)[0]).toMatch(/^event is not valid JSON data: /);
    }
    expect(problems(results[2]!)).toEqual(['event is not valid JSON data: boom']);
  });

  it('refuses nesting too deep for JSON.stringify', () => {
    // Prepare
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) deep = { deep };

    // Act
    const result = parseLexEvent(deep);

    // Assess
    expect(result.ok).toBe(false);
  });

  it('takes an event of exactly 12 KB and refuses one byte more', () => {
    // Prepare
    const atLimit = eventOfSize(LEX_LIMITS.eventBytes);
    const over = eventOfSize(LEX_LIMITS.eventBytes + 1);

    // Act
    const [ok, tooBig] = [atLimit, over].map(parseLexEvent);

    // Assess
    expect(problems(ok!)).toEqual([]);
    expect(problems(tooBig!)).toEqual([
      'event is 12289 bytes of JSON; the Lex V2 Lambda input quota is 12288 bytes (12 KB)',
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // Prepare: 'é' is one character and two bytes.
    const event = eventOfSize(LEX_LIMITS.eventBytes + 2, 'é');
    const characters = JSON.stringify(event).length;

    // Act
    const result = parseLexEvent(event);

    // Assess
    expect(characters).toBeLessThanOrEqual(LEX_LIMITS.eventBytes);
    expect(problems(result)[0]).toMatch(/^event is 1229[01] bytes of JSON/);
  });

  it('refuses a huge event quickly, without counting its bytes', () => {
    // Prepare
    const event = { ...rawFixture('help-fulfillment'), inputTranscript: 'x'.repeat(5_000_000) };

    // Act
    const result = parseLexEvent(event);

    // Assess
    expect(problems(result)).toEqual([
      expect.stringMatching(
        /^event is at least 50\d{5} bytes of JSON; the Lex V2 Lambda input quota is 12288 bytes \(12 KB\)$/,
      ),
    ]);
  });
});

describe('parseLexEvent: properties', () => {
  function assertSafe(result: ParseEventResult): void {
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) {
      expect(result.problems.length).toBeGreaterThan(0);
      for (const problem of result.problems) expect(typeof problem).toBe('string');
      return;
    }
    for (const object of objectsIn(result.event)) {
      const proto: unknown = Object.getPrototypeOf(object);
      expect([Object.prototype, Array.prototype, null]).toContain(proto);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }

  it('never throws on anything', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
        }),
        (raw) => {
          assertSafe(parseLexEvent(raw));
        },
      ),
      { numRuns: 500 },
    );
  });

  const hostileKey = fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'polluted',
  );
  const jsonValue = fc.jsonValue({ maxDepth: 3 });

  /** Set `value` at a random place of a fixture, going down `steps` keys (hostile or real). */
  function plant(
    raw: unknown,
    steps: readonly (string | number)[],
    key: string,
    value: unknown,
  ): void {
    let at = raw;
    for (const step of steps) {
      if (at === null || typeof at !== 'object') return;
      const keys = Object.keys(at);
      if (keys.length === 0) break;
      at = (at as Record<string, unknown>)[keys[Number(step) % keys.length]!];
    }
    if (at !== null && typeof at === 'object') {
      Object.defineProperty(at, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  it('never throws on spoiled sample events and never returns a polluted object', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureNames),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.oneof(hostileKey, fc.string()),
        fc.oneof(jsonValue, fc.constant({ polluted: 'yes' })),
        (name, steps, key, value) => {
          const raw = rawFixture(name);
          plant(raw, steps, key, value);
          // Both forms: the object as given, and as JSON.parse would deliver it.
          assertSafe(parseLexEvent(raw));
          assertSafe(parseLexEvent(JSON.parse(JSON.stringify(raw))));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is idempotent: what it returns, sent again, comes back the same', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtureNames), (name) => {
        const first = parseLexEvent(rawFixture(name));
        if (!first.ok) throw new Error(name);
        const second = parseLexEvent(wire(first.event));
        expect(second.ok && wire(second.event)).toEqual(wire(first.event));
      }),
    );
  });
});
