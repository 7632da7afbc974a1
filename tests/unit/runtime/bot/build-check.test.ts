import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { describe, expect, it } from 'vitest';
import { bot } from '../../../../bot-definition';
import { buildProblems } from '../../../../src/runtime/bot/build-check';
import { resolveLocale } from '../../../../src/runtime/bot/definition';
import { BotDefinitionError, compileBotModel } from '../../../../src/runtime';
import { cancel, fallback, fleetBot, fleetLocale, greet, moveServer } from '../fixtures/fleet-bot';

/** The problems of the fleet fixture with these intents (and its slot types). */
const problemsOf = (...intents: CfnBot.IntentProperty[]) =>
  buildProblems(resolveLocale({ ...fleetLocale, intents }));

const text = (value: string) => ({ message: { plainTextMessage: { value } } });

describe('the build check', () => {
  it('passes the vmbot definition and the fixtures', () => {
    expect(buildProblems(resolveLocale(bot.locale))).toEqual([]);
    expect(buildProblems(resolveLocale(fleetLocale))).toEqual([]);
  });

  it('refuses sample utterances or slots on a built-in intent', () => {
    const withUtterances = { ...cancel, sampleUtterances: [{ utterance: 'abort mission' }] };
    const withSlots = { ...cancel, name: 'Cancel2', slots: moveServer.slots };
    expect(problemsOf(withUtterances, withSlots, fallback)).toEqual(
      expect.arrayContaining([
        'Intent Cancel: a built-in intent (AMAZON.CancelIntent) takes no sample utterances',
        'Intent Cancel2: a built-in intent (AMAZON.CancelIntent) takes no slots',
      ]),
    );
  });

  it('refuses utterances or a confirmation on the fallback intent', () => {
    const broken: CfnBot.IntentProperty = {
      ...fallback,
      sampleUtterances: [{ utterance: 'what' }],
      intentConfirmationSetting: moveServer.intentConfirmationSetting,
    };
    expect(problemsOf(greet, broken)).toEqual([
      'Intent FallbackIntent: a built-in intent (AMAZON.FallbackIntent) takes no sample utterances',
      'Intent FallbackIntent: the fallback intent takes no confirmation prompt',
    ]);
  });

  it('refuses a locale without a fallback intent, or with two', () => {
    expect(problemsOf(greet)).toEqual([
      'Locale en_US must have exactly one intent with parentIntentSignature AMAZON.FallbackIntent, has 0',
    ]);
    expect(problemsOf(greet, fallback, { ...fallback, name: 'Other' })[0]).toMatch(/has 2$/);
  });

  it('refuses missing, repeated or stray slot priorities', () => {
    const broken: CfnBot.IntentProperty = {
      ...moveServer,
      slotPriorities: [
        { priority: 1, slotName: 'Server' },
        { priority: 2, slotName: 'Server' },
        { priority: 300, slotName: 'Shelf' },
      ],
    };
    expect(problemsOf(broken, fallback)).toEqual([
      "Slot ids [Rack] in intent MoveServer don't define a slot priority",
      'Intent MoveServer: slot Server has more than one slot priority',
      'Intent MoveServer: slot priority for Shelf, which is no slot of it',
      'Intent MoveServer: slot priority of Shelf must be 0 to 100, got 300',
    ]);
  });

  it('refuses a slot type that is not defined', () => {
    const slots = [...(moveServer.slots as CfnBot.SlotProperty[])];
    slots[1] = { ...(slots[1] as CfnBot.SlotProperty), slotTypeName: 'ShelfType' };
    expect(problemsOf({ ...moveServer, slots }, fallback)).toEqual([
      'Slot Rack in intent MoveServer uses unknown slot type ShelfType',
    ]);
  });

  it('reads the braces of sample utterances', () => {
    const utterances = ['move {Shelf}', 'move {Server', 'move Server}', 'move {{Server}}', 'go {}'];
    const broken = {
      ...moveServer,
      sampleUtterances: utterances.map((utterance) => ({ utterance })),
    };
    expect(problemsOf(broken, fallback)).toEqual([
      'Intent MoveServer: sample utterance "move {Shelf}" references unknown slot {Shelf}',
      'Intent MoveServer: sample utterance "move {Server" leaves a brace open',
      'Intent MoveServer: sample utterance "move Server}" closes a brace it never opened',
      'Intent MoveServer: sample utterance "move {{Server}}" nests braces',
      'Intent MoveServer: sample utterance "go {}" has empty braces',
    ]);
  });

  it('holds prompts and messages to their lengths and counts', () => {
    const broken: CfnBot.IntentProperty = {
      ...greet,
      sampleUtterances: [{ utterance: 'hi '.repeat(200) }],
      intentClosingSetting: {
        closingResponse: {
          messageGroupsList: [
            {
              ...text('x'.repeat(4001)),
              variations: [text('a').message, text('b').message, text('c').message],
            },
          ],
        },
      },
      initialResponseSetting: { initialResponse: { messageGroupsList: [] } },
    };
    const problems = problemsOf(broken, fallback);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/is over 500 characters/);
    expect(problems.join('\n')).toMatch(
      /plainTextMessage: a message is 1 to 4000 characters, has 4001/,
    );
    expect(problems.join('\n')).toMatch(/at most 2 variations, has 3/);
    expect(problems.join('\n')).toMatch(/initialResponse: 1 to 5 message groups, has 0/);
  });

  it('refuses repeated or malformed names and conditions that do not parse', () => {
    const broken: CfnBot.IntentProperty = {
      ...greet,
      name: 'Greet me',
      intentClosingSetting: {
        conditional: {
          isActive: true,
          conditionalBranches: [
            {
              name: 'b',
              condition: { expressionString: '{Server} = = "x"' },
              nextStep: { dialogAction: { type: 'EndConversation' } },
            },
          ],
          defaultBranch: {},
        },
      },
    };
    const problems = problemsOf(broken, greet, greet, fallback);
    expect(problems).toContain('Intent name Greet is used by more than one intent');
    expect(problems.join('\n')).toMatch(/Intent name "Greet me" must be letters and digits/);
    expect(problems.join('\n')).toMatch(/conditionalBranches\[0\]\.condition: /);
  });

  it('is what compiling a bot runs: every problem at once, in the error', () => {
    const broken = { ...greet, sampleUtterances: [{ utterance: 'hello {Name}' }] };
    let error: unknown;
    try {
      compileBotModel(fleetBot, { ...fleetLocale, intents: [broken] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BotDefinitionError);
    expect((error as BotDefinitionError).problems).toHaveLength(2);
  });
});
