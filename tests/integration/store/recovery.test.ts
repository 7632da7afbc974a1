import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import type { RecognizeTextOutput } from '../../../src/runtime';

/**
 * Lost parts put back, with real processes: DynamoDB Local killed with SIGKILL under a running
 * bot, and the vmbot process that started it killed while another one shares it. The next turn
 * works, says so in one line, and the data on disk is still there.
 */
const CHILD = fileURLToPath(new URL('./backend-child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

const folders: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function checkout(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vmbot-recovery-'));
  folders.push(folder);
  return folder;
}

/** Java processes serving this checkout's database files. */
function javaPids(folder: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((l) => l.includes('java') && l.includes(join(folder, '.vmbot', 'dynamodb')))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

async function until(what: string, ready: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a bot whose DynamoDB Local is killed', () => {
  let local: LocalBot | undefined;
  afterEach(async () => {
    await local?.close();
    vi.unstubAllEnvs();
  });

  it('restarts it on the same port for the next turn, says so once, and keeps the data', async () => {
    // Prepare: the embedded DynamoDB Local, as `npm start` runs it.
    const folder = checkout();
    for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
      vi.stubEnv(name, '');
    vi.stubEnv('TABLE_NAME', 'vmbot-recovery');
    vi.stubEnv('VMBOT_TIME_SCALE', '1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const notices: string[] = [];
    local = await startLocalBot({ cwd: folder, onNotice: (line) => notices.push(line) });
    const say = (text: string): Promise<RecognizeTextOutput> =>
      local!.runtime.recognizeText({ sessionId: 'recovery', text });
    await local.backend.store.setHostState('host-f', 'maintenance');
    const endpoint = local.backend.endpoint;
    const [java] = javaPids(folder);
    expect(java).toBeDefined();

    // Act
    const killedAt = Date.now();
    process.kill(java!, 'SIGKILL');
    await until('Java reaped', () => gone(java!));
    const answer = await say('list hosts');
    const recoveredIn = Date.now() - killedAt;

    // Assess
    expect(answer.messages?.[0]?.content).toMatch(/host-a/);
    expect(notices).toEqual(['DynamoDB Local had stopped; vmbot restarted it (data kept).']);
    expect(local.backend.endpoint).toBe(endpoint);
    expect((await local.backend.store.getHost('host-f'))?.state).toBe('maintenance');
    expect(javaPids(folder)).toHaveLength(1);
    expect(recoveredIn).toBeLessThan(15_000);
    await say('where is vm-5');
    expect(notices).toHaveLength(1);
  });
});

interface Vmbot {
  child: ChildProcess;
  /** The next line of JSON it prints. */
  next(): Promise<Record<string, unknown>>;
  turn(): Promise<Record<string, unknown>>;
  exit(): Promise<void>;
}

function startVmbot(folder: string): Vmbot {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'vmbot',
  };
  delete env.AWS_ENDPOINT_URL_DYNAMODB; // about the embedded DynamoDB Local
  const child = spawn(TSX, [CHILD, folder], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the vmbot process ended');
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  return {
    child,
    next,
    turn: () => {
      child.stdin!.write('turn\n');
      return next();
    },
    exit: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

describe('two vmbot processes on one checkout', () => {
  it('keep working whichever exits first, even killed', async () => {
    // Prepare: A starts DynamoDB Local, B shares it.
    const folder = checkout();
    const a = startVmbot(folder);
    const first = await a.next();
    const b = startVmbot(folder);
    const second = await b.next();
    expect(second).toMatchObject({ endpoint: first.endpoint });
    const hosts = (await b.turn()).hosts;
    expect(hosts).toHaveLength(6);

    // Act: the owner dies hard (its Java goes with it). tsx runs it in a child process of its
    // own: the pid it printed is the one that holds the lock.
    process.kill(first.pid as number, 'SIGKILL');
    await until('the owner gone', () => gone(first.pid as number));
    const startedAt = Date.now();
    const afterTakeover = await b.turn();
    const takeoverMs = Date.now() - startedAt;

    // Assess: B runs it now, on the same files (same fleet), and says so once.
    expect(afterTakeover).toEqual({
      notice: 'The vmbot that ran DynamoDB Local has exited; this one runs it now (data kept).',
      endpoint: first.endpoint,
      hosts,
    });
    expect(takeoverMs).toBeLessThan(15_000);
    expect(JSON.parse(readFileSync(join(folder, '.vmbot', 'dynamodb.json'), 'utf8'))).toMatchObject(
      { pid: second.pid },
    );

    // Act: C shares B's, then exits first.
    const c = startVmbot(folder);
    expect(await c.next()).toMatchObject({ endpoint: first.endpoint });
    await c.exit();

    // Assess: B carries on without a word; its exit stops the database and frees the lock.
    expect(await b.turn()).toEqual({ endpoint: first.endpoint, hosts });
    await b.exit();
    expect(existsSync(join(folder, '.vmbot', 'dynamodb.json'))).toBe(false);
    expect(javaPids(folder)).toEqual([]);
  });
});
