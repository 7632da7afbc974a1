import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bot } from '../../../bot-definition';
import { createFulfillment } from '../../../src/intents';
import { createLexRuntime, type RecognizeTextOutput } from '../../../src/runtime';
import type { InMemoryFleetStore } from '../../../src/store';
import { demoFleet } from './support/memory-fleet';

/**
 * Random conversations through the local runtime and the Lambda on the in-memory store, in the
 * words people use (requests, answers with hedges, corrections, questions in the middle, small
 * talk, things the bot cannot do, exits, yes and no), checked after every turn:
 * - every answer carries a message a person can read;
 * - the bot never says the same thing word for word a third time running;
 * - a confirmation keeps its object: the next confirmation of the same intent asks about other
 *   values only after a correction or a new request.
 * (No write without a yes is tests/integration/conversations/no-write-without-yes.test.ts.)
 */
type Kind = 'request' | 'correction' | 'other';

const SAID: readonly (readonly [string, Kind])[] = [
  ['migrate vm-3 to host b', 'request'],
  ['move vm-1', 'request'],
  ['shift the database vm over to host-c', 'request'],
  ['create a web server', 'request'],
  ['evacuate host-f', 'request'],
  ['delete vm-8', 'request'],
  ['where should vm-2 go', 'request'],
  ['actually host-d', 'correction'],
  ['no, I meant vm-1', 'correction'],
  ['sorry, vm-4 not vm-3', 'correction'],
  ['make it 2 GiB', 'correction'],
  ['try again with auto-converge', 'correction'],
  ['hmm, host-b maybe', 'other'],
  ['host-c', 'other'],
  ['vm-6', 'other'],
  ['how busy is host-c?', 'other'],
  ['how long will it be paused?', 'other'],
  ['where is vm-6', 'other'],
  ['how is vm-3 doing', 'other'],
  ['and now?', 'other'],
  ['list hosts', 'other'],
  ['what would you suggest?', 'other'],
  ['hello', 'other'],
  ['thanks', 'other'],
  ['what can you do', 'other'],
  ['reboot host-c', 'other'],
  ['snapshot vm-2', 'other'],
  ['purple monkey dishwasher', 'other'],
  ['repeat that', 'other'],
  ['cancel', 'other'],
  ['nah, leave it', 'other'],
  ['start over', 'other'],
  ['no', 'other'],
  ['yes', 'other'],
  ['sure, go ahead', 'other'],
];

const text = (r: RecognizeTextOutput) =>
  (r.messages ?? []).map((m) => m.content ?? m.imageResponseCard?.title ?? '').join('\n');

/** What a confirmation asks about: its intent and slot values. */
function confirming(r: RecognizeTextOutput): string | undefined {
  const state = r.sessionState;
  if (state.dialogAction?.type !== 'ConfirmIntent' || !state.intent) return undefined;
  const values = Object.entries(state.intent.slots ?? {})
    .flatMap(([name, slot]) => (slot?.value ? [`${name}=${slot.value.interpretedValue}`] : []))
    .sort();
  return `${state.intent.name}(${values.join(',')})`;
}

describe('random conversations, turn by turn', () => {
  let store: InMemoryFleetStore | undefined;
  const runtime = createLexRuntime({
    bot,
    invokeLambda: (event) => createFulfillment({ store: store! })(event),
  });

  it(
    'every answer has a message, none said thrice running, confirmations keep their object',
    {
      timeout: 120_000,
    },
    async () => {
      let session = 0;
      let confirmations = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...SAID), { minLength: 2, maxLength: 10 }),
          async (turns) => {
            store = await demoFleet({ clock: Date.now });
            session += 1;
            const sessionId = `prop-${session}`;
            const history: { said: string; answer: string }[] = [];
            let asked: string | undefined;
            for (const [said, kind] of turns) {
              const r = await runtime.recognizeText({ sessionId, text: said });
              const answer = text(r);
              // A message a person can act on.
              expect(answer.trim(), `no message after "${said}"`).not.toBe('');
              // Not the same answer three times running to different words.
              const [a, b] = history.slice(-2);
              if (a && b && a.answer === answer && b.answer === answer)
                expect(new Set([a.said, b.said, said]).size, `"${answer}" thrice`).toBe(1);
              // A confirmation of the same intent about other values: only after a correction or
              // a new request.
              const now = confirming(r);
              if (asked && now && now !== asked && now.split('(')[0] === asked.split('(')[0]) {
                expect(kind, `"${said}" turned ${asked} into ${now}`).not.toBe('other');
              }
              if (now) confirmations += 1;
              asked = now;
              history.push({ said, answer });
            }
          },
        ),
        { numRuns: 150 },
      );
      // The property met confirmations (so it was put to the test).
      expect(confirmations).toBeGreaterThan(20);
    },
  );
});
