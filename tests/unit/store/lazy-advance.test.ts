import 'aws-sdk-client-mock-vitest/extend';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdvanceFailed, StoreError, type MigrationRecord } from '../../../src/store';
import { cancelled, mockTable, T0, type MockTable } from './support/mock-table';

/**
 * Reads advance what is due first. A migration whose advance fails must not fail the read (nor
 * keep the others from advancing), unless DynamoDB itself cannot be reached; `advance()` tries
 * every one and then reports what failed.
 */
let table: MockTable;
let broken: MigrationRecord;
let fine: MigrationRecord;
const later = () => table.store({ clock: () => T0 + 3_600_000 });
const timeout = () =>
  Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });

beforeEach(async () => {
  table = mockTable();
  broken = (await table.store().startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' }))
    .value;
  fine = (await table.store().startMigration({ vmId: 'vm-2', destinationHostId: 'host-b' })).value;
  table.mock.resetHistory();
});
afterEach(() => {
  table.mock.restore();
});

/** The broken migration's transaction fails with `error`; every other one goes through. */
function failing(error: () => Error) {
  table.mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    const first = input.TransactItems?.[0]?.Update?.Key?.PK;
    return first === `MIGRATION#${broken.id}` ? Promise.reject(error()) : table.write(input);
  });
}

const advancedIds = () =>
  table.mock
    .commandCalls(TransactWriteCommand)
    .map((c) => String(c.args[0].input.TransactItems?.[0]?.Update?.Key?.PK));

describe('the lazy advance before a read', () => {
  it('does not fail the read when one migration cannot advance; the others advance', async () => {
    // Prepare: the broken one's commit finds its VM changed (and a re-read shows no progress).
    failing(() => cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    // Act
    const hosts = await later().listHosts();

    // Assess
    expect(hosts.map((h) => h.id)).toEqual(['host-a', 'host-b']);
    expect(advancedIds().sort()).toEqual([`MIGRATION#${broken.id}`, `MIGRATION#${fine.id}`].sort());
  });

  it('a read of that migration shows it as stored', async () => {
    failing(() => cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    const m = await later().getMigration(broken.id);

    expect(m).toMatchObject({ id: broken.id, status: 'in-flight', applied: 0 });
  });

  it('still fails the read when DynamoDB cannot be reached', async () => {
    failing(timeout);

    const error = await later()
      .listVms()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'The fleet database did not answer in time.',
    });
  });
});

describe('advance()', () => {
  it('tries every migration, then throws what failed along with what it applied', async () => {
    failing(timeout);

    const error = await later()
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
      `Could not advance 1 migration. ${broken.id}: The fleet database did not answer in time. 1 other advanced.`,
    );
  });
});
