import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import {
  acquireDynamoEndpoint,
  CREDENTIALS_FILE,
  STATE_DIR,
} from '../../../src/cli/backend/local-dynamo';
import { createDynamo, ensureTable } from '../../../src/store';

/**
 * The loopback and privacy rule. DynamoDB Local cannot bind to loopback (its jar has no such
 * option), so what keeps the fleet private is the per-checkout key: another client, even on the
 * same port, sees none of its tables; no web page may call it (CORS); the key is readable by its
 * owner only. `vmbot serve` listens on loopback unless told otherwise.
 */
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
/** An address of this machine that other machines could reach, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const folders: string[] = [];
afterAll(() => {
  vi.unstubAllEnvs();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('the embedded DynamoDB Local', () => {
  it('files the fleet under the checkout key: other clients, browsers and users see nothing', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', '');
    const folder = mkdtempSync(join(tmpdir(), 'vmbot-privacy-'));
    folders.push(folder);
    const acquired = await acquireDynamoEndpoint(folder);
    try {
      const mine = createDynamo({
        endpoint: acquired.endpoint!,
        credentials: acquired.credentials,
      });
      await ensureTable(mine.client, 'vmbot');
      const port = new URL(acquired.endpoint!).port;
      const stranger = createDynamo({
        endpoint: `http://${outside ?? '127.0.0.1'}:${port}`,
        credentials: { accessKeyId: 'AKIAGUESSEDKEY000000', secretAccessKey: 'whatever' },
      });

      // Act
      const ours = await mine.client.send(new ListTablesCommand({}));
      const theirs = await stranger.client.send(new ListTablesCommand({}));
      const preflight = await fetch(acquired.endpoint!, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://evil.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-amz-target,authorization,content-type',
        },
      });

      // Assess
      expect(ours.TableNames).toEqual(['vmbot']);
      expect(theirs.TableNames).toEqual([]);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(statSync(join(folder, STATE_DIR)).mode & 0o777).toBe(0o700);
      const keyFile = join(folder, STATE_DIR, CREDENTIALS_FILE);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toEqual(acquired.credentials);
      mine.client.destroy();
      stranger.client.destroy();
    } finally {
      await acquired.release();
    }
  });
});

describe('vmbot serve', () => {
  it('listens on loopback only unless --host says otherwise', async () => {
    // Prepare: the CLI as a user runs it, on the run's DynamoDB Local.
    const child = spawn(TSX, [MAIN, 'serve', '--port', '0'], {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        TABLE_NAME: `vmbot-serve-${randomUUID().slice(0, 8)}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const lines = createInterface({ input: child.stdout! });
      // The web console's line comes first; it is served on the same port.
      const listening = await new Promise<string>((resolve) =>
        lines.on('line', (line) => {
          if (/listening on/.test(line)) resolve(line);
        }),
      );
      const url = new URL(/listening on (\S+)/.exec(listening)![1]!);

      // Act
      const connect = (host: string) =>
        new Promise<string>((resolve) => {
          const socket = net.connect(Number(url.port), host, () => {
            socket.destroy();
            resolve('connected');
          });
          socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        });

      // Assess
      expect(url.hostname).toBe('127.0.0.1');
      expect(await connect('127.0.0.1')).toBe('connected');
      if (outside) expect(await connect(outside)).toBe('ECONNREFUSED');
      expect(stderr).not.toMatch(/Warning/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
