import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../src/cli/backend/local-bot';
import { freePort } from '../integration/support/vmbot-process';
import { openChromium, screenshot, watchPage, type Browser } from './support/chromium';
import { chatLog, region, say, text } from './support/console-page';

/**
 * A page open on the checkout's console when the vmbot serving it exits: another vmbot of the
 * checkout takes the port over and the page carries on, its live fleet view back and its chat
 * answered, without a reload. (tests/integration/console/takeover.test.ts does the same with two
 * `vmbot chat` processes; here both vmbots run in this process, on the test's own port.)
 */
let checkout: string;
let first: LocalBot | undefined;
let second: LocalBot;
let browser: Browser;
let port: number;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-takeover-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  checkout = await mkdtemp(join(tmpdir(), 'vmbot-takeover-'));
  port = await freePort();
  const options = { port, cwd: checkout, console: true, anyPortIfTaken: true };
  first = await startLocalBot(options);
  second = await startLocalBot(options);
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
  await first?.close();
  await second?.close();
  await rm(checkout, { recursive: true, force: true });
});

describe('the console of a checkout', () => {
  it('carries on in the open page when the vmbot serving it exits', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect(first!.consoleAddress()).toEqual({ url: `${origin}/`, servedBy: 'this' });
    expect(second.consoleAddress()).toMatchObject({ url: `${origin}/`, servedBy: 'sibling' });
    const page = await browser.context.newPage();
    const watcher = watchPage(page, origin);
    await page.goto(`${origin}/`);
    await say(page, 'where is vm-3');
    const feed = region(page, 'Fleet').locator('.feed');
    await text(feed).toBe('live');
    // Act
    await first!.close();
    first = undefined;
    // Assess: back on the same address, from the other vmbot.
    await expect.poll(() => second.consoleAddress()?.servedBy, { timeout: 5000 }).toBe('this');
    await text(feed).toBe('live');
    await say(page, 'where is vm-5');
    await text(chatLog(page).locator('.turn.bot').last()).toContain('vm-5');
    await screenshot(page, 'takeover');
    // While no one served it, the page's live view could not connect: that, and nothing else.
    expect(watcher.problems().filter((p) => !p.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    await page.close();
  }, 60_000);
});
