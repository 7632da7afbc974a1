import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireDynamoEndpoint } from '../../../src/cli/backend/local-dynamo';
import { freePort, type DynamoDbLocal } from '../../../src/store/local/dynamodb-local';

/**
 * The .vmbot/dynamodb.json lock, with a stand-in for DynamoDB Local (a small HTTP server): taken
 * before Java starts, shared with a live owner once its endpoint answers, taken over from an
 * owner that is gone, and released only by its owner.
 */
let folder: string;
let lockFile: string;
const servers: Server[] = [];
const started: string[] = [];

/** Starts a stand-in DynamoDB Local; records whether the lock was held while it started. */
async function fakeStart(): Promise<DynamoDbLocal> {
  started.push(readFileSync(lockFile, 'utf8'));
  const { endpoint, port, server } = await serve();
  const exited = new Promise<void>((r) => server.once('close', () => r()));
  return {
    endpoint,
    port,
    pid: process.pid,
    exited,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function serve(): Promise<{ endpoint: string; port: number; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(400).end('{}'));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, port, server };
}

function writeLock(lock: Record<string, unknown>): void {
  mkdirSync(join(folder, '.vmbot'), { recursive: true });
  writeFileSync(lockFile, JSON.stringify(lock));
}

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', '');
  folder = mkdtempSync(join(tmpdir(), 'vmbot-lock-'));
  lockFile = join(folder, '.vmbot', 'dynamodb.json');
  started.length = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) s.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the DynamoDB Local lock', () => {
  it('is taken before DynamoDB Local starts, names the endpoint after, and goes on release', async () => {
    // Act
    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    // Assess
    expect(acquired.owned).toBe(true);
    expect(started).toHaveLength(1);
    expect(JSON.parse(started[0]!)).toMatchObject({ pid: process.pid });
    expect(JSON.parse(started[0]!)).not.toHaveProperty('endpoint');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({
      pid: process.pid,
      endpoint: acquired.endpoint,
    });
    await acquired.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('is shared with a live owner whose DynamoDB Local answers', async () => {
    const { endpoint } = await serve();
    writeLock({ pid: process.pid, token: 'theirs', endpoint });

    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    expect(acquired).toMatchObject({ endpoint, owned: false });
    expect(started).toEqual([]);
    await acquired.release();
    expect(existsSync(lockFile)).toBe(true);
  });

  it('makes a second process wait while the owner is still starting, then share', async () => {
    // Prepare: the owner holds the lock and has not published an endpoint yet.
    writeLock({ pid: process.pid, token: 'theirs' });
    const { endpoint } = await serve();
    setTimeout(() => writeLock({ pid: process.pid, token: 'theirs', endpoint }), 300);

    // Act
    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    // Assess
    expect(acquired).toMatchObject({ endpoint, owned: false });
    expect(started).toEqual([]);
  });

  it('is taken over from an owner that is gone', async () => {
    writeLock({
      pid: deadPid(),
      token: 'theirs',
      endpoint: `http://127.0.0.1:${await freePort()}`,
    });

    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    expect(acquired.owned).toBe(true);
    expect(started).toHaveLength(1);
    await acquired.release();
  });

  it('is taken over when the endpoint refuses connections (its Java is gone)', async () => {
    writeLock({
      pid: process.pid,
      token: 'theirs',
      endpoint: `http://127.0.0.1:${await freePort()}`,
    });

    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    expect(acquired.owned).toBe(true);
    await acquired.release();
  });

  it('is taken over when left empty by a crash long ago', async () => {
    mkdirSync(join(folder, '.vmbot'), { recursive: true });
    writeFileSync(lockFile, '');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile, longAgo, longAgo);

    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    expect(acquired.owned).toBe(true);
    await acquired.release();
  });

  it('gives up waiting with a clear message when the owner never answers', async () => {
    writeLock({ pid: process.pid, token: 'theirs' });

    const acquiring = acquireDynamoEndpoint(folder, { start: fakeStart, waitTimeoutMs: 300 });

    await expect(acquiring).rejects.toThrow(
      `Another vmbot process (pid ${process.pid}) holds ${lockFile}, but its DynamoDB Local did not answer within 300 ms. If no other vmbot is running, delete that file and try again.`,
    );
    expect(started).toEqual([]);
  });

  it('files the data of an older vmbot (one shared database) under the checkout key', async () => {
    const dataDir = join(folder, '.vmbot', 'dynamodb');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'shared-local-instance.db'), 'the old fleet');

    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });

    const keyed = join(dataDir, `${acquired.credentials!.accessKeyId}_us-east-1.db`);
    expect(readFileSync(keyed, 'utf8')).toBe('the old fleet');
    expect(existsSync(join(dataDir, 'shared-local-instance.db'))).toBe(false);
    await acquired.release();
  });

  it('makes the checkout key once: every process of the checkout reads the same', async () => {
    const [a, b] = await Promise.all([
      acquireDynamoEndpoint(folder, { start: fakeStart }),
      acquireDynamoEndpoint(folder, { start: fakeStart }),
    ]);

    expect(a.credentials).toEqual(b.credentials);
    expect(a.credentials!.accessKeyId).toMatch(/^VMBOT[0-9A-F]{32}$/);
    await Promise.all([a.release(), b.release()]);
  });

  it('is released only by its owner', async () => {
    const acquired = await acquireDynamoEndpoint(folder, { start: fakeStart });
    // Someone judged it stale and took it over meanwhile.
    writeLock({ pid: process.pid, token: 'theirs', endpoint: acquired.endpoint });

    await acquired.release();

    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ token: 'theirs' });
  });
});
