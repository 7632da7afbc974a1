import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import { SIMULATION_LIMITS } from '../../../src/console/simulations';
import type { RecognizeTextOutput } from '../../../src/runtime';

/**
 * A heavy simulation beside a chat turn, on the real local bot: a 256 GiB VM dirtying memory
 * almost as fast as a 10 TB/s link copies it, with a 0 ms downtime limit, runs a million rounds
 * (over a minute of work) before the engine gives up. The issue's own query (100 GB/s, 1 ms)
 * took 10-40 s then and takes milliseconds since the engine's speed-up; this one still freezes
 * an event loop. The turn answers while it runs in its worker, and it ends at its time limit.
 */
const HEAVY =
  '/console/api/simulate?memoryMiB=262144&bandwidthMiBps=10000000&dirtyRateMiBps=9999999&pattern=random&downtimeLimitMs=0';

let local: LocalBot;
let base: string;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-heavy-${randomUUID().slice(0, 8)}`;
  local = await startLocalBot({ port: 0, console: true });
  base = local.server!.url;
});

afterAll(async () => {
  await local?.close();
});

async function say(sessionId: string, text: string): Promise<RecognizeTextOutput> {
  const response = await fetch(
    `${base}/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}/text`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as RecognizeTextOutput;
}

describe('a heavy simulation beside a chat turn', () => {
  it(
    'the turn answers in under 2 s while the simulation runs; the simulation ends at its limit',
    { timeout: 60_000 },
    async () => {
      const session = `heavy-${randomUUID().slice(0, 8)}`;
      await say(session, 'hello'); // the handler's first call loads what it needs
      let simulationDone = false;
      const sent = performance.now();
      const simulation = fetch(`${base}${HEAVY}`).then(async (r) => {
        simulationDone = true;
        return { status: r.status, body: (await r.json()) as { message: string } };
      });
      await new Promise((resolve) => setTimeout(resolve, 500)); // the worker has taken it

      const started = performance.now();
      const turn = await say(session, 'where is vm-3?');
      const answered = performance.now();

      expect(turn.messages?.[0]?.content).toMatch(/vm-3/);
      expect(simulationDone).toBe(false);
      expect(answered - started).toBeLessThan(2_000);
      // The server runs in this process: had the simulation held its event loop, this test's
      // own timer would have fired only after it, and the turn been sent seconds late.
      expect(answered - sent).toBeLessThan(2_500);
      const { status, body } = await simulation;
      expect(status).toBe(422);
      expect(body.message).toContain(
        `more than ${SIMULATION_LIMITS.timeLimitMs / 1000} s of computing, the console's limit`,
      );
      // The simulator goes on with the next.
      const normal = await fetch(
        `${base}/console/api/simulate?memoryMiB=4096&bandwidthMiBps=128&dirtyRateMiBps=32`,
      );
      expect(normal.status).toBe(200);
    },
  );
});
