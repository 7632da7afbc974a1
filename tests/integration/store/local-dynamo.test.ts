import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamo } from '../../../src/store';

/**
 * Two vmbot processes started at once in a fresh folder: exactly one starts DynamoDB Local on
 * .vmbot/dynamodb, the other waits for it and shares it. Two Java processes on the same files
 * deadlock or corrupt them.
 */
const CHILD = fileURLToPath(new URL('./acquire-child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

interface Acquired {
  pid: number;
  endpoint: string;
  owned: boolean;
}

let folder: string;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

function startVmbot(): { child: ChildProcess; acquired: Promise<Acquired> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.AWS_ENDPOINT_URL_DYNAMODB; // this test is about the embedded DynamoDB Local
  const child = spawn(TSX, [CHILD, folder], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const acquired = new Promise<Acquired>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(JSON.parse(line) as Acquired);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
  return { child, acquired };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** Java processes serving this folder's database files. */
function javasOn(dataDir: string): number {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.includes('java') && l.includes(dataDir)).length;
}

describe('two vmbot processes starting at once', () => {
  it('share one DynamoDB Local: one starts it, the other waits for it', async () => {
    // Prepare
    folder = mkdtempSync(join(tmpdir(), 'vmbot-lock-'));
    const dataDir = join(folder, '.vmbot', 'dynamodb');

    // Act
    const [a, b] = [startVmbot(), startVmbot()];
    const [got, other] = await Promise.all([a.acquired, b.acquired]);

    // Assess
    expect(other.endpoint).toBe(got.endpoint);
    expect([got.owned, other.owned].sort()).toEqual([false, true]);
    expect(javasOn(dataDir)).toBe(1);
    const { client } = createDynamo({ endpoint: got.endpoint });
    await expect(client.send(new ListTablesCommand({}))).resolves.toBeDefined();
    client.destroy();

    // The owner's release stops Java and removes the lock.
    const [sharer, owner] = got.owned ? [b, a] : [a, b];
    sharer.child.stdin!.end();
    await exited(sharer.child);
    expect(existsSync(join(folder, '.vmbot', 'dynamodb.json'))).toBe(true);
    owner.child.stdin!.end();
    await exited(owner.child);
    expect(existsSync(join(folder, '.vmbot', 'dynamodb.json'))).toBe(false);
    expect(javasOn(dataDir)).toBe(0);
  });
});
