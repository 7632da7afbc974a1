import http from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveConsolePort, type ConsoleServers } from '../../../src/cli/backend/console-port';
import type { LexServer } from '../../../src/runtime';
import { freePort } from '../support/vmbot-process';

/**
 * The well-known port of a checkout's console, with two holders in this process standing for two
 * vmbots (their lease names this pid, alive) and plain HTTP servers standing for the runtime's:
 * the port is taken over when its holder lets it go, and when another program takes it instead,
 * the address each one prints is its own.
 */
let dir: string;
let port: number;
const opened: ConsoleServers[] = [];
const strangers: http.Server[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vmbot-console-port-'));
  port = await freePort();
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const s of strangers.splice(0)) await new Promise((r) => s.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** A server answering with its name, on a port (0: any), as the runtime's would. */
function start(name: string) {
  return (at: number): Promise<LexServer> =>
    new Promise((resolve, reject) => {
      const server = http.createServer((_, res) => res.end(name));
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        const { port: p } = server.address() as AddressInfo;
        resolve({
          port: p,
          url: `http://127.0.0.1:${p}`,
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
    });
}

async function open(name: string, notices: string[] = []) {
  const servers = await serveConsolePort({
    port,
    host: '127.0.0.1',
    dir,
    start: start(name),
    takeOver: true,
    onNotice: (line) => notices.push(line),
    intervalMs: 50,
  });
  opened.push(servers);
  return servers;
}

const who = async (url: string) => (await fetch(url)).text();

describe('the checkout console port', () => {
  it('is served by the first, shared with the next, and taken over when the first goes', async () => {
    const first = await open('first');
    const notices: string[] = [];
    const second = await open('second', notices);
    const wellKnown = `http://127.0.0.1:${port}/`;
    expect(first.address()).toEqual({ url: wellKnown, servedBy: 'this' });
    expect(second.address()).toEqual({ url: wellKnown, servedBy: 'sibling', pid: process.pid });
    expect(JSON.parse(await readFile(join(dir, 'console.json'), 'utf8'))).toMatchObject({ port });
    expect(await who(wellKnown)).toBe('first');
    // Act
    await first.close();
    // Assess
    await expect.poll(() => who(wellKnown).catch(() => 'nobody'), { timeout: 3000 }).toBe('second');
    expect(second.address()).toEqual({ url: wellKnown, servedBy: 'this' });
    expect(notices).toEqual([
      `The vmbot that served the web console has exited; this one serves it now, at the same address: ${wellKnown}`,
    ]);
    // Its own port still answers too (the terminal chat's client talks to it).
    expect(await who(`${second.server.url}/`)).toBe('second');
  });

  it("prints this vmbot's own address when another program takes the port", async () => {
    const first = await open('first');
    const notices: string[] = [];
    const second = await open('second', notices);
    // Act: the first goes, and another program binds the port before anyone else.
    await first.close();
    const stranger = http.createServer((_, res) => res.end('stranger'));
    strangers.push(stranger);
    await new Promise<void>((r) => stranger.listen(port, '127.0.0.1', r));
    // Assess
    const own = `${second.server.url}/`;
    await expect
      .poll(() => notices, { timeout: 3000 })
      .toEqual([
        `Web console: ${own} (port ${port} is taken by another program; any vmbot of this checkout serves the same console)`,
      ]);
    expect(second.address()).toEqual({ url: own, servedBy: 'own' });
    // When the port frees again, it is taken back.
    await new Promise((r) => stranger.close(r));
    strangers.pop();
    await expect
      .poll(() => who(`http://127.0.0.1:${port}/`).catch(() => ''), { timeout: 3000 })
      .toBe('second');
  });

  it('fails as before when the port is taken and no takeover is asked for', async () => {
    await open('first');
    await expect(
      serveConsolePort({ port, host: '127.0.0.1', dir, start: start('x'), takeOver: false }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
