import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { describe, expect, it } from 'vitest';
import { BotDefinitionError, compileBotModel, compileNlu } from '../../../../src/runtime';
import type { NluInterpretation } from '../../../../src/runtime';
import { fallback, fleetBot, fleetLocale, greet, moveServer } from '../fixtures/fleet-bot';

const nlu = compileNlu(compileBotModel(fleetBot));
const top = (text: string) => nlu.recognize(text)[0] as NluInterpretation;
const value = (i: NluInterpretation, slot: string) => i.slots[slot]?.value;

describe('intent recognition', () => {
  it('an exact sample utterance scores 1', () => {
    expect(top('hello')).toEqual({ intent: 'Greet', score: 1, slots: {} });
  });

  it('is case and punctuation insensitive', () => {
    expect(top('HELLO!!!').score).toBe(1);
  });

  it('tolerates filler words, with a slightly lower score', () => {
    // Act
    const result = top('could you please move server-1 to rack-a');
    // Assess
    expect(result.intent).toBe('MoveServer');
    expect(result.score).toBeGreaterThan(0.8);
    expect(result.score).toBeLessThan(1);
  });

  it('tolerates typos by edit distance', () => {
    const result = top('migarte server 2 to rack b');
    expect(result.intent).toBe('MoveServer');
    expect(value(result, 'Server')?.resolvedValues).toEqual(['server-2']);
  });

  it('tolerates another word order', () => {
    const result = top('to rack-b, move server-1');
    expect(result.intent).toBe('MoveServer');
    expect(value(result, 'Rack')?.originalValue).toBe('rack-b');
    expect(value(result, 'Server')?.originalValue).toBe('server-1');
  });

  it('falls back below the confidence threshold; the fallback has no score', () => {
    // Act
    const result = nlu.recognize("what's the weather in Paris");
    // Assess
    expect(result[0]).toEqual({ intent: 'FallbackIntent', score: undefined, slots: {} });
  });

  it('uses the locale threshold', () => {
    // Prepare
    const strict = compileNlu(
      compileBotModel(fleetBot, { ...fleetLocale, nluConfidenceThreshold: 0.95 }),
    );
    // Act
    const result = strict.recognize('could you please move server-1 to rack-a');
    // Assess
    expect(result[0]?.intent).toBe('FallbackIntent');
    expect(result[1]?.intent).toBe('MoveServer');
  });

  it('returns at most five interpretations, best first, fallback where the threshold cuts', () => {
    // Act
    const result = nlu.recognize('move server-1 to rack-b');
    // Assess
    expect(result.length).toBeLessThanOrEqual(5);
    expect(result[0]?.intent).toBe('MoveServer');
    const fallbackAt = result.findIndex((r) => r.intent === 'FallbackIntent');
    expect(fallbackAt).toBeGreaterThan(0);
    for (const [i, r] of result.entries()) {
      if (r.intent === 'FallbackIntent') continue;
      expect((r.score ?? 0) >= 0.4).toBe(i < fallbackAt);
    }
    const scores = result.filter((r) => r.score !== undefined).map((r) => r.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('recognises built-in intents by their usual phrasings', () => {
    expect(top('never mind').intent).toBe('Cancel');
    expect(top('forget it').intent).toBe('Cancel');
  });

  it('lists every slot of the intent, null when not filled', () => {
    expect(top('relocate server one').slots).toEqual({
      Server: {
        shape: 'Scalar',
        value: {
          originalValue: 'server one',
          interpretedValue: 'server one',
          resolvedValues: ['server-1'],
        },
      },
      Rack: null,
    });
  });
});

describe('slot values in the utterance', () => {
  it('captures multi-word values in the spans between utterance words', () => {
    const result = top('move Server 3 to Rack Alpha');
    expect(value(result, 'Server')?.originalValue).toBe('Server 3');
    expect(value(result, 'Rack')).toEqual({
      originalValue: 'Rack Alpha',
      interpretedValue: 'Rack Alpha',
      resolvedValues: ['rack-a'],
    });
  });

  it('captures values the slot type does not list (expand)', () => {
    const result = top('move web-9 to rack-b');
    expect(value(result, 'Server')?.interpretedValue).toBe('web-9');
  });

  it('resolves synonyms to the canonical value (restrict) and numbers from words', () => {
    const result = top("I'd like twenty one short black");
    expect(result.intent).toBe('OrderDrink');
    expect(value(result, 'Drink')?.interpretedValue).toBe('espresso');
    expect(value(result, 'Count')?.interpretedValue).toBe('21');
  });

  it('leaves a restricted slot empty when the value is not listed', () => {
    const result = nlu.recognize('order a tea').find((r) => r.intent === 'OrderDrink');
    expect(result?.slots.Drink).toBeNull();
  });

  it('applies the regexFilter of an AlphaNumeric slot type', () => {
    expect(value(top('check ticket AB1234'), 'Ticket')?.interpretedValue).toBe('AB1234');
  });
});

describe('slot elicitation', () => {
  it('reads the whole input as the elicited slot', () => {
    expect(nlu.captureSlot('MoveServer', 'Rack', 'rack bravo')).toEqual({
      known: true,
      value: {
        originalValue: 'rack bravo',
        interpretedValue: 'rack bravo',
        resolvedValues: ['rack-b'],
      },
    });
  });

  it('finds the value inside a short answer', () => {
    expect(
      nlu.captureSlot('MoveServer', 'Rack', "let's use rack-a please")?.value.resolvedValues,
    ).toEqual(['rack-a']);
    expect(nlu.captureSlot('OrderDrink', 'Count', 'make it four')?.value.interpretedValue).toBe(
      '4',
    );
  });

  it('marks a value the type does not list as not known', () => {
    expect(nlu.captureSlot('MoveServer', 'Server', 'db-7')).toEqual({
      known: false,
      value: { originalValue: 'db-7', interpretedValue: 'db-7', resolvedValues: [] },
    });
  });

  it('has no value for a restricted slot when nothing matches', () => {
    expect(nlu.captureSlot('OrderDrink', 'Drink', 'a cup of tea')).toBeUndefined();
  });
});

describe('contexts', () => {
  it('an intent with input contexts is a candidate only while all of them are active', () => {
    // Prepare
    const gated: CfnBot.IntentProperty = { ...greet, inputContexts: [{ name: 'greeted' }] };
    const bot = compileNlu(
      compileBotModel(fleetBot, { ...fleetLocale, intents: [moveServer, gated, fallback] }),
    );
    // Act
    const without = bot.recognize('hello');
    const within = bot.recognize('hello', { activeContexts: ['greeted'] });
    // Assess
    expect(without.map((r) => r.intent)).not.toContain('Greet');
    expect(within[0]?.intent).toBe('Greet');
  });
});

describe('compilation', () => {
  it('fails like the Lex build when a slot has no priority', () => {
    const broken = { ...moveServer, slotPriorities: [{ priority: 1, slotName: 'Server' }] };
    expect(() =>
      compileBotModel(fleetBot, { ...fleetLocale, intents: [broken, fallback] }),
    ).toThrow(
      new BotDefinitionError(["Slot ids [Rack] in intent MoveServer don't define a slot priority"]),
    );
  });

  it('fails on an utterance that names an unknown slot', () => {
    const broken = { ...greet, sampleUtterances: [{ utterance: 'hello {Name}' }] };
    expect(() =>
      compileBotModel(fleetBot, { ...fleetLocale, intents: [broken, fallback] }),
    ).toThrow(/unknown slot \{Name\}/);
  });

  it('refuses a locale without the FallbackIntent, as CloudFormation does', () => {
    expect(() => compileBotModel(fleetBot, { ...fleetLocale, intents: [greet] })).toThrow(
      /must have exactly one intent with parentIntentSignature AMAZON.FallbackIntent, has 0/,
    );
  });

  it('is fast: a few hundred utterances, well under a millisecond a turn', () => {
    // Prepare: the fixture plus 300 generated utterances
    const extra: CfnBot.IntentProperty[] = Array.from({ length: 15 }, (_, k) => ({
      name: `Generated${k}`,
      sampleUtterances: Array.from({ length: 20 }, (_, u) => ({
        utterance: `verb${k} the noun${u} {Server} to {Rack} now ${u}`,
      })),
      slots: moveServer.slots,
      slotPriorities: moveServer.slotPriorities,
    }));
    const big = compileNlu(
      compileBotModel(fleetBot, {
        ...fleetLocale,
        intents: [...(fleetLocale.intents as CfnBot.IntentProperty[]), ...extra],
      }),
    );
    const inputs = ['move server-1 to rack-b', 'verb3 the noun7 server two to rack a now', 'hello'];
    for (let i = 0; i < 100; i += 1) big.recognize(inputs[i % 3] ?? '');
    // Act
    const started = performance.now();
    for (let i = 0; i < 600; i += 1) big.recognize(inputs[i % 3] ?? '');
    const perTurn = (performance.now() - started) / 600;
    // Assess: a generous bound (shared CI machines vary); typically 0.2-0.7 ms on this worst case,
    // where every utterance shares words and slot values with the input.
    expect(perTurn).toBeLessThan(5);
  });
});
