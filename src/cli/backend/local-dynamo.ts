import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import {
  startDynamoDbLocal,
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
} from '../../store/local/dynamodb-local';

/**
 * The DynamoDB the CLI talks to: AWS_ENDPOINT_URL_DYNAMODB when set (nothing is started), else
 * the embedded DynamoDB Local with its data under .vmbot/ in the working directory, so that
 * state survives restarts. Two Java processes must never open the same database files, so
 * .vmbot/dynamodb.json is a lock: the first vmbot process creates it exclusively (holding its
 * pid) before it starts Java, and adds the endpoint once Java answers; any other vmbot process
 * (say `vmbot fleet` while `npm start` runs, or two `vmbot seed` at once) waits for that endpoint
 * and shares it. A lock whose owner is gone, or whose Java no longer listens, is taken over.
 */
export interface DynamoEndpoint {
  endpoint?: string;
  /** True when this process started DynamoDB Local (and stops it in release). */
  owned: boolean;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** How long to wait for another process's DynamoDB Local to answer (default 60 s). */
  waitTimeoutMs?: number;
  /** Starts DynamoDB Local (tests stand in a fake). */
  start?: (options: DynamoDbLocalOptions) => Promise<DynamoDbLocal>;
}

export const STATE_DIR = '.vmbot';
export const LOCK_FILE = 'dynamodb.json';

const POLL_MS = 100;
/** A lock file still empty or unreadable after this long was left by a crash while creating it. */
const GARBLED_GRACE_MS = 5_000;
/** DynamoDB Local's own start timeout is 30 s: an owner without an endpoint after this is gone. */
const STARTING_GRACE_MS = 45_000;
/** An endpoint refusing connections for this long has no Java behind it any more. */
const REFUSED_GRACE_MS = 2_000;

interface Lock {
  pid: number;
  token: string;
  endpoint?: string;
}

export async function acquireDynamoEndpoint(
  cwd = process.cwd(),
  options: AcquireOptions = {},
): Promise<DynamoEndpoint> {
  const fromEnv = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (fromEnv) return { endpoint: fromEnv, owned: false, release: async () => {} };

  const dir = resolve(cwd, STATE_DIR);
  const lockFile = join(dir, LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  const waitMs = options.waitTimeoutMs ?? 60_000;
  const deadline = Date.now() + waitMs;
  let refusedSince: number | undefined;
  let lastOwner: number | undefined;

  for (;;) {
    const token = randomUUID();
    if (createLock(lockFile, { pid: process.pid, token })) {
      return own(dir, lockFile, token, options.start ?? startDynamoDbLocal);
    }
    const seen = readLock(lockFile);
    if (seen.kind === 'garbled' && seen.ageMs > GARBLED_GRACE_MS) {
      removeStale(lockFile, seen.raw);
      continue;
    }
    if (seen.kind === 'held') {
      const { lock, raw, ageMs } = seen;
      lastOwner = lock.pid;
      if (!alive(lock.pid)) {
        removeStale(lockFile, raw);
        continue;
      }
      if (lock.endpoint) {
        const answer = await probe(lock.endpoint);
        if (answer === 'serving') {
          return { endpoint: lock.endpoint, owned: false, release: async () => {} };
        }
        refusedSince = answer === 'refused' ? (refusedSince ?? Date.now()) : undefined;
        if (refusedSince !== undefined && Date.now() - refusedSince > REFUSED_GRACE_MS) {
          removeStale(lockFile, raw);
          refusedSince = undefined;
          continue;
        }
      } else if (ageMs > STARTING_GRACE_MS) {
        // That pid lives but never published an endpoint: a recycled pid after a crash.
        removeStale(lockFile, raw);
        continue;
      }
    }
    if (seen.kind === 'missing') continue; // released meanwhile: try to take it
    if (Date.now() > deadline) {
      throw new Error(
        `Another vmbot process${lastOwner ? ` (pid ${lastOwner})` : ''} holds ${lockFile}, but its ` +
          `DynamoDB Local did not answer within ${duration(waitMs)}. If no other ` +
          `vmbot is running, delete that file and try again.`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** We hold the lock: start Java, publish its endpoint, and release both together. */
async function own(
  dir: string,
  lockFile: string,
  token: string,
  start: NonNullable<AcquireOptions['start']>,
): Promise<DynamoEndpoint> {
  let local: DynamoDbLocal;
  try {
    local = await start({ dataDir: join(dir, 'dynamodb') });
  } catch (err) {
    releaseLock(lockFile, token);
    throw err;
  }
  // Replaced in one rename, so that a reader never sees a half-written file.
  const staging = `${lockFile}.${token}.tmp`;
  writeFileSync(staging, JSON.stringify({ pid: process.pid, token, endpoint: local.endpoint }));
  renameSync(staging, lockFile);
  const onExit = () => releaseLock(lockFile, token);
  process.once('exit', onExit);
  return {
    endpoint: local.endpoint,
    owned: true,
    release: async () => {
      process.removeListener('exit', onExit);
      // Java first: the next owner must not start its own while ours still has the files.
      await local.stop();
      releaseLock(lockFile, token);
    },
  };
}

/** Creates the lock file exclusively; false when another process holds it. */
function createLock(lockFile: string, lock: Lock): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(lock));
  } finally {
    closeSync(fd);
  }
  return true;
}

type Seen =
  | { kind: 'missing' }
  | { kind: 'garbled'; raw: string; ageMs: number }
  | { kind: 'held'; lock: Lock; raw: string; ageMs: number };

function readLock(lockFile: string): Seen {
  let raw: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(lockFile).mtimeMs;
    raw = readFileSync(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  try {
    const lock = JSON.parse(raw) as Partial<Lock>;
    if (typeof lock.pid === 'number' && Number.isInteger(lock.pid) && lock.pid > 0) {
      return { kind: 'held', lock: { token: '', ...lock, pid: lock.pid }, raw, ageMs };
    }
  } catch {
    // An owner between creating the file and writing it, or a crash there.
  }
  return { kind: 'garbled', raw, ageMs };
}

/**
 * Removes a stale lock, unless it changed since we judged it: the file is first moved aside
 * (atomic), so that of two processes clearing the same stale lock, the slower one cannot delete
 * the lock the faster one has created meanwhile; a live lock moved by mistake is put back.
 */
function removeStale(lockFile: string, judged: string): void {
  const aside = `${lockFile}.${randomUUID()}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readFileSync(aside, 'utf8') !== judged) {
      try {
        linkSync(aside, lockFile);
      } catch {
        // Someone holds a newer lock already.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes the lock if it is still ours. */
function releaseLock(lockFile: string, token: string): void {
  const seen = readLock(lockFile);
  if (seen.kind === 'held' && seen.lock.token === token) rmSync(lockFile, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Any HTTP answer means DynamoDB Local is up (it rejects this unsigned request with 400). */
async function probe(endpoint: string): Promise<'serving' | 'refused' | 'silent'> {
  try {
    const res = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return 'serving';
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'refused' : 'silent';
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
