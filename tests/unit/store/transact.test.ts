import 'aws-sdk-client-mock-vitest/extend';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStoreError, StoreError } from '../../../src/store';
import { TransactionCancelled, transactWrite } from '../../../src/store/dynamo/transact';
import { cancelled, mockTable, T0, type MockTable } from './support/mock-table';

/**
 * How a cancelled transaction is read: throttling and conflicts are passing (retried with
 * backoff, then 'busy'), only a failed condition is a lost race or a refusal, and any other
 * reason is a StoreError that says which record DynamoDB refused, never a raw error.
 */
const THROTTLING = ['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'];
const ITEMS = [
  { Put: { TableName: 'vmbot-mock', Item: { PK: 'VM#vm-9', SK: 'VM' } } },
  {
    Update: {
      TableName: 'vmbot-mock',
      Key: { PK: 'HOST#host-a', SK: 'HOST' },
      UpdateExpression: 'SET x = :x',
      ExpressionAttributeValues: { ':x': 1 },
    },
  },
];

let table: MockTable;

beforeEach(() => {
  table = mockTable();
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});
afterEach(() => {
  table.mock.restore();
  vi.useRealTimers();
});

/** Runs `work` to its end, letting every backoff elapse at once. */
async function settle<T>(work: Promise<T>): Promise<T> {
  const outcome = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const done = await outcome;
  if ('error' in done) throw done.error;
  return done.value;
}

describe('transactWrite', () => {
  it.each(THROTTLING)(
    'retries a transaction throttled (%s) until it goes through',
    async (code) => {
      // Prepare
      table.mock
        .on(TransactWriteCommand)
        .rejectsOnce(cancelled('None', code))
        .rejectsOnce(cancelled(code, 'None'))
        .resolves({});

      // Act
      await settle(transactWrite(table.doc, ITEMS));

      // Assess
      expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
    },
  );

  it.each(THROTTLING)('says DynamoDB is throttling when %s does not pass', async (code) => {
    table.mock.on(TransactWriteCommand).rejects(cancelled('None', code));

    const error = await settle(transactWrite(table.doc, ITEMS)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'busy',
      message: 'DynamoDB is throttling requests; try again in a moment.',
    });
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 7);
  });

  it('says the fleet is busy when conflicts with other transactions do not pass', async () => {
    table.mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    const error = await settle(transactWrite(table.doc, ITEMS)).catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'busy',
      message: 'The fleet is busy with other changes to the same records; try again in a moment.',
    });
  });

  it('reports a failed condition as a lost race at once, throttled or not', async () => {
    table.mock
      .on(TransactWriteCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'ThrottlingError'));

    const error = await settle(transactWrite(table.doc, ITEMS)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionCancelled);
    expect((error as TransactionCancelled).failedAt(0)).toBe(true);
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it.each([
    ['ValidationError', 'HOST#host-a'],
    ['ItemCollectionSizeLimitExceeded', 'HOST#host-a'],
  ])('turns %s into a StoreError naming the record, without retrying', async (code, key) => {
    table.mock.on(TransactWriteCommand).rejects(cancelled('None', code));

    const error = await settle(transactWrite(table.doc, ITEMS)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'rejected',
      message: `DynamoDB refused the change (${code} on ${key}); nothing was written.`,
    });
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('turns a cancellation without reasons into a StoreError', async () => {
    table.mock.on(TransactWriteCommand).rejects(cancelled());

    const error = await settle(transactWrite(table.doc, ITEMS)).catch((e: unknown) => e);

    expect(isStoreError(error, 'rejected')).toBe(true);
  });
});

describe('the store under a throttled transaction', () => {
  it('createVm retries and creates the VM', async () => {
    table.mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ThrottlingError', 'None'))
      .callsFake(table.write);

    const { value } = await settle(
      table.store().createVm({ applianceId: 'web', hostId: 'host-b', idempotencyKey: 'k' }),
    );

    expect(value).toMatchObject({ id: 'vm-3', hostId: 'host-b' });
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('createVm reports any other cancellation as a StoreError, never the raw cancellation', async () => {
    table.mock.on(TransactWriteCommand).rejects(cancelled('None', 'ValidationError', 'None'));

    const error = await settle(
      table.store().createVm({ applianceId: 'web', hostId: 'host-b', idempotencyKey: 'k' }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'rejected',
      message: 'DynamoDB refused the change (ValidationError on HOST#host-b); nothing was written.',
    });
  });

  it('startMigration retries instead of saying the records changed', async () => {
    table.mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ProvisionedThroughputExceeded', 'None', 'None'))
      .callsFake(table.write);

    const { value } = await settle(
      table.store().startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' }),
    );

    expect(value).toMatchObject({ vmId: 'vm-1', status: 'in-flight' });
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('advance retries a throttled transition instead of saying its VM or hosts changed', async () => {
    // Prepare: a migration recorded at T0, all of it due an hour later.
    const { value: m } = await table
      .store()
      .startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' });
    table.mock.resetHistory();
    table.mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ThrottlingError', 'None'))
      .callsFake(table.write);
    const later = table.store({ clock: () => T0 + 3_600_000 });

    // Act
    const report = await settle(later.advance());

    // Assess
    expect(report.applied).toEqual([
      { migrationId: m.id, kinds: m.plan.transitions.map((t) => t.kind) },
    ]);
    expect(table.mock).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });
});
