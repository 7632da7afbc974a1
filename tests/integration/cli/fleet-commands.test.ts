import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/program';
import { DEMO_VMS, seedDemoFleet, type FleetStore } from '../../../src/store';
import { createTestTable, type TestTable } from '../support/store';
import { keys } from '../../../src/store/table/keys';

/**
 * `vmbot advance` and `vmbot reset` against DynamoDB Local, through the CLI's own entry point:
 * advance reports every transition it applied (none is applied silently while it starts) and
 * every migration it could not move; reset puts the demo fleet back as seeded.
 */
let table: TestTable;
let printed: string[];

beforeEach(async () => {
  table = await createTestTable();
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('TABLE_NAME', table.tableName);
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
  await table.drop();
});

/** A store whose clock is an hour behind: what it starts is all due by now. */
async function fleetAnHourAgo(): Promise<FleetStore> {
  const store = table.store({ clock: () => Date.now() - 3_600_000 });
  await seedDemoFleet(store);
  return store;
}

describe('vmbot advance', () => {
  it('lists the transitions it applied, none of them lost to its own start-up', async () => {
    const store = await fleetAnHourAgo();
    const m = (await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' })).value;

    const code = await main(['advance']);

    expect(code).toBe(0);
    expect(printed.join('\n')).toBe(
      `Applied 3 transitions to 1 migration:\n  ${m.id}: stop-and-copy, commit, complete`,
    );
    expect(await table.store().getVm('vm-3')).toMatchObject({ hostId: 'host-b' });
  });

  it('says what it could not advance, and why, with exit code 1', async () => {
    const store = await fleetAnHourAgo();
    const stuck = (await store.startMigration({ vmId: 'vm-1', destinationHostId: 'host-b' })).value;
    // Someone clears vm-1's in-flight mark behind the store's back: its commit cannot apply.
    await table.dynamo.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.vm('vm-1'),
        UpdateExpression: 'REMOVE migrationId',
      }),
    );

    await main(['advance']);

    expect(process.exitCode).toBe(1);
    expect(printed.join('\n')).toMatch(
      new RegExp(
        `^Could not advance 1 migration:\\n  ${stuck.id}: Migration ${stuck.id} could not advance: its VM or hosts changed`,
      ),
    );
  });

  it('says when nothing was due', async () => {
    await fleetAnHourAgo();
    await main(['advance']);
    expect(printed).toEqual(['Nothing was due.']);
  });
});

describe('vmbot reset', () => {
  it('puts the demo fleet back as seeded', async () => {
    const store = await fleetAnHourAgo();
    await store.setHostState('host-a', 'maintenance');
    await store.createVm({ applianceId: 'cache', hostId: 'host-c' });
    await table.store().startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' }); // in flight now

    const code = await main(['reset']);

    expect(code).toBe(0);
    expect(printed).toEqual([
      'The demo fleet is back as seeded: 6 hosts, 8 VMs, nothing migrating.',
    ]);
    const fresh = table.store();
    expect((await fresh.getHost('host-a'))?.state).toBe('active');
    const placed = (vms: { id: string; hostId: string }[]) =>
      vms.map((v) => `${v.id}@${v.hostId}`).sort();
    expect(placed(await fresh.listVms())).toEqual(placed(DEMO_VMS));
    expect(await fresh.listMigrationsInFlight()).toEqual([]);
  });
});
