import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { createFulfillment } from '../../../../src/intents';
import type { LexResponse } from '../../../../src/lex';
import { seedDemoFleet, type DynamoFleetStore } from '../../../../src/store';
import { confirmedByBot } from '../../../support/confirmed';
import { lexEvent, type EventSpec } from '../../../support/lex-events';
import { expectValidLex, textOf } from '../../../unit/intents/support/lex-checks';
import {
  createTestTable,
  invariantProblems,
  scanAll,
  TestClock,
  type TestTable,
} from '../../support/store';

/**
 * The bot's Lambda logic over a seeded demo fleet in DynamoDB Local, with a test clock shared by
 * the store and the intents. `say` sends one Lex event and checks the answer against every Lex
 * V2 response rule before the test looks at it.
 */
export interface Bot {
  table: TestTable;
  clock: TestClock;
  store: DynamoFleetStore;
  fulfil: (event: unknown) => Promise<LexResponse>;
}

export async function seededBot(): Promise<Bot> {
  const [table, items] = await Promise.all([createTestTable(), demoFleetItems()]);
  await copyInto(table, items);
  const clock = new TestClock();
  const store = table.store({ clock: clock.read });
  return { table, clock, store, fulfil: createFulfillment({ store, now: clock.read }) };
}

let template: Promise<Record<string, unknown>[]> | undefined;

/**
 * The items `seedDemoFleet` writes (at T0), seeded once per test file into a scratch table:
 * copying them is ten times faster than seeding, which matters with a fresh fleet per test.
 */
function demoFleetItems(): Promise<Record<string, unknown>[]> {
  template ??= (async () => {
    const scratch = await createTestTable();
    await seedDemoFleet(scratch.store({ clock: new TestClock().read }));
    const items = await scanAll(scratch);
    await scratch.drop();
    return items;
  })();
  return template;
}

async function copyInto(table: TestTable, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: BatchWriteCommandInput['RequestItems'] = {
      [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (pending && Object.keys(pending).length > 0) {
      const out: BatchWriteCommandOutput = await table.dynamo.doc.send(
        new BatchWriteCommand({ RequestItems: pending }),
      );
      pending = out.UnprocessedItems;
    }
  }
}

/** One answer of the bot, with the parts tests look at. */
export interface Turn {
  response: LexResponse;
  /** All messages, one per line. */
  text: string;
  messages: string[];
  action: string;
  slotToElicit: string | undefined;
  intentName: string | undefined;
  intentState: string | undefined;
  attributes: Record<string, string>;
  /** A slot's interpreted value in the answer; null when the slot is empty or absent. */
  slot(name: string): string | null;
  original(name: string): string | null;
}

/**
 * One event, as Lex would send it in a conversation with the bot: a Confirmed change carries the
 * bot's own record of asking for it (a yes the bot never asked for is tested on its own).
 */
export async function say(bot: Bot, spec: EventSpec): Promise<Turn> {
  const event = lexEvent(spec);
  const sent =
    spec.confirmationState === 'Confirmed' ? confirmedByBot(event, bot.clock.read()) : event;
  return turnOf(await bot.fulfil(sent));
}

/** A dialog-hook event followed by the fulfillment a yes would lead to. */
export const dialog = (spec: EventSpec): EventSpec => ({ source: 'DialogCodeHook', ...spec });
export const confirmed = (spec: EventSpec): EventSpec => ({
  source: 'FulfillmentCodeHook',
  confirmationState: 'Confirmed',
  ...spec,
});
export const fulfilment = (spec: EventSpec): EventSpec => ({
  source: 'FulfillmentCodeHook',
  ...spec,
});

export function turnOf(raw: LexResponse): Turn {
  const response = expectValidLex(raw);
  const { sessionState } = response;
  const slotOf = (name: string) => sessionState.intent?.slots?.[name] ?? null;
  const messages = (response.messages ?? []).map((m) => m.content ?? '');
  return {
    response,
    text: textOf(response),
    messages,
    action: sessionState.dialogAction.type,
    slotToElicit: sessionState.dialogAction.slotToElicit,
    intentName: sessionState.intent?.name,
    intentState: sessionState.intent?.state,
    attributes: { ...sessionState.sessionAttributes },
    slot: (name) => slotOf(name)?.value?.interpretedValue ?? null,
    original: (name) => slotOf(name)?.value?.originalValue ?? null,
  };
}

/** The whole table, sorted, for before/after comparisons. */
export async function snapshot(bot: Bot): Promise<Record<string, unknown>[]> {
  const items = await scanAll(bot.table);
  return items.sort((a, b) => `${a.PK}#${a.SK}`.localeCompare(`${b.PK}#${b.SK}`));
}

export async function expectInvariants(bot: Bot): Promise<void> {
  expect(await invariantProblems(bot.table)).toEqual([]);
}

export const itemsOfType = async (bot: Bot, type: string) =>
  (await scanAll(bot.table)).filter((i) => i.type === type);
