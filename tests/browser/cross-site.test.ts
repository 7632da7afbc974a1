import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../src/cli/backend/local-bot';
import { openChromium, type Browser } from './support/chromium';

/**
 * The attacks of issue 17 made by a real browser: a page of another site (another local port)
 * posts a chat turn as text/plain in no-cors mode, loads the heavy simulation as an image, posts
 * the reset, reads the fleet; and a name of the attacker's that resolves to 127.0.0.1 (DNS
 * rebinding, played with Chromium's host resolver rules). What Chromium really sends is refused,
 * and nothing runs or changes.
 */
let local: LocalBot;
let browser: Browser;
let attacker: http.Server;
let target: string;
let attackerOrigin: string;

const HEAVY =
  '/console/api/simulate?memoryMiB=262144&bandwidthMiBps=10000000&dirtyRateMiBps=9999999&pattern=random&downtimeLimitMs=0';
const TURN = '/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/victim-1/text';

/** The attacker's page: everything a page can send to another site without asking. */
const attackPage = (to: string) => `<!doctype html><title>cute cats</title>
<img src="${to}${HEAVY}">
<script>
  const body = JSON.stringify({ text: 'migrate vm-3 to host B' });
  Promise.allSettled([
    fetch('${to}${TURN}', { method: 'POST', mode: 'no-cors', body }),
    fetch('${to}/console/api/fleet/reset', { method: 'POST', mode: 'no-cors', body: '{}' }),
    fetch('${to}/console/api/fleet').then((r) => r.text()),
  ]).then((results) => (document.title = results.map((r) => r.status).join(' ')));
</script>`;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-cross-site-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  local = await startLocalBot({ port: 0, console: true });
  target = local.server!.url;
  attacker = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(attackPage(target));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  browser = await openChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
});

afterAll(async () => {
  await browser?.close();
  attacker?.close();
  await local?.close();
});

/**
 * Status of every response the page got from the local server, by path, from Chromium's own
 * network events (DevTools protocol): they include responses the page may not see, such as
 * an image that is JSON (blocked by ORB) or a cross-origin read without CORS headers.
 */
async function responsesFrom(page: Page, origin: string): Promise<() => Map<string, number>> {
  // The two events of one request may come in either order: joined when asked.
  const urls = new Map<string, URL>();
  const statuses = new Map<string, number>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) =>
    urls.set(requestId, new URL(request.url)),
  );
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) =>
    statuses.set(requestId, statusCode),
  );
  // The response the page sees, when it may see it (ExtraInfo covers the others).
  cdp.on('Network.responseReceived', ({ requestId, response }) =>
    statuses.set(requestId, response.status),
  );
  await cdp.send('Network.enable');
  return () => {
    const seen = new Map<string, number>();
    for (const [requestId, status] of statuses) {
      const url = urls.get(requestId);
      if (url?.origin === origin) seen.set(url.pathname, status);
    }
    return seen;
  };
}

describe('a page of another site', () => {
  it('can make the browser send requests, all of them refused; nothing runs', async () => {
    const before = await local.backend.store.listVms();
    const page = await browser.context.newPage();
    const seen = await responsesFrom(page, target);
    try {
      await page.goto(`${attackerOrigin}/`);
      await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/^(fulfilled|rejected) /);
      await expect.poll(() => seen().size, { timeout: 15_000 }).toBe(4);
      expect(Object.fromEntries(seen())).toEqual({
        [TURN]: 403,
        '/console/api/fleet/reset': 403,
        '/console/api/fleet': 403,
        '/console/api/simulate': 403,
      });
      // The CORS read fails in the page: no CORS header ever says otherwise.
      expect(await page.title()).toMatch(/ rejected$/);
    } finally {
      await page.close();
    }
    await expect(local.runtime.getSession({ sessionId: 'victim-1' })).rejects.toMatchObject({
      type: 'ResourceNotFoundException',
    });
    expect(await local.backend.store.listVms()).toEqual(before);
  });

  it('under a name that resolves to this machine (DNS rebinding) gets 421 for everything', async () => {
    const page = await browser.context.newPage();
    try {
      const port = local.server!.port;
      const seen = await responsesFrom(page, `http://evil.example:${port}`);
      const answer = await page.goto(`http://evil.example:${port}/`);
      expect(answer?.status()).toBe(421);
      expect(await page.textContent('body')).toContain(`not to \\"evil.example:${port}\\"`);
      // Its scripts would run under evil.example: every request names that host.
      const status = await page.evaluate(
        (paths) => Promise.all(paths.map(async (p) => (await fetch(p)).status)),
        [
          '/console/api/fleet',
          `/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/victim-1`,
        ],
      );
      expect(status).toEqual([421, 421]);
      expect(seen().get('/console/api/fleet')).toBe(421);
    } finally {
      await page.close();
    }
  });
});
