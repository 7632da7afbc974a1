import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME_LIMITS } from '../../../src/runtime';

/**
 * A bounded load against the server in a process of its own: more sessions than it may hold,
 * each with the largest state and messages the limits allow, and a stream of bodies far over
 * the limit. The extra sessions are throttled, the big bodies refused, and the process's peak
 * memory stays under a ceiling (without the limits, 300 bodies of 900 KB took it past 370 MiB).
 */
const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const CEILING_MIB = 256;

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const path = (sessionId: string) =>
  `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}`;

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      // PutSession answers in headers: more than Node's default 16 KiB at these sizes.
      {
        method: 'POST',
        agent,
        maxHeaderSize: 64 * 1024,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs `jobs` with at most `width` at once; the statuses in order. */
async function pool(width: number, jobs: (() => Promise<number>)[]): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      statuses[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return statuses;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('the server under a bounded load', () => {
  it('holds at most its session limit, refuses what is too big, and stays under the ceiling', async () => {
    // Prepare
    child = spawn(TSX, [CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string);
    const { url, rssMiB: startMiB } = await next();
    const largest = () =>
      JSON.stringify({
        sessionState: { sessionAttributes: { a: randomBytes(6_800).toString('base64') } },
        messages: Array.from({ length: 10 }, () => ({
          contentType: 'PlainText',
          content: randomBytes(750).toString('base64'),
        })),
      });
    const extra = 200;
    const huge = 'x'.repeat(900 * 1024);

    // Act
    const puts = await pool(
      16,
      Array.from(
        { length: RUNTIME_LIMITS.maxSessions + extra },
        (_, i) => () => post(`${url}${path(`load-${i}`)}`, largest()),
      ),
    );
    const bodies = await pool(
      8,
      Array.from({ length: 300 }, (_, i) => () => post(`${url}${path(`huge-${i}`)}`, huge)),
    );
    child.stdin!.write('memory\n');
    const { rssMiB, peakMiB } = await next();

    // Assess
    expect(count(puts, 200)).toBe(RUNTIME_LIMITS.maxSessions);
    expect(count(puts, 429)).toBe(extra);
    expect(count(bodies, 413)).toBe(300);
    console.log(
      `memory bound: ${startMiB.toFixed(0)} MiB at start, ${rssMiB.toFixed(0)} MiB after, peak ${peakMiB.toFixed(0)} MiB (ceiling ${CEILING_MIB})`,
    );
    expect(peakMiB).toBeLessThan(CEILING_MIB);
  });
});
