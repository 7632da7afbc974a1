import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runVmbot } from '../support/vmbot-process';

/**
 * One console per checkout, with two real `vmbot chat` processes of one checkout sharing its
 * DynamoDB Local (as two `npm start` do): the first serves the well-known port; when it is
 * killed, the other serves that port within seconds, the same bot and fleet. The well-known port
 * here is a free one of the test's (VMBOT_PORT), never 8300.
 */
let checkout: string | undefined;
const children: ReturnType<typeof runVmbot>[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  if (checkout) await rm(checkout, { recursive: true, force: true });
});

const answers = async (url: string): Promise<number | string> => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
};

describe('one web console per checkout', () => {
  it(
    'is taken over by another chat of the checkout when the chat serving it is killed',
    { timeout: 120_000 },
    async () => {
      checkout = await mkdtemp(join(tmpdir(), 'vmbot-checkout-'));
      const port = await freePort();
      const wellKnown = `http://127.0.0.1:${port}/`;
      const chat = () => {
        const c = runVmbot(['chat'], {
          cwd: checkout,
          env: {
            VMBOT_PORT: String(port),
            AWS_ENDPOINT_URL_DYNAMODB: undefined,
            TABLE_NAME: 'vmbot',
          },
        });
        children.push(c);
        return c;
      };
      // The first chat gets the port (and runs DynamoDB Local); the second shares both.
      const first = chat();
      await first.waitFor(/Web console: (\S+)/, 90_000);
      expect(first.output.stderr).toContain(`Web console: ${wellKnown} (`);
      // The vmbot process itself (tsx runs it as a child of its own): the lease names it.
      const lease = JSON.parse(readFileSync(join(checkout, '.vmbot', 'console.json'), 'utf8')) as {
        pid: number;
        port: number;
      };
      expect(lease.port).toBe(port);
      const second = chat();
      await second.waitFor(/Web console: (\S+)/, 60_000);
      expect(second.output.stderr).toContain(
        `Web console: ${wellKnown} (the same bot and fleet, in a browser; served by the vmbot that started first, pid ${lease.pid}:`,
      );
      expect(await answers(`${wellKnown}console/api/fleet`)).toBe(200);

      // Act: the first one dies, with no chance to tidy up.
      process.kill(lease.pid, 'SIGKILL');
      await first.exited;
      const killedAt = Date.now();

      // Assess: the console answers at the same address within seconds, served by the second.
      while ((await answers(`${wellKnown}console/api/bot`)) !== 200) {
        expect(Date.now() - killedAt).toBeLessThan(5000);
        await new Promise((r) => setTimeout(r, 100));
      }
      await second.waitFor(/this one serves it now, at the same address/, 5000);
      // The fleet comes back too: the second takes the checkout's DynamoDB Local over.
      await expect
        .poll(() => answers(`${wellKnown}console/api/fleet`), { timeout: 60_000, interval: 250 })
        .toBe(200);
      const turn = await fetch(
        `${wellKnown.slice(0, -1)}/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/s1/text`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'where is vm-3' }),
        },
      );
      expect(await turn.json()).toMatchObject({
        messages: [{ content: expect.stringContaining('vm-3') }],
      });

      // The second one ends as a chat ends: it lets the port and its lease go.
      second.child.stdin.end();
      expect(await second.exited).toBe(0);
      expect(existsSync(join(checkout, '.vmbot', 'console.json'))).toBe(false);
      expect(await answers(`${wellKnown}console/api/bot`)).toBe('ECONNREFUSED');
    },
  );
});
