import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import { openChromium, SCREENSHOTS, watchPage, type Browser } from './chromium';

/**
 * The web console in a real browser on the local runtime (the real Lambda handler, DynamoDB
 * Local, real time): every test of a file using this starts on a fresh demo fleet in a fresh tab
 * at 1280 x 900, and ends with no console error, no page error and no request leaving the server.
 */
export const WAIT = { timeout: 15_000 };
export const WIDE = 1400;
export const PHONE = 390;

export interface ConsolePage {
  local: LocalBot;
  browser: Browser;
  origin: string;
  page: Page;
  watcher: ReturnType<typeof watchPage>;
}

export function useConsolePage(name: string): ConsolePage {
  const ctx = {} as ConsolePage;
  beforeAll(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
    process.env.TABLE_NAME = `vmbot-${name}-${randomUUID().slice(0, 8)}`;
    process.env.VMBOT_TIME_SCALE = '1';
    [ctx.local, ctx.browser] = await Promise.all([
      startLocalBot({ port: 0, console: true }),
      openChromium(),
    ]);
    ctx.origin = ctx.local.server!.url;
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.local?.close();
  });
  beforeEach(async () => {
    await ctx.local.backend.resetToDemoFleet();
    ctx.page = await ctx.browser.context.newPage();
    ctx.watcher = watchPage(ctx.page, ctx.origin);
    await ctx.page.goto(`${ctx.origin}/`);
    await messageBox(ctx.page).waitFor(WAIT);
  });
  afterEach(async () => {
    await ctx.page.close();
    expect(ctx.watcher.problems()).toEqual([]);
  });
  return ctx;
}

export const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' });
export const chatLog = (page: Page) => page.getByRole('log');
export const region = (page: Page, name: string | RegExp) => page.getByRole('region', { name });
export const text = (locator: Locator) => expect.poll(() => locator.innerText(), WAIT);

/** Types a line in the chat and waits for the bot's answer. */
export async function say(page: Page, words: string): Promise<void> {
  const turns = await chatLog(page).locator('.turn.bot').count();
  await messageBox(page).fill(words);
  await messageBox(page).press('Enter');
  await expect.poll(() => chatLog(page).locator('.turn.bot').count(), WAIT).toBe(turns + 1);
  // The turn is over when the box takes input again (the migration drawn after it included).
  await expect.poll(() => page.locator('.typing').count(), WAIT).toBe(0);
}

/** The page at 1400 px and at 390 px wide, both in test-results/console/, then as it was. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const width of [WIDE, PHONE]) {
    await page.setViewportSize({ width, height: 900 });
    // Two frames: the charts measure their width on the next one.
    await page.evaluate(
      'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))',
    );
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/**
 * What sticks out sideways at the page's width: the page itself, the chat log, and any element
 * of the chat wider than the log or scrolling sideways inside. Empty when nothing does.
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  // Run in the page (no DOM types here: what the element handle gives is all there is).
  return chatLog(page).evaluate((log) => {
    const document = log.ownerDocument;
    const window = document.defaultView!;
    const found: string[] = [];
    const html = document.documentElement;
    if (html.scrollWidth > html.clientWidth)
      found.push(`page ${html.scrollWidth} > ${html.clientWidth}`);
    if (log.scrollWidth > log.clientWidth)
      found.push(`log ${log.scrollWidth} > ${log.clientWidth}`);
    const right = log.getBoundingClientRect().right;
    for (const element of log.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      const label = `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}: ${(element.textContent ?? '').slice(0, 40)}`;
      if (box.width > 0 && box.right > right + 0.5)
        found.push(`${label} ends at ${box.right} > ${right}`);
      if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) {
        const overflow = window.getComputedStyle(element).overflowX;
        if (overflow !== 'visible' && overflow !== 'hidden')
          found.push(`${label} scrolls sideways`);
      }
    }
    return found;
  });
}
