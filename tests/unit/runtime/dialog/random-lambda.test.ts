import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bot } from '../../../../bot-definition';
import {
  CLOSE_INTENT_STATES,
  CONFIRMATION_STATES,
  DIALOG_ACTION_TYPES,
  INTENT_STATES,
  lexResponseProblems,
} from '../../../../src/lex';
import type { LexEvent } from '../../../../src/lex';
import {
  createLexRuntime,
  DEFAULT_BEHAVIOUR,
  INTENT_SWITCH_ATTRIBUTE,
  LexRuntimeError,
  MAX_LAMBDA_CALLS,
} from '../../../../src/runtime';

/**
 * The runtime against any Lambda that keeps the contract: the vmbot definition, random valid
 * Lambda responses (every dialog action, any intent of the bot, any state, slots set or cleared,
 * messages or none) at every code hook, random user input. No turn may end in a 5xx or a thrown
 * error, or call the Lambda without bound: each answers 200, or 424 when the Lambda's answers
 * keep one turn going (the runtime's bound on Lambda calls per turn), which only a Lambda that
 * names other intents can do.
 */

const SLOT_NAMES: Record<string, string[]> = Object.fromEntries(
  (bot.locale.intents as { name: string; slots?: { name: string }[] }[]).map((i) => [
    i.name,
    (i.slots ?? []).map((s) => s.name),
  ]),
);
const INTENTS = Object.keys(SLOT_NAMES);
const VALUES = ['vm-3', 'host-b', 'vm-7', 'auto-converge', 'db-9', '4', 'web-server'];

/**
 * One Lambda answer, as choices that build a valid response for whatever event comes. With
 * `switching`, the answer may name any intent of the bot; without, only the event's own.
 */
const answerSeedOf = (switching: boolean) =>
  fc.record({
    // Delegate and InProgress most often, as real Lambdas answer, so that conversations get far.
    type: fc.oneof(
      { arbitrary: fc.constant('Delegate' as const), weight: 4 },
      { arbitrary: fc.constantFrom(...DIALOG_ACTION_TYPES), weight: 2 },
    ),
    intent: switching
      ? fc.oneof(fc.constant('current'), fc.constant('none'), fc.constantFrom(...INTENTS))
      : fc.constantFrom('current', 'none'),
    state: fc.oneof(
      { arbitrary: fc.constant('InProgress' as const), weight: 3 },
      { arbitrary: fc.constantFrom(...INTENT_STATES), weight: 1 },
    ),
    closeState: fc.constantFrom(...CLOSE_INTENT_STATES),
    confirmation: fc.option(fc.constantFrom(...CONFIRMATION_STATES), { nil: undefined, freq: 3 }),
    slots: fc.array(fc.tuple(fc.nat(), fc.option(fc.constantFrom(...VALUES), { nil: null })), {
      maxLength: 3,
    }),
    slotPick: fc.nat(),
    messages: fc.integer({ min: 0, max: 2 }),
    attributes: fc.option(fc.dictionary(fc.constantFrom('a', 'b'), fc.string({ maxLength: 8 })), {
      nil: undefined,
    }),
  });
type AnswerSeed = ReturnType<typeof answerSeedOf> extends fc.Arbitrary<infer T> ? T : never;

function answer(seed: AnswerSeed, event: LexEvent): unknown {
  const current = event.sessionState.intent;
  const name =
    seed.intent === 'current'
      ? current.name
      : seed.intent === 'none' && (seed.type === 'Delegate' || seed.type === 'ElicitIntent')
        ? undefined
        : seed.intent === 'none'
          ? current.name
          : seed.intent;
  const slotNames = name ? (SLOT_NAMES[name] ?? []) : [];
  const slots = Object.fromEntries(
    slotNames.length === 0
      ? []
      : seed.slots.map(([i, value]) => [
          slotNames[i % slotNames.length],
          value === null ? null : { shape: 'Scalar', value: { interpretedValue: value } },
        ]),
  );
  const type = seed.type === 'ElicitSlot' && slotNames.length === 0 ? 'Delegate' : seed.type;
  const needsMessage = type === 'ElicitIntent' || type === 'ConfirmIntent';
  const count = Math.max(seed.messages, needsMessage ? 1 : 0);
  // ReadyForFulfillment goes with Delegate only (the response rules).
  const state =
    type === 'Close'
      ? seed.closeState
      : seed.state === 'ReadyForFulfillment' && type !== 'Delegate'
        ? 'InProgress'
        : seed.state;
  return {
    sessionState: {
      dialogAction: {
        type,
        ...(type === 'ElicitSlot'
          ? { slotToElicit: slotNames[seed.slotPick % slotNames.length] }
          : {}),
      },
      ...(name
        ? {
            intent: {
              name,
              slots,
              state,
              ...(seed.confirmation ? { confirmationState: seed.confirmation } : {}),
            },
          }
        : {}),
      ...(seed.attributes ? { sessionAttributes: seed.attributes } : {}),
    },
    ...(count > 0
      ? {
          messages: Array.from({ length: count }, (_, i) => ({
            contentType: 'PlainText',
            content: `answer ${i + 1}`,
          })),
        }
      : {}),
  };
}

