import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { LexServer } from '../../runtime';
import { alive } from './dynamo-liveness';

/**
 * One web console per checkout, at one address: the first vmbot to get the well-known port
 * (8300, or --port) serves the console there; every other vmbot of the checkout listens on a free
 * port of its own and, once a second, tries the well-known port again. When the vmbot holding it
 * exits, one of them gets it (the operating system lets only one bind it) and serves it from then
 * on; a page open on it reconnects to the same bot and fleet. .vmbot/console.json names the vmbot
 * serving the port (pid, port), so that a chat can tell "another vmbot of this checkout" from
 * "another program": when another program takes the port, every vmbot of the checkout prints its
 * own address, which is then the console's.
 */
export const CONSOLE_LEASE_FILE = 'console.json';
export const TAKEOVER_INTERVAL_MS = 1000;

export interface ConsolePortOptions {
  /** The well-known port. */
  port: number;
  host: string;
  /** The checkout's private folder (.vmbot/), where the lease is kept. */
  dir: string;
  /** Starts the runtime's server on a port; rejects (EADDRINUSE) when it is taken. */
  start: (port: number) => Promise<LexServer>;
  /** When the port is taken: serve on any free port and take the well-known one over later. */
  takeOver: boolean;
  /**
   * Called once the well-known port is taken over: the vmbot that exited likely ran the
   * checkout's DynamoDB Local too, to be taken over as well (reads also do it when they fail).
   */
  onTakeOver?: () => void;
  /** One line when the console's address for this checkout changes. */
  onNotice?: (line: string) => void;
  intervalMs?: number;
}

export interface ConsoleServers {
  /** The server this vmbot started with (the well-known port, or a free one). */
  readonly server: LexServer;
  /** Where the checkout's console is now, and who serves it. */
  address(): ConsoleAddress;
  close(): Promise<void>;
}

export interface ConsoleAddress {
  url: string;
  /** 'this': this vmbot serves it; 'sibling': another vmbot of the checkout (pid); 'own': the
   * well-known port is another program's, and this vmbot's own port is the address. */
  servedBy: 'this' | 'sibling' | 'own';
  pid?: number;
}

interface Lease {
  pid: number;
  port: number;
  url: string;
}

export async function serveConsolePort(options: ConsolePortOptions): Promise<ConsoleServers> {
  const leaseFile = join(options.dir, CONSOLE_LEASE_FILE);
  if (options.port === 0) {
    // Any free port: nothing well-known to serve or to watch.
    const server = await options.start(0);
    return {
      server,
      address: () => ({ url: `${server.url}/`, servedBy: 'this' }),
      close: () => server.close(),
    };
  }
  let wellKnown: LexServer | undefined;
  let server: LexServer;
  try {
    server = wellKnown = await options.start(options.port);
  } catch (error) {
    if (!isTaken(error) || !options.takeOver) throw error;
    server = await options.start(0);
  }
  if (wellKnown)
    writeLease(leaseFile, { pid: process.pid, port: wellKnown.port, url: wellKnown.url });

  const address = (): ConsoleAddress => {
    if (wellKnown) return { url: `${wellKnown.url}/`, servedBy: 'this' };
    const lease = readLease(leaseFile);
    if (lease && lease.port === options.port && alive(lease.pid))
      return { url: `${lease.url}/`, servedBy: 'sibling', pid: lease.pid };
    return { url: `${server.url}/`, servedBy: 'own' };
  };

  let last = address().url;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const tick = async () => {
    if (closed || wellKnown) return;
    const lease = readLease(leaseFile);
    const sibling = lease && lease.port === options.port && alive(lease.pid);
    if (!sibling && (await portFree(options.port, options.host))) {
      try {
        const taken = await options.start(options.port);
        if (closed) await taken.close();
        else {
          wellKnown = taken;
          writeLease(leaseFile, { pid: process.pid, port: taken.port, url: taken.url });
          last = `${taken.url}/`;
          options.onTakeOver?.();
          options.onNotice?.(
            `The vmbot that served the web console has exited; this one serves it now, at the same address: ${last}`,
          );
          return;
        }
      } catch {
        // Another vmbot (or program) got it first.
      }
    }
    const now = address().url;
    if (now !== last) {
      last = now;
      options.onNotice?.(
        `Web console: ${now} (port ${options.port} is taken by another program; any vmbot of this checkout serves the same console)`,
      );
    }
    schedule();
  };
  // Unref'd: watching for the port never keeps a vmbot running.
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => void tick(), options.intervalMs ?? TAKEOVER_INTERVAL_MS);
    timer.unref();
  };
  if (!wellKnown && options.takeOver) schedule();

  return {
    server,
    address,
    async close() {
      closed = true;
      clearTimeout(timer);
      if (wellKnown && readLease(leaseFile)?.pid === process.pid)
        rmSync(leaseFile, { force: true });
      await Promise.all([
        server.close(),
        wellKnown && wellKnown !== server ? wellKnown.close() : undefined,
      ]);
    },
  };
}

function isTaken(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/** Whether the port can be bound now (checked with a bare socket, closed at once). */
function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function writeLease(file: string, lease: Lease): void {
  const staging = `${file}.${randomUUID()}.tmp`;
  writeFileSync(staging, JSON.stringify(lease), { mode: 0o600 });
  renameSync(staging, file);
}

function readLease(file: string): Lease | undefined {
  try {
    const lease = JSON.parse(readFileSync(file, 'utf8')) as Partial<Lease>;
    if (
      Number.isInteger(lease.pid) &&
      Number.isInteger(lease.port) &&
      typeof lease.url === 'string'
    )
      return lease as Lease;
  } catch {
    // Missing or half-written: nobody's.
  }
  return undefined;
}
