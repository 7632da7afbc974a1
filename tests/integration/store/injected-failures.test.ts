import {
  TransactionCanceledException,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdvanceFailed,
  createDynamo,
  DynamoFleetStore,
  seedDemoFleet,
  StoreError,
  type MigrationRecord,
} from '../../../src/store';
import { createTestTable, invariantProblems, TestClock, type TestTable } from '../support/store';
import { keys } from '../../../src/store/table/keys';

/**
 * DynamoDB failing under the store, on a real table: a transaction cancelled for throttling, a
 * migration whose transition keeps failing, a timeout. A middleware on the store's client makes
 * chosen TransactWriteItems fail before they are sent; everything else is DynamoDB Local.
 *
 * Reads apply what is due first. A migration whose advance fails must not fail the read (nor
 * keep the others from advancing), unless DynamoDB itself cannot be reached; `advance()` tries
 * every one and then reports what failed. Throttled transactions are retried, not reported as a
 * changed record.
 */
type Fault = (input: TransactWriteItemsCommandInput) => Error | undefined;

let table: TestTable;
let clock: TestClock;
let fault: Fault;
let transactions: string[];

/** A store on its own client, whose transactions pass through `fault` first. */
function faultyStore(): DynamoFleetStore {
  const { client } = createDynamo({ endpoint: table.endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        const input = args.input as TransactWriteItemsCommandInput;
        transactions.push(String(input.TransactItems?.[0]?.Update?.Key?.PK?.S ?? 'put'));
        const error = fault(input);
        if (error) throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return new DynamoFleetStore({ client, tableName: table.tableName, clock: clock.read });
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const timeout = () =>
  Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
/** Fails the first `n` transactions with `error`, then lets them through. */
const firstFail = (n: number, error: () => Error): Fault => {
  let left = n;
  return () => (left-- > 0 ? error() : undefined);
};

beforeEach(async () => {
  table = await createTestTable();
  clock = new TestClock();
  await seedDemoFleet(table.store({ clock: clock.read }));
  fault = () => undefined;
  transactions = [];
});
afterEach(async () => {
  await table.drop();
});

describe('a migration whose transition fails, among others that are due', () => {
  let broken: MigrationRecord;
  let fine: MigrationRecord;
  const transitionOf = (m: MigrationRecord) => keys.migration(m.id).PK;
  /** The broken migration's transitions fail with `error`; every other one goes through. */
  const breaking =
    (error: () => Error): Fault =>
    (input) =>
      input.TransactItems?.[0]?.Update?.Key?.PK?.S === transitionOf(broken) ? error() : undefined;

  beforeEach(async () => {
    const store = table.store({ clock: clock.read });
    broken = (await store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' })).value;
    fine = (await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' })).value;
    clock.advance(3_600_000);
  });

  it('does not fail a read whose VM changed behind its back; the others advance', async () => {
    // Prepare: the broken one's VM condition fails (and a re-read shows no progress).
    fault = breaking(() => cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    // Act
    const hosts = await faultyStore().listHosts();

    // Assess
    expect(hosts.map((h) => h.id)).toContain('host-b');
    expect(transactions.sort()).toEqual([transitionOf(broken), transitionOf(fine)].sort());
    const after = table.store({ clock: clock.read });
    expect(await after.getMigration(fine.id)).toMatchObject({ status: 'completed' });
  });

  it('a read of that migration shows it as stored', async () => {
    fault = breaking(() => cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    const m = await faultyStore().getMigration(broken.id);

    expect(m).toMatchObject({ id: broken.id, status: 'in-flight', applied: 0 });
  });

  it('still fails the read when DynamoDB cannot be reached', async () => {
    fault = breaking(timeout);

    const error = await faultyStore()
      .listHosts()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'unavailable',
      data: { cause: 'timed-out', error: 'TimeoutError' },
    });
  });

  it('advance() tries every migration, then throws what failed along with what it applied', async () => {
    fault = breaking(timeout);

    const error = await faultyStore()
      .advance()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AdvanceFailed);
    const failure = error as AdvanceFailed;
    expect(failure.code).toBe('unavailable');
    expect(failure.applied.map((a) => a.migrationId)).toEqual([fine.id]);
    expect(failure.failed).toEqual([
      { migrationId: broken.id, error: expect.objectContaining({ code: 'unavailable' }) },
    ]);
    expect(failure.message).toBe(
      `Could not advance 1 migration. ${broken.id}: unavailable: timed-out (TimeoutError). 1 other advanced.`,
    );
  });
});

describe('the store under a throttled transaction', () => {
  it('createVm retries and creates the VM', async () => {
    fault = firstFail(1, () => cancelled('None', 'ThrottlingError', 'None'));

    const { value } = await faultyStore().createVm({
      applianceId: 'web-server',
      hostId: 'host-b',
      idempotencyKey: 'k',
    });

    expect(value).toMatchObject({ id: 'vm-9', hostId: 'host-b' });
    expect(transactions).toHaveLength(2);
    expect(await invariantProblems(table)).toEqual([]);
  });

  it('createVm reports any other cancellation as a StoreError, never the raw cancellation', async () => {
    fault = () => cancelled('None', 'ValidationError', 'None');

    const error = await faultyStore()
      .createVm({ applianceId: 'web-server', hostId: 'host-b', idempotencyKey: 'k' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'rejected',
      data: { refused: [{ reason: 'ValidationError', item: keys.host('host-b').PK }] },
    });
  });

  it('startMigration retries instead of saying the records changed', async () => {
    fault = firstFail(1, () => cancelled('ProvisionedThroughputExceeded', 'None', 'None'));

    const { value } = await faultyStore().startMigration({
      vmId: 'vm-1',
      destinationHostId: 'host-b',
    });

    expect(value).toMatchObject({ vmId: 'vm-1', status: 'in-flight' });
    expect(transactions).toHaveLength(2);
    expect(await invariantProblems(table)).toEqual([]);
  });

  it('advance retries a throttled transition instead of saying its VM or hosts changed', async () => {
    // Prepare: a migration recorded at T0, all of it due an hour later.
    const { value: m } = await table
      .store({ clock: clock.read })
      .startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' });
    clock.advance(3_600_000);
    fault = firstFail(1, () => cancelled('None', 'None', 'ThrottlingError', 'None'));

    // Act
    const report = await faultyStore().advance();

    // Assess
    expect(report.applied).toEqual([
      { migrationId: m.id, kinds: m.plan.transitions.map((t) => t.kind) },
    ]);
    expect(transactions).toHaveLength(2);
    expect(await invariantProblems(table)).toEqual([]);
  });
});
