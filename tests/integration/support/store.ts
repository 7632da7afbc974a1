import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { hostsChangeAt, nextDueAt } from '../../../src/store/domain';
import { pendingEntry } from '../../../src/store/table/items';
import {
  createDynamo,
  DynamoFleetStore,
  ensureTable,
  type DynamoFleetStoreOptions,
  type MigrationRecord,
} from '../../../src/store';
import { gsi1, TABLE } from '../../../src/store/table/keys';

export const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

/** A controllable clock for tests: starts at T0, moves only when told. */
export class TestClock {
  constructor(public now = T0) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface TestTable {
  tableName: string;
  endpoint: string;
  /** The store's client, and a document client for tests that look at or change raw items. */
  dynamo: ReturnType<typeof createDynamo> & { doc: DynamoDBDocumentClient };
  store(options?: Partial<DynamoFleetStoreOptions>): DynamoFleetStore;
  drop(): Promise<void>;
}

/** A fresh table in the run's DynamoDB Local, so that test files never see each other's data. */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const dynamo = {
    ...createDynamo({ endpoint }),
    // Its own client: the store's caches its middleware, which the document client refuses.
    doc: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    ),
  };
  const tableName = `vmbot-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo.client, tableName);
  return {
    tableName,
    endpoint,
    dynamo,
    store: (options) => new DynamoFleetStore({ client: dynamo.client, tableName, ...options }),
    drop: async () => {
      await dynamo.client.send(new DeleteTableCommand({ TableName: tableName }));
      dynamo.client.destroy();
      dynamo.doc.destroy();
    },
  };
}

export async function scanAll(table: TestTable): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.dynamo.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The store's invariants, checked on the raw items: every VM on exactly one existing host; on
 * every host, allocated + reserved <= capacity (memory and vCPUs), the counters equal to what
 * the VMs and the migrations in flight add up to, and free = capacity - allocated - reserved;
 * at most one migration in flight per VM, marked on the VM (with where it goes, its stage and
 * when its next transition falls due); on every host, the migrations in flight that will still
 * move its counters noted with the instant they will; every finished migration completed or
 * aborted with its reason. Returns the problems found (none when all hold).
 */
export async function invariantProblems(table: TestTable): Promise<string[]> {
  const items = await scanAll(table);
  const hosts = items.filter((i) => i.type === 'host');
  const vms = items.filter((i) => i.type === 'vm');
  const migrations = items.filter((i) => i.type === 'migration') as unknown as (MigrationRecord &
    Record<string, unknown>)[];
  const problems: string[] = [];
  const hostIds = new Set(hosts.map((h) => h.id as string));

  for (const vm of vms) {
    if (typeof vm.hostId !== 'string' || !hostIds.has(vm.hostId))
      problems.push(`${vm.id} is on no known host (${String(vm.hostId)})`);
    if (vm[TABLE.gsi1.sortKey] !== gsi1.vmSortKey(String(vm.hostId), String(vm.id)))
      problems.push(
        `${vm.id}'s index key ${String(vm[TABLE.gsi1.sortKey])} disagrees with its host ${String(vm.hostId)}`,
      );
  }
  const inFlight = migrations.filter((m) => m.status === 'in-flight');
  const perVm = new Map<string, number>();
  for (const m of inFlight) perVm.set(m.vmId, (perVm.get(m.vmId) ?? 0) + 1);
  for (const [vmId, n] of perVm) if (n > 1) problems.push(`${vmId} has ${n} migrations in flight`);
  for (const vm of vms) {
    const mine = inFlight.find((m) => m.vmId === vm.id);
    if (mine && vm.migrationId !== mine.id)
      problems.push(`${vm.id} does not carry its migration in flight ${mine.id}`);
    if (!mine && vm.migrationId !== undefined)
      problems.push(`${vm.id} carries migration ${String(vm.migrationId)} that is not in flight`);
    const mark = mine && {
      destinationHostId: mine.destinationHostId,
      stage: mine.stage,
      nextDueAt: nextDueAt(mine, mine.applied),
    };
    if (JSON.stringify(vm.inFlight) !== JSON.stringify(mark))
      problems.push(
        `${vm.id}'s mark ${JSON.stringify(vm.inFlight)} is not ${JSON.stringify(mark)}`,
      );
  }
  for (const m of migrations) {
    if (!['in-flight', 'completed', 'aborted'].includes(m.status))
      problems.push(`migration ${m.id} has status ${m.status}`);
    if (m.status === 'aborted' && !m.abortReason)
      problems.push(`migration ${m.id} aborted without a reason`);
    if (m.status !== 'in-flight' && m[TABLE.gsi2.partitionKey] !== undefined)
      problems.push(`finished migration ${m.id} is still indexed as in flight`);
  }

  for (const h of hosts) {
    const id = h.id as string;
    const onHost = vms.filter((v) => v.hostId === id);
    const allocatedMemory = sum(onHost.map((v) => v.memoryMiB as number));
    const allocatedVcpus = sum(onHost.map((v) => v.vcpus as number));
    // A reservation lives from the start until commit (then it is an allocation) or abort.
    const reserving = inFlight.filter((m) => m.destinationHostId === id && m.stage < 4);
    const reservedMemory = sum(reserving.map((m) => m.memoryMiB));
    const reservedVcpus = sum(reserving.map((m) => m.vcpus));
    const expect = (name: string, actual: unknown, wanted: number) => {
      if (actual !== wanted)
        problems.push(`${id}.${name} is ${String(actual)}, expected ${wanted}`);
    };
    expect('allocatedMemoryMiB', h.allocatedMemoryMiB, allocatedMemory);
    expect('allocatedVcpus', h.allocatedVcpus, allocatedVcpus);
    expect('reservedMemoryMiB', h.reservedMemoryMiB, reservedMemory);
    expect('reservedVcpus', h.reservedVcpus, reservedVcpus);
    expect(
      'freeMemoryMiB',
      h.freeMemoryMiB,
      (h.memoryMiB as number) - allocatedMemory - reservedMemory,
    );
    expect('freeVcpus', h.freeVcpus, (h.vcpuCapacity as number) - allocatedVcpus - reservedVcpus);
    if (allocatedMemory + reservedMemory > (h.memoryMiB as number))
      problems.push(
        `${id} is over its memory: ${allocatedMemory} + ${reservedMemory} > ${String(h.memoryMiB)}`,
      );
    if (allocatedVcpus + reservedVcpus > (h.vcpuCapacity as number))
      problems.push(`${id} is over its vCPUs`);
    // Until it commits or aborts, a migration will move both its hosts' counters.
    const changing = inFlight
      .filter((m) => m.stage < 4 && (m.sourceHostId === id || m.destinationHostId === id))
      .map((m) => pendingEntry({ migrationId: m.id, at: hostsChangeAt(m) }))
      .sort();
    const pending = [...((h.pending as Set<string> | undefined) ?? [])].sort();
    if (JSON.stringify(pending) !== JSON.stringify(changing))
      problems.push(`${id} notes ${pending.join(', ') || 'nothing'}, not ${changing.join(', ')}`);
  }
  return problems;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
