import 'aws-sdk-client-mock-vitest/extend';
import {
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFulfillment, type Log } from '../../../src/intents';
import type { LexResponse } from '../../../src/lex';
import { lexEvent, type EventSpec } from '../../support/lex-events';
import { confirmedByBot } from '../../support/confirmed';
import { expectValidLex, textOf } from './support/lex-checks';
import { mockFleetTable, type MockTable } from './support/mock-table';
import { demoFleet } from './support/memory-fleet';

/**
 * DynamoDB failing under the intents: throttling, cancelled transactions, timeouts, in dialog
 * hooks and in fulfillments, through the real DynamoFleetStore over a mocked DynamoDB client.
 * The answer is always a valid Lex response that closes the intent as Failed and says what
 * happened, and never claims that nothing was done when a write may have gone through.
 */
const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
const throttling = () => new ThrottlingException({ message: 'Throttled', $metadata: {} });
const timeout = () =>
  Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
const aborted = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const NOTHING_DONE = / Nothing was done; please try again in a moment\.$/;

let table: MockTable;
let logged: { level: string; message: string; extra?: Record<string, unknown> }[];
let fulfil: (event: unknown) => Promise<LexResponse>;

beforeEach(() => {
  table = mockFleetTable();
  logged = [];
  const log: Log = {
    info: () => {},
    warn: (message, extra) => logged.push({ level: 'warn', message, extra }),
    error: (message, extra) => logged.push({ level: 'error', message, extra }),
  };
  fulfil = createFulfillment({ store: table.store(), log });
});
afterEach(() => {
  table.mock.restore();
  vi.useRealTimers();
});

/** Sends one event; the answer must be a valid Close with state Failed. */
async function failedTurn(spec: EventSpec): Promise<string> {
  const response = expectValidLex(await fulfil(confirmedByBot(lexEvent(spec))));
  expect(response.sessionState.dialogAction.type).toBe('Close');
  expect(response.sessionState.intent?.state).toBe('Failed');
  expect(response.sessionState.intent?.name).toBe(spec.intent);
  return textOf(response);
}

