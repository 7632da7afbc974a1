import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FAULT_ANNOUNCEMENT,
  seedDemoFleet,
  type FaultPoint,
  type FleetStore,
} from '../../../src/store';
import {
  createTestTable,
  invariantProblems,
  TestClock,
  T0,
  type TestTable,
} from '../support/store';

/**
 * Crash safety: a real child process is killed with SIGKILL at each point between two writes of
 * a start, an advance (commit included), a creation or a deletion. Whatever was or was not written, the
 * invariants hold, and the next advance carries every migration to its end.
 */
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

let table: TestTable;
let clock: TestClock;
let store: FleetStore;

beforeEach(async () => {
  table = await createTestTable();
  clock = new TestClock();
  store = table.store({ clock: clock.read });
  await seedDemoFleet(store);
});
afterEach(async () => {
  await table.drop();
});

/** Runs the child until it reaches `point` (then SIGKILL) or finishes; says which happened. */
function runChild(
  point: string | undefined,
  now: number,
  ...op: string[]
): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx's loader, not the tsx command: that one runs the script in a child
    // process of its own, which SIGKILL on the command would leave running (hanging at its point).
    const args = [CHILD, table.endpoint, table.tableName, String(now), ...op];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: {
        ...process.env,
        VMBOT_FAULT_POINT: point ?? '',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!killed && stderr.includes(`${FAULT_ANNOUNCEMENT} `)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

async function expectInvariants() {
  expect(await invariantProblems(table)).toEqual([]);
}

describe('a crash while starting a migration', () => {
  it.each(['start:before-write', 'start:after-write'] as FaultPoint[])(
    'killed at %s',
    async (point) => {
      expect(await runChild(point, T0, 'start', 'vm-3', 'host-b')).toBe('killed');
      await expectInvariants();
      const vm = (await store.getVm('vm-3'))!;
      if (point === 'start:before-write') {
        expect(vm.migration).toBeUndefined();
        expect(await store.listMigrationsForVm('vm-3')).toEqual([]);
      } else {
        expect(vm.migration?.destinationHostId).toBe('host-b');
      }
      // Whatever happened, the next advance (an hour later) leaves a consistent, finished state.
      clock.advance(3_600_000);
      await store.advance();
      await expectInvariants();
      expect(await store.listMigrationsInFlight()).toEqual([]);
      expect((await store.getVm('vm-3'))!.hostId).toBe(
        point === 'start:before-write' ? 'host-a' : 'host-b',
      );
    },
  );
});

describe('a crash while advancing (stop-and-copy, commit, completion)', () => {
  // Three migrations in flight; the advance writes once per migration.
  const starts = async () => {
    for (const [vmId, dest] of [
      ['vm-1', 'host-b'],
      ['vm-3', 'host-b'],
      ['vm-4', 'host-a'],
    ] as const) {
      await store.startMigration({ vmId, destinationHostId: dest });
    }
  };

  const cases: [
    string,
    FaultPoint,
    number,
    (m: { plan: { transitions: { atMs: number }[] }; startedAt: number }) => number,
  ][] = [
    [
      'before the first commit write',
      'advance:before-write',
      1,
      (m) => m.startedAt + m.plan.transitions[1]!.atMs,
    ],
    [
      'after the first commit write',
      'advance:after-write',
      1,
      (m) => m.startedAt + m.plan.transitions[1]!.atMs,
    ],
    ['between the second and third writes', 'advance:after-write', 2, () => T0 + 3_600_000],
    [
      'before the stop-and-copy write',
      'advance:before-write',
      1,
      (m) => m.startedAt + m.plan.transitions[0]!.atMs,
    ],
  ];

  it.each(cases)('killed %s', async (_label, point, nth, when) => {
    await starts();
    const [first] = await store.listMigrationsForVm('vm-3');
    const at = Math.ceil(when(first!)) + 1;
    expect(await runChild(`${point}:${nth}`, at, 'advance')).toBe('killed');
    await expectInvariants();
    clock.now = T0 + 3_600_000;
    await store.advance();
    await expectInvariants();
    expect(await store.listMigrationsInFlight()).toEqual([]);
    const hosts = Object.fromEntries((await store.listVms()).map((v) => [v.id, v.hostId]));
    expect(hosts).toMatchObject({ 'vm-1': 'host-b', 'vm-3': 'host-b', 'vm-4': 'host-a' });
  });

  it('after commitment, activation always completes, even if advancers die', async () => {
    const { value: m } = await store.startMigration({ vmId: 'vm-3', destinationHostId: 'host-b' });
    const [, commit, complete] = m.plan.transitions.map((t) => Math.ceil(m.startedAt + t.atMs) + 1);
    expect(await runChild('advance:after-write:1', commit!, 'advance')).toBe('killed');
    // The commit is in: the VM belongs to host-b although its migration has not finished.
    expect((await table.store({ clock: () => commit! }).getVm('vm-3'))!).toMatchObject({
      hostId: 'host-b',
      migration: { stage: 5 },
    });
    await expectInvariants();
    expect(await runChild('advance:before-write:1', complete!, 'advance')).toBe('killed');
    await expectInvariants();
    clock.now = complete!;
    await store.advance();
    expect((await store.getMigration(m.id))!.status).toBe('completed');
    await expectInvariants();
  });
});

describe('a crash while creating a VM', () => {
  it.each(['create-vm:before-write', 'create-vm:after-write'] as FaultPoint[])(
    'killed at %s',
    async (point) => {
      expect(await runChild(point, T0, 'create', 'vm-new', 'cache', 'host-c')).toBe('killed');
      await expectInvariants();
      const vm = await store.getVm('vm-new');
      expect(vm === undefined).toBe(point === 'create-vm:before-write');
    },
  );
});

describe('a crash while deleting a VM', () => {
  it.each(['delete-vm:before-write', 'delete-vm:after-write'] as FaultPoint[])(
    'killed at %s',
    async (point) => {
      const host = (await store.getHost('host-c'))!;
      expect(await runChild(point, T0, 'delete', 'vm-5', 'del-1')).toBe('killed');
      await expectInvariants();
      const gone = point === 'delete-vm:after-write';
      expect((await store.getVm('vm-5')) === undefined).toBe(gone);
      expect((await store.getHost('host-c'))!.free.memoryMiB > host.free.memoryMiB).toBe(gone);
      // The retry with the same key finishes it, or answers with what the first one did.
      const { replayed } = await store.deleteVm({ vmId: 'vm-5', idempotencyKey: 'del-1' });
      expect(replayed).toBe(gone);
      await expectInvariants();
      expect(await store.getVm('vm-5')).toBeUndefined();
    },
  );
});
