import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexResponseProblems } from '../../../src/lex';
import {
  isConfirmedFleetChange,
  mutate,
  mutation,
  vouched,
  wellShapedEvent,
  WRITE_INTENTS,
} from '../../unit/intents/support/hostile';
import { isUnreadableAnswer } from '../../unit/intents/support/lex-checks';
import { lexEvent } from '../../support/lex-events';
import { expectInvariants, seededBot, snapshot, type Bot } from './support/bot';
import { parseLexEvent } from '../../../src/lex';

/**
 * The fuzz of tests/unit/intents/fuzz.test.ts, smaller, against the real store in DynamoDB
 * Local: hostile events that are not confirmed fleet changes (a Confirmed the bot never asked
 * for included) leave the table exactly as it was (scan before and after); hostile changes the
 * bot did ask to confirm keep the store's invariants.
 */
let bot: Bot;
beforeAll(async () => {
  bot = await seededBot();
});
afterAll(async () => {
  await bot.table.drop();
});

async function answerIsValid(raw: unknown): Promise<void> {
  const response = await bot.fulfil(raw);
  if (!parseLexEvent(raw).ok) expect(isUnreadableAnswer(response)).toBe(true);
  expect(lexResponseProblems(response)).toEqual([]);
}

describe('fuzz against DynamoDB Local', () => {
  it('changes nothing for events that are not confirmed fleet changes', async () => {
    const before = await snapshot(bot);
    const broken = fc
      .tuple(
        fc.constantFrom('MigrateVm', 'CreateVm', 'EvacuateHost', 'WhereIsVm', 'MigrationReport'),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
      )
      .map(([intent, ms]) =>
        mutate(
          lexEvent({
            intent,
            source: 'FulfillmentCodeHook',
            confirmationState: 'Confirmed',
            slots: {
              VmName: 'vm-3',
              TargetHost: 'host-b',
              HostName: 'host-a',
              ApplianceName: 'cache',
            },
          }) as unknown as Record<string, unknown>,
          ms,
        ),
      );
    const events = fc
      .oneof(
        wellShapedEvent.map((e) => e.event as unknown),
        broken,
      )
      .filter((raw) => !isConfirmedFleetChange(raw, bot.clock.read()));

    await fc.assert(fc.asyncProperty(events, answerIsValid), { numRuns: 400 });

    expect(await snapshot(bot)).toEqual(before);
  });

  it('keeps the invariants through hostile confirmed fleet changes', async () => {
    const changes = wellShapedEvent.filter(
      (e) =>
        WRITE_INTENTS.has(e.intent) &&
        e.source === 'FulfillmentCodeHook' &&
        e.confirmationState === 'Confirmed',
    );

    await fc.assert(
      fc.asyncProperty(changes, ({ event }) => answerIsValid(vouched(event, bot.clock.read()))),
      { numRuns: 150 },
    );

    await expectInvariants(bot);
  });
});