function expectNoWrites(): void {
  expect(table.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
  expect(table.mock).not.toHaveReceivedCommand(UpdateItemCommand);
  expect(table.mock).not.toHaveReceivedCommand(PutItemCommand);
}

describe('in dialog hooks (reads only)', () => {
  interface Case {
    intent: string;
    slots: Record<string, string>;
    failing: 'GetItemCommand' | 'QueryCommand';
    error: () => Error;
    says: RegExp;
  }
  const cases: Case[] = [
    {
      intent: 'MigrateVm',
      slots: { VmName: 'vm-3', TargetHost: 'host-b' },
      failing: 'GetItemCommand',
      error: throttled,
      says: /^The fleet database isn't answering right now \(DynamoDB is throttling requests; try again in a moment\.\)/,
    },
    {
      intent: 'MigrateVm',
      slots: { VmName: 'vm-3', TargetHost: 'host-b' },
      failing: 'QueryCommand',
      error: throttling,
      says: /DynamoDB is throttling requests/,
    },
    {
      intent: 'WhereIsVm',
      slots: { VmName: 'vm 5' },
      failing: 'GetItemCommand',
      error: timeout,
      says: /did not answer in time/,
    },
    {
      intent: 'CreateVm',
      slots: { ApplianceName: 'cache' },
      failing: 'QueryCommand',
      error: aborted,
      says: /did not answer in time/,
    },
    {
      intent: 'EvacuateHost',
      slots: { HostName: 'host-a' },
      failing: 'QueryCommand',
      error: timeout,
      says: /did not answer in time/,
    },
    {
      intent: 'ListHosts',
      slots: { HostName: 'b' },
      failing: 'QueryCommand',
      error: throttled,
      says: /throttling/,
    },
    {
      intent: 'RecommendHost',
      slots: { VmName: 'vm-2' },
      failing: 'GetItemCommand',
      error: aborted,
      says: /did not answer in time/,
    },
  ];

  it.each(cases.map((c) => ({ ...c, with: c.error().name })))(
    '$intent: $failing fails with $with',
    async ({ intent, slots, failing, error, says }) => {
      // Prepare
      if (failing === 'GetItemCommand') table.mock.on(GetItemCommand).rejects(error());
      else table.mock.on(QueryCommand).rejects(error());

      // Act
      const text = await failedTurn({ intent, slots });

      // Assess
      expect(text).toMatch(says);
      expect(text).toMatch(NOTHING_DONE);
      expectNoWrites();
      expect(logged).toEqual([
        expect.objectContaining({ level: 'error', message: 'store unavailable' }),
      ]);
    },
  );

  it("MigrationReport's offer-report hook", async () => {
    table.mock.on(GetItemCommand).rejects(timeout());
    const text = await failedTurn({
      intent: 'MigrationReport',
      slots: { VmName: 'vm-3' },
      invocationLabel: 'offer-report',
      sessionAttributes: { offerReportFor: 'vm-3' },
    });
    expect(text).toMatch(NOTHING_DONE);
  });
});

describe('in fulfillments', () => {
  const migrate = {
    intent: 'MigrateVm',
    source: 'FulfillmentCodeHook',
    confirmationState: 'Confirmed',
    slots: { VmName: 'vm-3', TargetHost: 'host-b' },
  } as const;

  it('MigrateVm: the reservation lost to another writer (conditional failure on the host)', async () => {
    table.mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const text = await failedTurn(migrate);

    expect(text).toBe('host-b could not take vm-3 just now; try again.');
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', message: 'store refused' })]);
  });

  it('MigrateVm: the VM kept changing under the transaction', async () => {
    table.mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    const text = await failedTurn(migrate);

    expect(text).toBe('vm-3 kept changing while I planned its migration; try again.');
    // Planned again a few times, then given up.
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 4);
  });

  it('MigrateVm: conflicts with other transactions until the retries run out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    table.mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('TransactionConflict', 'None', 'None', 'None'));

    const answer = failedTurn(migrate);
    await vi.runAllTimersAsync();
    const text = await answer;

    expect(text).toMatch(/The fleet is busy with other changes to the same records/);
    // DynamoDB applied none of the attempts: nothing was done is true.
    expect(text).toMatch(NOTHING_DONE);
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 7);
  });

  it.each([
    ['ProvisionedThroughputExceededException', throttled],
    ['ThrottlingException', throttling],
  ])('MigrateVm: the transaction throttled (%s)', async (_name, error) => {
    table.mock.on(TransactWriteItemsCommand).rejects(error());

    const text = await failedTurn(migrate);

    expect(text).toMatch(/DynamoDB is throttling requests/);
    expect(text).toMatch(NOTHING_DONE);
  });

  it.each([
    ['TimeoutError', timeout],
    ['AbortError', aborted],
  ])(
    'MigrateVm: the transaction timed out (%s): the outcome is unknown, and the answer says so',
    async (_name, error) => {
      table.mock.on(TransactWriteItemsCommand).rejects(error());

      const text = await failedTurn(migrate);

      expect(text).toBe(
        `The fleet database stopped answering while I was making the change (The fleet database did not answer in time.) I can't tell whether it went through: I will check when you next write to me and tell you what happened.`,
      );
      expect(text).not.toMatch(/Nothing was done/);
    },
  );

  it('MigrateVm: a read timing out before the write still did nothing', async () => {
    table.mock.on(QueryCommand).rejects(timeout());
    const text = await failedTurn(migrate);
    expect(text).toMatch(NOTHING_DONE);
    expect(table.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
  });

  it('CreateVm: the name was taken meanwhile', async () => {
    table.mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));

    const text = await failedTurn({
      intent: 'CreateVm',
      source: 'FulfillmentCodeHook',
      confirmationState: 'Confirmed',
      slots: { ApplianceName: 'cache', VmName: 'web-9' },
    });

    expect(text).toBe('There is already a VM called web-9.');
  });

  it('CreateVm: the host filled up meanwhile', async () => {
    table.mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));

    const text = await failedTurn({
      intent: 'CreateVm',
      source: 'FulfillmentCodeHook',
      confirmationState: 'Confirmed',
      slots: { ApplianceName: 'cache', TargetHost: 'host-f' },
    });

    expect(text).toBe('host-f could not take vm-9 just now; try again.');
  });

  it('EvacuateHost: maintenance refused by throttling changes nothing', async () => {
    table.mock.on(UpdateItemCommand).rejects(throttling());

    const text = await failedTurn({
      intent: 'EvacuateHost',
      source: 'FulfillmentCodeHook',
      confirmationState: 'Confirmed',
      slots: { HostName: 'host-a' },
    });

    expect(text).toMatch(/DynamoDB is throttling requests/);
    expect(text).toMatch(NOTHING_DONE);
    expect(table.mock).not.toHaveReceivedCommand(TransactWriteItemsCommand);
  });

  it('EvacuateHost: the database stops answering part-way; the answer says what was done', async () => {
    // Prepare: maintenance and the first migration go through, the second times out.
    table.mock
      .on(TransactWriteItemsCommand)
      .resolvesOnce({})
      .rejectsOnce(timeout())
      .rejects(new Error('must not be called again'));

    const text = await failedTurn({
      intent: 'EvacuateHost',
      source: 'FulfillmentCodeHook',
      confirmationState: 'Confirmed',
      slots: { HostName: 'host-a' },
    });

    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'host-a is now in maintenance, but then the fleet database stopped answering. The fleet database did not answer in time.',
    );
    expect(lines[1]).toMatch(/^vm-2 to host-b: migrating now, about [\d.]+ s\.$/);
    expect(lines[2]).toBe("I don't know whether vm-1 started to move, and I did not get to vm-3.");
    expect(lines[3]).toBe(
      '"list hosts" shows where things are; "evacuate host-a" again moves what is left.',
    );
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 2);
  });
});

describe('a failure that is not the store', () => {
  it('closes with an apology instead of throwing', async () => {
    const store = await demoFleet();
    store.getVm = () => Promise.reject(new TypeError('cannot read properties of undefined'));
    const errors: string[] = [];
    const broken = createFulfillment({
      store,
      log: { info() {}, warn() {}, error: (m) => errors.push(m) },
    });

    const response = expectValidLex(
      await broken(lexEvent({ intent: 'WhereIsVm', slots: { VmName: 'vm-3' } })),
    );

    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(textOf(response)).toMatch(/^Something went wrong on my side\./);
    expect(errors).toEqual(['unexpected error']);
  });
});

describe('lambda/handler.ts', () => {
  it('answers from its own DynamoDB client, never throwing, whatever the table does', async () => {
    vi.stubEnv('TABLE_NAME', 'vmbot-mock');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const { handler } = await import('../../../lambda/handler');
    table.mock.on(GetItemCommand).rejects(timeout());
    try {
      const answer = expectValidLex(
        await handler(lexEvent({ intent: 'MigrateVm', slots: { VmName: 'vm-3' } })),
      );
      expect(answer.sessionState.intent?.state).toBe('Failed');
      expect(textOf(answer)).toMatch(/did not answer in time/);

      const unreadable = expectValidLex(await handler({ not: 'an event' }), { strict: false });
      expect(unreadable.sessionState.dialogAction.type).toBe('ElicitIntent');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
