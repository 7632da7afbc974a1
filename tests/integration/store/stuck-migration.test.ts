import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdvanceFailed,
  seedDemoFleet,
  type FleetStore,
  type MigrationRecord,
} from '../../../src/store';
import { createTestTable, TestClock, type TestTable } from '../support/store';
import { keys } from '../../../src/store/table/keys';

/**
 * One migration that cannot advance (its VM is no longer as it left it) must not stop the
 * others, nor make the reads that advance lazily fail; `advance()` tries them all, then says
 * which could not move and why.
 */
let table: TestTable;
let clock: TestClock;
let store: FleetStore;
let healthy: MigrationRecord;
let stuck: MigrationRecord;

beforeEach(async () => {
  table = await createTestTable();
  clock = new TestClock();
  store = table.store({ clock: clock.read });
  await seedDemoFleet(store);
  healthy = (await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' })).value;
  stuck = (await store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' })).value;
  // Someone clears vm-1's in-flight mark behind the store's back: its commit's condition fails.
  await table.dynamo.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.vm('vm-1'),
      UpdateExpression: 'REMOVE migrationId',
    }),
  );
  clock.advance(3_600_000);
});
afterEach(async () => {
  await table.drop();
});

describe('a migration that cannot advance', () => {
  it('does not make the reads fail, and the others advance', async () => {
    // Act
    const hosts = await store.listHosts();
    const vms = await store.listVms();

    // Assess
    expect(hosts.length).toBeGreaterThan(0);
    expect(vms.find((v) => v.id === 'vm-3')).toMatchObject({ hostId: 'host-b' });
    expect(vms.find((v) => v.id === 'vm-1')).toMatchObject({ hostId: 'host-a' });
    expect((await store.getMigration(healthy.id))!.status).toBe('completed');
    expect((await store.getMigration(stuck.id))!).toMatchObject({
      status: 'in-flight',
      applied: 0,
    });
    expect(await store.getVm('vm-1')).toMatchObject({ hostId: 'host-a' });
    expect((await store.listMigrationsForVm('vm-1')).map((m) => m.id)).toEqual([stuck.id]);
    await expect(store.getHost('host-b')).resolves.toMatchObject({ id: 'host-b' });
    await expect(
      store.createVm({ applianceId: 'game-server', hostId: 'host-c' }),
    ).resolves.toMatchObject({ replayed: false });
  });

  it('advance() applies the others, then reports the one that failed', async () => {
    // Act
    const advancing = store.advance();

    // Assess
    await expect(advancing).rejects.toBeInstanceOf(AdvanceFailed);
    const failure = (await advancing.catch((e: unknown) => e)) as AdvanceFailed;
    expect(failure.code).toBe('changed-meanwhile');
    expect(failure.applied).toEqual([
      { migrationId: healthy.id, kinds: ['stop-and-copy', 'commit', 'complete'] },
    ]);
    expect(failure.failed.map((f) => f.migrationId)).toEqual([stuck.id]);
    expect(failure.failed[0]!.error).toMatchObject({
      code: 'changed-meanwhile',
      data: {
        during: 'advancing',
        migrationId: stuck.id,
        vmId: 'vm-1',
        reasons: ['vm ConditionalCheckFailed'],
      },
    });
    expect(failure.message).toBe(
      `Could not advance 1 migration. ${stuck.id}: changed-meanwhile: advancing ${stuck.id} of vm-1 (vm ConditionalCheckFailed). 1 other advanced.`,
    );
    expect((await store.getVm('vm-3'))!.hostId).toBe('host-b');
  });
});
