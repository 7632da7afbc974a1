import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { LOCAL_REGION } from '../../store';
import { privateDir, secretFile, STATE_DIR } from './checkout-secrets';
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
 *
 * Parts get lost while vmbot runs, and recover() (called before each turn) puts them back: the
 * owner restarts a Java that died, on the same port when it can (it does so at once, for the
 * processes sharing it too); a process sharing it follows the owner to a new port, and takes the
 * lock over when the owner has exited. The data on disk is kept either way.
 *
 * DynamoDB Local listens on every interface (see dynamodb-local.ts), so the tables are filed
 * under an access key id generated once per checkout and kept in .vmbot/ (mode 0700, the key
 * file 0600): a client that does not know it sees none of them.
 */
export interface DynamoEndpoint {
  /** Where DynamoDB answers now (a replaced DynamoDB Local may listen on another port). */
  readonly endpoint: string | undefined;
  /** The checkout's key for the embedded DynamoDB Local; undefined for AWS_ENDPOINT_URL_DYNAMODB. */
  readonly credentials: LocalCredentials | undefined;
  /** True while this process runs DynamoDB Local (and stops it in release). */
  readonly owned: boolean;
  /**
   * Makes sure the DynamoDB Local in use is still there, restarting it or taking the lock over
   * if not; returns a one-line notice when something had to be put back.
   */
  recover(): Promise<string | undefined>;
  release(): Promise<void>;
}

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AcquireOptions {
  /** How long to wait for another process's DynamoDB Local to answer (default 60 s). */
  waitTimeoutMs?: number;
  /** Starts DynamoDB Local (tests stand in a fake). */
  start?: (options: DynamoDbLocalOptions) => Promise<DynamoDbLocal>;
}

export { STATE_DIR };
export const LOCK_FILE = 'dynamodb.json';
export const CREDENTIALS_FILE = 'dynamodb-credentials.json';
const DATA_DIR = 'dynamodb';
/** What DynamoDB Local called its database file with -sharedDb (vmbot before per-checkout keys). */
const SHARED_DB_FILE = 'shared-local-instance.db';

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
  if (fromEnv) {
    return {
      endpoint: fromEnv,
      credentials: undefined,
      owned: false,
      recover: async () => undefined,
      release: async () => {},
    };
  }
  const dir = privateDir(cwd);
  const lease = new LocalDynamoLease(dir, checkoutCredentials(dir), options);
  await lease.acquire();
  return lease;
}

type Held =
  | { owned: true; token: string; local: DynamoDbLocal | undefined }
  | { owned: false; endpoint: string };

/** This process's hold on the checkout's DynamoDB Local: owner of it, or sharer of it. */
class LocalDynamoLease implements DynamoEndpoint {
  private held: Held | undefined;
  private notice: string | undefined;
  private restarting: Promise<void> | undefined;
  private released = false;
  private readonly lockFile: string;
  private readonly start: NonNullable<AcquireOptions['start']>;
  private readonly onExit = () => {
    if (this.held?.owned) releaseLock(this.lockFile, this.held.token);
  };

  constructor(
    private readonly dir: string,
    readonly credentials: LocalCredentials,
    private readonly options: AcquireOptions,
  ) {
    this.lockFile = join(dir, LOCK_FILE);
    this.start = options.start ?? startDynamoDbLocal;
  }

  get endpoint(): string | undefined {
    if (!this.held) return undefined;
    return this.held.owned ? this.held.local?.endpoint : this.held.endpoint;
  }

  get owned(): boolean {
    return this.held?.owned === true;
  }

