import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDynamoDbLocal } from '../../store/local/dynamodb-local';

/**
 * The DynamoDB the CLI talks to: AWS_ENDPOINT_URL_DYNAMODB when set (nothing is started), else
 * the embedded DynamoDB Local with its data under .vmbot/ in the working directory, so that
 * state survives restarts. A second vmbot process (say `vmbot fleet` while `npm start` runs)
 * finds the first one's DynamoDB Local through .vmbot/dynamodb.json and shares it: two Java
 * processes must never open the same database files.
 */
export interface DynamoEndpoint {
  endpoint?: string;
  /** True when this process started DynamoDB Local (and stops it in release). */
  owned: boolean;
  release(): Promise<void>;
}

export const STATE_DIR = '.vmbot';

export async function acquireDynamoEndpoint(cwd = process.cwd()): Promise<DynamoEndpoint> {
  const fromEnv = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (fromEnv) return { endpoint: fromEnv, owned: false, release: async () => {} };

  const dir = resolve(cwd, STATE_DIR);
  const lockFile = join(dir, 'dynamodb.json');
  const running = await runningInstance(lockFile);
  if (running) return { endpoint: running, owned: false, release: async () => {} };

  mkdirSync(dir, { recursive: true });
  const local = await startDynamoDbLocal({ dataDir: join(dir, 'dynamodb') });
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, endpoint: local.endpoint }));
  return {
    endpoint: local.endpoint,
    owned: true,
    release: async () => {
      rmSync(lockFile, { force: true });
      await local.stop();
    },
  };
}

async function runningInstance(lockFile: string): Promise<string | undefined> {
  if (!existsSync(lockFile)) return undefined;
  try {
    const { pid, endpoint } = JSON.parse(readFileSync(lockFile, 'utf8')) as {
      pid: number;
      endpoint: string;
    };
    process.kill(pid, 0); // throws when that process is gone
    const res = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return endpoint;
  } catch {
    return undefined;
  }
}
