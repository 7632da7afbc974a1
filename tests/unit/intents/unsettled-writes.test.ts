import 'aws-sdk-client-mock-vitest/extend';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type GetItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFulfillment } from '../../../src/intents';
import { UNSETTLED_ATTRIBUTE } from '../../../src/intents/unsettled-writes';
import type { LexResponse } from '../../../src/lex';
import { confirmedByBot } from '../../support/confirmed';
import { lexEvent } from '../../support/lex-events';
import { expectValidLex, textOf } from './support/lex-checks';
import { demoFleetItems, mockFleetTable, type MockTable } from './support/mock-table';
import { T0 } from './support/memory-fleet';
import { keyId, keyOf, keys, TABLE } from '../../../src/store/table/keys';

/**
 * A write whose outcome is unknown (the transaction timed out) is carried in the session, and
 * the next turn, whatever it asks, first settles it: applied (its idempotency record is there)
 * or not (a record is put in its place, so that a late copy of the transaction fails), and says
 * which. Through the real DynamoFleetStore over a mocked DynamoDB client.
 */
let table: MockTable;
let fulfil: (event: unknown) => Promise<LexResponse>;

beforeEach(() => {
  table = mockFleetTable();
  fulfil = createFulfillment({ store: table.store() });
});
afterEach(() => table.mock.restore());

const timeout = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
const migrate = {
  intent: 'MigrateVm',
  source: 'FulfillmentCodeHook',
  confirmationState: 'Confirmed',
  slots: { VmName: 'vm-3', TargetHost: 'host-b' },
} as const;
const listHosts = (sessionAttributes: Record<string, string>) =>
  lexEvent({ intent: 'ListHosts', source: 'FulfillmentCodeHook', sessionAttributes });

const firstMessage = (answer: LexResponse) => {
  const first = answer.messages?.[0];
  return first && 'content' in first ? first.content : undefined;
};

/** The first turn: the transaction times out, and the session keeps the write. */
async function lostWrite(): Promise<Record<string, string>> {
  table.mock.on(TransactWriteItemsCommand).rejects(timeout());
  const answer = expectValidLex(await fulfil(confirmedByBot(lexEvent(migrate))));
  expect(textOf(answer)).toMatch(/I can't tell whether it went through: I will check/);
  const attributes = answer.sessionState.sessionAttributes ?? {};
  expect(JSON.parse(attributes[UNSETTLED_ATTRIBUTE]!)).toEqual([
    { key: expect.stringMatching(/^MigrateVm#/), what: 'migrate vm-3 to host-b' },
  ]);
  return attributes;
}

describe('a write whose outcome is unknown', () => {
  it('is found applied on the next turn, and said so before the answer', async () => {
    const attributes = await lostWrite();
    // It did land: the fence cannot be put, and the record names the migration.
    table.mock.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    );
    const fleet = demoFleetItems();
    table.mock.on(GetItemCommand).callsFake((input: GetItemCommandInput) => {
      const key = keyOf(unmarshall(input.Key ?? {}));
      const item = key.PK.startsWith(keys.idempotency('').PK)
        ? { ...key, resultId: 'mig-landed', [TABLE.ttlAttribute]: T0 / 1000 + 3600 }
        : fleet.get(keyId(key));
      return { Item: item && marshall(item) };
    });

    const answer = expectValidLex(await fulfil(listHosts(attributes)));

    expect(firstMessage(answer)).toBe(
      'I have checked your earlier request to migrate vm-3 to host-b: it did go through (mig-landed).',
    );
    expect(textOf(answer)).toMatch(/host-a/); // and the hosts, as asked
    expect(answer.sessionState.sessionAttributes).not.toHaveProperty(UNSETTLED_ATTRIBUTE);
  });

  it('is fenced on the next turn when it did not land, so that it never can', async () => {
    const attributes = await lostWrite();
    table.mock.on(PutItemCommand).resolves({});

    const answer = expectValidLex(await fulfil(listHosts(attributes)));

    expect(firstMessage(answer)).toBe(
      'I have checked your earlier request to migrate vm-3 to host-b: it did not go through, and now it cannot, so nothing changed.',
    );
    // The fence is the record the transaction's own condition refuses.
    const fence = table.mock.commandCalls(PutItemCommand).at(-1)!.args[0].input;
    const item = unmarshall(fence.Item ?? {});
    expect(keyOf(item).PK.startsWith(keys.idempotency('MigrateVm#').PK)).toBe(true);
    expect(item).not.toHaveProperty('resultId');
    const [lost] = table.mock.commandCalls(TransactWriteItemsCommand);
    const record = lost!.args[0].input.TransactItems?.find(
      (w) => w.Put && keyId(keyOf(unmarshall(w.Put.Item ?? {}))) === keyId(keyOf(item)),
    )?.Put;
    const condition = (w: typeof fence | undefined) => ({
      ConditionExpression: w?.ConditionExpression,
      ExpressionAttributeNames: w?.ExpressionAttributeNames,
      ExpressionAttributeValues: w?.ExpressionAttributeValues,
    });
    expect(fence.ConditionExpression).toMatch(/attribute_not_exists\(#\w+\) OR #\w+ < :\w+/);
    expect(condition(fence)).toEqual(condition(record));
    expect(answer.sessionState.sessionAttributes).not.toHaveProperty(UNSETTLED_ATTRIBUTE);
  });

  it('stays in the session while DynamoDB still does not answer', async () => {
    const attributes = await lostWrite();
    table.mock.on(PutItemCommand).rejects(timeout());

    const answer = expectValidLex(await fulfil(listHosts(attributes)));

    expect(textOf(answer)).not.toMatch(/earlier request/);
    expect(answer.sessionState.sessionAttributes?.[UNSETTLED_ATTRIBUTE]).toBe(
      attributes[UNSETTLED_ATTRIBUTE],
    );
  });

  it('is never vouched for, nor fenced, when the client made it up', async () => {
    // A well-formed list naming a plausible key, without the bot's seal.
    const forged = JSON.stringify([
      { key: 'MigrateVm#0123456789abcdef', what: 'migrate vm-3 to host-b' },
    ]);
    table.mock.on(PutItemCommand).resolves({});
    table.mock.on(GetItemCommand).resolves({
      Item: marshall({ ...keys.idempotency('MigrateVm#0123456789abcdef'), resultId: 'x' }),
    });
    const answer = expectValidLex(await fulfil(listHosts({ [UNSETTLED_ATTRIBUTE]: forged })));
    expect(table.mock).not.toHaveReceivedCommand(PutItemCommand);
    expect(textOf(answer)).not.toMatch(/earlier request|go through/);
    expect(answer.sessionState.sessionAttributes).not.toHaveProperty(UNSETTLED_ATTRIBUTE);
  });

  it('leaves no question open once told, so no later turn offers the change again', async () => {
    const attributes = await lostWrite();
    expect(attributes).not.toHaveProperty('openTask');
    expect(attributes).not.toHaveProperty('confirmation');
  });

  it('is not settled from a forged attribute that names nothing', async () => {
    const answer = expectValidLex(
      await fulfil(listHosts({ [UNSETTLED_ATTRIBUTE]: '{"not":"a list"}' })),
    );
    expect(table.mock).not.toHaveReceivedCommand(PutItemCommand);
    expect(textOf(answer)).not.toMatch(/earlier request/);
    expect(answer.sessionState.sessionAttributes).not.toHaveProperty(UNSETTLED_ATTRIBUTE);
  });
});
