import 'aws-sdk-client-mock-vitest/extend';
import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStoreError, StoreError } from '../../../src/store';
import { DynamoTable } from '../../../src/store/dynamo/table';
import { transactWrite } from '../../../src/store/dynamo/transact';
import { toWire } from '../../../src/store/dynamo/wire';
import { keys } from '../../../src/store/table/keys';
import { TransactionCancelled, type Write } from '../../../src/store/table/persistence';

/**
 * How a cancelled transaction is read: throttling and conflicts are passing (retried with
 * backoff, then 'busy'), only a failed condition is a lost race or a refusal, named by the write
 * that lost, and any other reason is a StoreError that says which record DynamoDB refused, never
 * a raw error.
 */
const THROTTLING = ['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded'];
const WRITES: Record<'vm' | 'host', Write> = {
  vm: { put: keys.vm('vm-9') },
  host: { update: keys.host('host-a'), change: { set: { x: 1 } } },
};

/** DynamoDB's cancellation, with one reason per item. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

let mock: AwsClientStub<DynamoDBClient>;
let table: DynamoTable;

beforeEach(() => {
  mock = mockClient(DynamoDBClient);
  table = new DynamoTable(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'mock', secretAccessKey: 'mock' },
    }),
    'vmbot-mock',
  );
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});
afterEach(() => {
  mock.restore();
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
  it('sends the writes in the order given, marshalled', async () => {
    mock.on(TransactWriteItemsCommand).resolves({});

    await settle(transactWrite(table, WRITES));

    expect(mock).toHaveReceivedCommandWith(TransactWriteItemsCommand, {
      TransactItems: [
        { Put: { TableName: 'vmbot-mock', Item: toWire(keys.vm('vm-9')) } },
        {
          Update: {
            TableName: 'vmbot-mock',
            Key: toWire(keys.host('host-a')),
            UpdateExpression: 'SET #n0 = :v0',
            ExpressionAttributeNames: { '#n0': 'x' },
            ExpressionAttributeValues: { ':v0': { N: '1' } },
          },
        },
      ],
    });
  });

  it.each(THROTTLING)(
    'retries a transaction throttled (%s) until it goes through',
    async (code) => {
      // Prepare
      mock
        .on(TransactWriteItemsCommand)
        .rejectsOnce(cancelled('None', code))
        .rejectsOnce(cancelled(code, 'None'))
        .resolves({});

      // Act
      await settle(transactWrite(table, WRITES));

      // Assess
      expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 3);
    },
  );

  it.each(THROTTLING)('says DynamoDB is throttling when %s does not pass', async (code) => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled('None', code));

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'busy', data: { cause: 'throttled' } });
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 7);
  });

  it('says the fleet is busy when conflicts with other transactions do not pass', async () => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled('TransactionConflict', 'None'));

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'busy', data: { cause: 'conflicts' } });
  });

  it('reports a failed condition as a lost race at once, by name, throttled or not', async () => {
    mock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'ThrottlingError'));

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransactionCancelled);
    const lost = error as TransactionCancelled<'vm' | 'host'>;
    expect([lost.failed('vm'), lost.failed('host')]).toEqual([true, false]);
    expect(lost.list).toEqual(['vm ConditionalCheckFailed', 'host ThrottlingError']);
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
  });

  it('names the writes by what was sent: writes left out take no place', async () => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled('ConditionalCheckFailed'));

    const error = await settle(
      transactWrite(table, { absent: undefined, host: WRITES.host }),
    ).catch((e: unknown) => e);

    expect((error as TransactionCancelled<'absent' | 'host'>).failed('host')).toBe(true);
  });

  it.each([
    ['ValidationError', keys.host('host-a').PK],
    ['ItemCollectionSizeLimitExceeded', keys.host('host-a').PK],
  ])('turns %s into a StoreError naming the record, without retrying', async (code, key) => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled('None', code));

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'rejected',
      data: { refused: [{ reason: code, item: key }] },
    });
    expect(mock).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
  });

  it('turns a cancellation without reasons into a StoreError', async () => {
    mock.on(TransactWriteItemsCommand).rejects(cancelled());

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(isStoreError(error, 'rejected')).toBe(true);
  });

  it.each([
    ['TimeoutError', { cause: 'timed-out', error: 'TimeoutError' }],
    ['AbortError', { cause: 'timed-out', error: 'AbortError' }],
    ['DeadlinePassedError', { cause: 'timed-out', error: 'DeadlinePassedError' }],
    ['ECONNREFUSED', { cause: 'unreachable', error: 'ECONNREFUSED' }],
    ['ResourceNotFoundException', { cause: 'no-table', error: 'ResourceNotFoundException' }],
  ])('turns %s into an unavailable store', async (name, data) => {
    mock.on(TransactWriteItemsCommand).rejects(Object.assign(new Error(name), { name }));

    const error = await settle(transactWrite(table, WRITES)).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unavailable', data });
  });
});