const UTTERANCES = [
  'migrate vm-3 to host b',
  'move vm-2',
  'yes',
  'no',
  'cancel',
  'stop',
  'never mind',
  'start over',
  'host-c',
  'vm-5',
  'where is vm-3',
  'create a database called db-9',
  'evacuate host-a',
  'recommend a host for vm-1',
  'how did the migration of vm-3 go',
  'help',
  'zzzz qqqq',
];

const turnSeed = fc.record({
  text: fc.constantFrom(...UTTERANCES),
  noSwitch: fc.boolean(),
});

describe('the runtime against random valid Lambda answers', () => {
  let script: AnswerSeed[] = [];
  let calls = 0;
  const problems: string[] = [];
  const lambda = async (event: LexEvent) => {
    const seed = script[calls % script.length] as AnswerSeed;
    calls += 1;
    const response = answer(seed, event);
    problems.push(...lexResponseProblems(response, { slotNames: SLOT_NAMES }));
    return response;
  };

  it.each([
    ['hook-first', true],
    ['lex', true],
    ['hook-first', false],
    ['lex', false],
  ] as const)(
    'every turn answers 200 (or 424 for a Lambda that restarts intents), within bounded Lambda calls (%s, Lambda switches intents: %s)',
    { timeout: 120_000 },
    async (confirmationSwitching, switching) => {
      const runtime = createLexRuntime({
        bot,
        invokeLambda: lambda,
        random: () => 0,
        ...DEFAULT_BEHAVIOUR,
        confirmationSwitching,
      });
      let session = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(answerSeedOf(switching), { minLength: 1, maxLength: 8 }),
          fc.array(turnSeed, { minLength: 1, maxLength: 6 }),
          async (answers, turns) => {
            script = answers;
            problems.length = 0;
            const sessionId = `random-${++session}`;
            for (const turn of turns) {
              calls = 0;
              try {
                const r = await runtime.recognizeText({
                  sessionId,
                  text: turn.text,
                  ...(turn.noSwitch
                    ? { requestAttributes: { [INTENT_SWITCH_ATTRIBUTE]: 'DISABLE' } }
                    : {}),
                });
                const action = r.sessionState.dialogAction;
                expect(['ElicitSlot', 'ConfirmIntent', 'ElicitIntent', 'Close']).toContain(
                  action?.type,
                );
                if (action?.type === 'ElicitSlot') {
                  expect(SLOT_NAMES[r.sessionState.intent?.name ?? '']).toContain(
                    action.slotToElicit,
                  );
                }
              } catch (error) {
                if (!(error instanceof LexRuntimeError)) throw error;
                // Only a Lambda that names other intents can restart the flow without end:
                // the bot's own chains do not loop.
                if (!switching) throw error;
                expect(error.status, error.message).toBe(424);
                expect(error.message).toMatch(/kept the turn going/);
              }
              expect(calls).toBeLessThanOrEqual(MAX_LAMBDA_CALLS + 1);
            }
            expect(problems).toEqual([]);
            // Room for the next run's session (the runtime holds at most 1000); a session whose
            // every turn failed was never stored.
            await runtime.deleteSession({ sessionId }).catch((error: unknown) => {
              if (!(error instanceof LexRuntimeError && error.status === 404)) throw error;
            });
          },
        ),
        { numRuns: 100 },
      );
    },
  );
});