  /** Takes the lock and starts Java, or shares the endpoint of the process that holds it. */
  async acquire(): Promise<void> {
    const waitMs = this.options.waitTimeoutMs ?? 60_000;
    const deadline = Date.now() + waitMs;
    let refusedSince: number | undefined;
    let lastOwner: number | undefined;
    let previous: string | undefined;

    for (;;) {
      const token = randomUUID();
      if (createLock(this.lockFile, { pid: process.pid, token })) {
        await this.own(token, previous);
        return;
      }
      const seen = readLock(this.lockFile);
      if (seen.kind === 'garbled' && seen.ageMs > GARBLED_GRACE_MS) {
        removeStale(this.lockFile, seen.raw);
        continue;
      }
      if (seen.kind === 'held') {
        const { lock, raw, ageMs } = seen;
        lastOwner = lock.pid;
        if (!alive(lock.pid)) {
          previous = lock.endpoint;
          removeStale(this.lockFile, raw);
          continue;
        }
        if (lock.endpoint) {
          const answer = await probe(lock.endpoint);
          if (answer === 'serving') {
            this.held = { owned: false, endpoint: lock.endpoint };
            return;
          }
          refusedSince = answer === 'refused' ? (refusedSince ?? Date.now()) : undefined;
          if (refusedSince !== undefined && Date.now() - refusedSince > REFUSED_GRACE_MS) {
            previous = lock.endpoint;
            removeStale(this.lockFile, raw);
            refusedSince = undefined;
            continue;
          }
        } else if (ageMs > STARTING_GRACE_MS) {
          // That pid lives but never published an endpoint: a recycled pid after a crash.
          removeStale(this.lockFile, raw);
          continue;
        }
      }
      if (seen.kind === 'missing') continue; // released meanwhile: try to take it
      if (Date.now() > deadline) {
        throw new Error(
          `Another vmbot process${lastOwner ? ` (pid ${lastOwner})` : ''} holds ${this.lockFile}, but its ` +
            `DynamoDB Local did not answer within ${duration(waitMs)}. If no other ` +
            `vmbot is running, delete that file and try again.`,
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** We hold the lock: start Java (on the port the last one had, when it can), publish it. */
  private async own(token: string, previous: string | undefined): Promise<void> {
    this.held = { owned: true, token, local: undefined };
    process.once('exit', this.onExit);
    try {
      // The last owner's Java must be gone before ours opens the same files.
      if (previous) await refusedWithin(previous, 5_000);
      adoptSharedDb(join(this.dir, DATA_DIR), this.credentials);
      await this.startJava(previous);
    } catch (err) {
      process.removeListener('exit', this.onExit);
      releaseLock(this.lockFile, token);
      this.held = undefined;
      throw err;
    }
  }

  private async startJava(previous: string | undefined): Promise<void> {
    const held = this.held;
    if (!held?.owned) return;
    const dataDir = join(this.dir, DATA_DIR);
    const port = previous ? Number(new URL(previous).port) : undefined;
    let local: DynamoDbLocal;
    try {
      local = await this.start({ dataDir, ...(port ? { port } : {}) });
    } catch (err) {
      if (!port) throw err;
      local = await this.start({ dataDir }); // that port is taken now: any free one
    }
    if (this.released || this.held !== held) {
      await local.stop();
      return;
    }
    held.local = local;
    // Replaced in one rename, so that a reader never sees a half-written file.
    const staging = `${this.lockFile}.${held.token}.tmp`;
    writeFileSync(
      staging,
      JSON.stringify({ pid: process.pid, token: held.token, endpoint: local.endpoint }),
    );
    renameSync(staging, this.lockFile);
    void local.exited.then(() => {
      if (this.released || held.local !== local) return;
      // Java died under us: put it back at once, for the processes sharing it too.
      held.local = undefined;
      this.restarting ??= this.restart(local.endpoint);
    });
  }

  private async restart(previous: string | undefined): Promise<void> {
    try {
      await this.startJava(previous);
      this.notice = 'DynamoDB Local had stopped; vmbot restarted it (data kept).';
    } catch (err) {
      this.notice = `DynamoDB Local stopped and could not be restarted (${firstLine(err)}); vmbot will try again at the next turn.`;
    } finally {
      this.restarting = undefined;
    }
  }

  async recover(): Promise<string | undefined> {
    if (this.released || !this.held) return undefined;
    await this.restarting;
    const held = this.held;
    if (held.owned) {
      if (!held.local) {
        this.restarting ??= this.restart(this.previousEndpoint());
        await this.restarting;
      }
      return this.takeNotice();
    }
    const seen = readLock(this.lockFile);
    if (seen.kind === 'held' && alive(seen.lock.pid) && seen.lock.endpoint) {
      if (seen.lock.endpoint === held.endpoint) return undefined;
      // The owner restarted its DynamoDB Local on another port: follow it.
      held.endpoint = seen.lock.endpoint;
      return 'DynamoDB Local was restarted by the vmbot that runs it; carrying on (data kept).';
    }
    // The owner has exited (its DynamoDB Local with it): take over, or share whoever did.
    await this.acquire();
    return this.owned
      ? 'The vmbot that ran DynamoDB Local has exited; this one runs it now (data kept).'
      : 'The vmbot that ran DynamoDB Local has exited; another one runs it now (data kept).';
  }

  private previousEndpoint(): string | undefined {
    const seen = readLock(this.lockFile);
    return seen.kind === 'held' ? seen.lock.endpoint : undefined;
  }

  private takeNotice(): string | undefined {
    const notice = this.notice;
    this.notice = undefined;
    return notice;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const held = this.held;
    if (!held?.owned) return;
    process.removeListener('exit', this.onExit);
    // Java first: the next owner must not start its own while ours still has the files.
    await this.restarting;
    await held.local?.stop();
    releaseLock(this.lockFile, held.token);
  }
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

/** Whether a process of that pid runs (EPERM: it does, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
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

/** Waits until nothing answers at that endpoint any more (or the time is up). */
async function refusedWithin(endpoint: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && (await probe(endpoint)) !== 'refused') await sleep(POLL_MS);
}

/** The checkout's DynamoDB Local key, made on first use. */
function checkoutCredentials(dir: string): LocalCredentials {
  const file = join(dir, CREDENTIALS_FILE);
  const key = JSON.parse(
    secretFile(dir, CREDENTIALS_FILE, () =>
      JSON.stringify({
        // Letters and digits only: DynamoDB Local names its database file after the key id.
        accessKeyId: `VMBOT${randomBytes(16).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64url'),
      }),
    ),
  ) as Partial<LocalCredentials>;
  if (typeof key.accessKeyId !== 'string' || typeof key.secretAccessKey !== 'string') {
    throw new Error(`${file} is not a DynamoDB Local key; delete it and vmbot makes a new one.`);
  }
  return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
}

/**
 * A fleet kept by an older vmbot, which ran DynamoDB Local with -sharedDb, becomes the fleet of
 * this checkout's key (DynamoDB Local files it as <access key id>_<region>.db).
 */
function adoptSharedDb(dataDir: string, credentials: LocalCredentials): void {
  const shared = join(dataDir, SHARED_DB_FILE);
  const keyed = join(dataDir, `${credentials.accessKeyId}_${LOCAL_REGION}.db`);
  if (existsSync(shared) && !existsSync(keyed)) renameSync(shared, keyed);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const firstLine = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0];
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
