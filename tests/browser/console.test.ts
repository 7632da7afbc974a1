import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startLocalBot, type LocalBot } from '../../src/cli/backend/local-bot';
import { planMigration, precopyParamsFor, simulatePrecopy } from '../../src/engine';
import { DEMO_APPLIANCES, DEMO_HOSTS, DEMO_VMS } from '../../src/store';
import { openChromium, screenshot, watchPage, type Browser } from './support/chromium';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core), on the local
 * runtime with the real Lambda handler and DynamoDB Local, at real time (a demo migration of
 * vm-3 takes 3.6 s). Every test starts on a fresh demo fleet in a fresh tab, and ends with no
 * console error, no page error and no request leaving the server.
 */
let local: LocalBot;
let browser: Browser;
let origin: string;
let page: Page;
let watcher: ReturnType<typeof watchPage>;
const WAIT = { timeout: 15_000 };

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-browser-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  [local, browser] = await Promise.all([startLocalBot({ port: 0, console: true }), openChromium()]);
  origin = local.server!.url;
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
});

beforeEach(async () => {
  await local.backend.resetToDemoFleet();
  page = await browser.context.newPage();
  watcher = watchPage(page, origin);
  await page.goto(`${origin}/`);
  await message().waitFor(WAIT);
});

afterEach(async () => {
  await page.close();
  expect(watcher.problems()).toEqual([]);
});

const message = () => page.getByRole('textbox', { name: 'Message' });
const log = () => page.getByRole('log');
const region = (name: string | RegExp) => page.getByRole('region', { name });
const text = (locator: Locator) => expect.poll(() => locator.innerText(), WAIT);
const focused = (locator: Locator) => locator.evaluate((e) => e === e.ownerDocument.activeElement);

async function say(words: string): Promise<void> {
  const turns = await log().locator('.turn.bot').count();
  await message().fill(words);
  await message().press('Enter');
  await expect.poll(() => log().locator('.turn.bot').count(), WAIT).toBe(turns + 1);
}

/** What the engine plans for a demo VM moving between two demo hosts: the test's own answer. */
function demoPlan(vmId: string, from: string, to: string, autoConverge = false) {
  const vm = DEMO_VMS.find((v) => v.id === vmId)!;
  const appliance = DEMO_APPLIANCES.find((a) => a.id === vm.applianceId)!;
  const host = (id: string) => DEMO_HOSTS.find((h) => h.id === id)!;
  return planMigration({
    precopy: precopyParamsFor({ ...appliance, id: vmId }, host(from), host(to), { autoConverge }),
    startedAt: 0,
  });
}

describe('the web console', () => {
  it("takes the mission's sentence and a yes, and inspects each turn like the Lex console", async () => {
    // Act
    await say('migrate vm-3 to host B');
    // Assess: the confirmation, with Yes and No to click.
    await text(log()).toContain('Live-migrate vm-3 (4 GiB, web server) from host-a to host-b?');
    const inspect = region('Inspect');
    await text(inspect).toContain('ConfirmIntent');
    await text(inspect.getByRole('row', { name: /^TargetHost/ })).toMatch(/host B\s+host-b/);
    await text(inspect.getByRole('row', { name: /^MigrateVm/ })).toMatch(/MigrateVm\s+1\.00/);
    const hook = inspect.locator('.lambda-calls summary').first();
    await text(hook).toMatch(/DialogCodeHook · MigrateVm · \d+ ms · [1-9]\d* DynamoDB requests?/);
    // The event the Lambda got, as collapsible JSON.
    await hook.click();
    await text(inspect.locator('.lambda-calls details[open]').first()).toContain(
      'invocationSource: "DialogCodeHook"',
    );
    await screenshot(page, '1-confirmation');

    await page.getByRole('button', { name: 'Yes' }).click();
    await text(log()).toContain('Migrating vm-3 from host-a to host-b');
    await text(inspect).toMatch(
      /FulfillmentCodeHook · MigrateVm · \d+ ms · [1-9]\d* DynamoDB requests/,
    );
    await text(inspect.getByRole('row', { name: /^migrationInProgress/ })).toContain('vm-3');
    await screenshot(page, '2-migration-started');
  });

  it('follows a migration live in the fleet view, without reloading the page', async () => {
    const fleet = region('Fleet');
    await text(fleet.locator('[data-host="host-a"]')).toContain('vm-3');
    await page.evaluate('window.stayedOnPage = true');
    // Act
    await say('migrate vm-3 to host B');
    await page.getByRole('button', { name: 'Yes' }).click();
    // Assess: in flight, with its stage and a moving progress bar ...
    const inFlight = fleet.locator('[data-migration]');
    await text(inFlight).toMatch(/vm-3 host-a → host-b: stage \d/);
    const progress = () =>
      inFlight.getByRole('progressbar').getAttribute('value', { timeout: 1000 }).then(Number);
    const first = await progress();
    await expect.poll(progress, WAIT).toBeGreaterThan(first);
    await text(fleet.locator('[data-host="host-b"]')).toMatch(/reserved/);
    await screenshot(page, '3-fleet-live');
    // ... then on host-b, with nothing left in flight.
    await text(fleet.locator('[data-host="host-b"]')).toContain('vm-3');
    await text(fleet.locator('.migrations')).toContain('None right now.');
    await text(fleet.locator('[data-host="host-a"] .vms')).not.toContain('vm-3');
    expect(await page.evaluate('window.stayedOnPage')).toBe(true);
  });

  it('draws the pre-copy rounds and the timeline of a migration, in the chat and from the fleet', async () => {
    const plan = demoPlan('vm-6', 'host-a', 'host-b', true);
    const rounds = plan.precopy.rounds.length;
    expect(rounds).toBeGreaterThan(3);
    // Act
    await say('migrate vm-6 to host B with auto-converge');
    await page.getByRole('button', { name: 'Yes' }).click();
    await text(log()).toContain('Do you want to follow vm-6');
    await say('no');
    await text(log()).toContain('Ask "how is vm-6 doing?" any time.');
    await say('how is vm-6 doing?');
    // Assess: both pictures, with as many rounds as the engine plans.
    const roundsImage = page.getByRole('img', { name: /Pre-copy rounds/ });
    const chart = log().locator(roundsImage);
    await chart.waitFor(WAIT);
    expect(await chart.getAttribute('aria-label')).toContain(`${rounds} rounds`);
    const figure = log().locator('figure', { has: roundsImage });
    expect(await figure.locator('tbody tr').count()).toBe(rounds);
    expect(await chart.locator('rect.bar.sent').count()).toBe(rounds);
    const timelineImage = page.getByRole('img', { name: /Timeline/ });
    const timeline = log().locator(timelineImage);
    expect(await log().locator('figure', { has: timelineImage }).locator('tbody tr').count()).toBe(
      6,
    );
    expect(await timeline.getAttribute('aria-label')).toContain('downtime');
    // The table behind the chart opens for anyone.
    await figure.getByText('Data table').click();
    await text(figure.locator('table')).toMatch(/Round\s+Sent\s+Duration\s+Dirtied\s+Throttle/);
    await screenshot(page, '4-charts-in-chat');

    // From the fleet view: the same migration in the migration panel.
    await region('Fleet').getByRole('button', { name: "Follow vm-6's migration" }).click();
    const panel = region(/Migration of vm-6/);
    await panel.getByRole('img', { name: /Pre-copy rounds/ }).waitFor(WAIT);
    expect(await panel.locator('figure').first().locator('tbody tr').count()).toBe(rounds);
    await panel.getByRole('img', { name: /Timeline/ }).waitFor(WAIT);
    await screenshot(page, '5-migration-panel');
  });

  it('simulates vmbot simulate parameters and compares two runs side by side', async () => {
    const simulator = region('Simulator');
    const field = (name: string) => simulator.getByRole('spinbutton', { name });
    const expected = (dirtyRateMiBps: number) =>
      simulatePrecopy({ memoryMiB: 4096, bandwidthMiBps: 128, dirtyRateMiBps }).rounds.length;
    // Act: the README's first example, kept; then twice the dirty rate.
    await field('Memory (MiB)').fill('4096');
    await field('Bandwidth (MiB/s)').fill('128');
    await field('Dirty rate (MiB/s)').fill('32');
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    const runs = simulator.getByRole('article');
    await expect.poll(() => runs.count(), WAIT).toBe(1);
    await simulator.getByRole('button', { name: 'Keep for comparison' }).click();
    await field('Dirty rate (MiB/s)').fill('64');
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    // Assess
    await expect.poll(() => runs.count(), WAIT).toBe(2);
    const [a, b] = [runs.nth(0), runs.nth(1)];
    await text(a).toContain('A: 4 GiB over 128 MiB/s, dirtying 32 MiB/s');
    await text(b).toContain('B: 4 GiB over 128 MiB/s, dirtying 64 MiB/s');
    await text(a).toContain('Converges after 4 pre-copy rounds (threshold): downtime 125 ms');
    const rows = (run: Locator) => run.locator('figure').first().locator('tbody tr').count();
    expect(await rows(a)).toBe(expected(32));
    expect(await rows(b)).toBe(expected(64));
    expect(await a.getByRole('img', { name: /Timeline/ }).count()).toBe(1);
    const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
    expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width / 2);
    expect(Math.abs(boxB!.y - boxA!.y)).toBeLessThan(2);
    // One time axis for both: A's shorter pre-copy is a shorter bar.
    const precopyWidth = async (run: Locator) =>
      (await run.locator('.stage-2 rect.span').boundingBox())!.width;
    expect(await precopyWidth(a)).toBeLessThan(0.8 * (await precopyWidth(b)));
    await screenshot(page, '6-simulator-compare');

    // Bad parameters: the engine's sentence, nothing drawn anew.
    await simulator.getByRole('combobox', { name: 'Policy' }).selectOption('xen');
    await simulator.getByRole('checkbox', { name: 'Auto-converge (qemu)' }).check();
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    await text(simulator.getByRole('alert')).toContain(
      "auto-converge is QEMU's throttling; the xen policy has no such thing",
    );
    expect(await runs.count()).toBe(2);
  });

  it('works from the keyboard alone', async () => {
    // Tab reaches the message box; Enter sends.
    for (let i = 0; i < 12; i++) {
      if (await focused(message())) break;
      await page.keyboard.press('Tab');
    }
    expect(await focused(message())).toBe(true);
    await page.keyboard.type('migrate vm-3 to host B');
    await page.keyboard.press('Enter');
    await text(log()).toContain('Live-migrate vm-3');
    // Back to the Yes button, with a visible focus ring; Enter presses it.
    const yes = page.getByRole('button', { name: 'Yes' });
    for (let i = 0; i < 6; i++) {
      if (await focused(yes)) break;
      await page.keyboard.press('Shift+Tab');
    }
    expect(await focused(yes)).toBe(true);
    expect(
      await yes.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).outlineStyle),
    ).not.toBe('none');
    await page.keyboard.press('Enter');
    await text(log()).toContain('Migrating vm-3 from host-a to host-b');
    // A new session from the keyboard: the conversation starts over.
    await page.getByRole('button', { name: 'New session' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => log().locator('.turn').count(), WAIT).toBe(0);
    await text(page.getByRole('status')).toContain('New session started.');
  });

  it('resets the fleet to the demo fleet, a migration in flight included', async () => {
    await say('migrate vm-3 to host B');
    await page.getByRole('button', { name: 'Yes' }).click();
    const fleet = region('Fleet');
    await text(fleet.locator('.migrations')).toContain('vm-3 host-a → host-b');
    // Act
    await page.getByRole('button', { name: 'Reset fleet' }).click();
    // Assess
    await text(page.getByRole('status')).toContain('The fleet is the demo fleet again.');
    await text(fleet.locator('.migrations')).toContain('None right now.');
    await text(fleet.locator('[data-host="host-a"]')).toContain('vm-3');
    await text(fleet.locator('[data-host="host-b"]')).not.toContain('reserved');
  });

  it('keeps the session over a reload (GetSession) and deletes it for a new one (DeleteSession)', async () => {
    await say('where is vm-5');
    await text(log()).toContain('vm-5');
    const header = await page.locator('.bot-id').innerText();
    const sessionId = header.match(/session (console-[0-9a-f]+)/)![1]!;
    const lexSession = `${origin}/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}`;
    // Act: reload.
    await page.reload();
    // Assess: the same session, its last answer and state back in the chat and Inspect.
    await text(page.locator('.bot-id')).toContain(sessionId);
    await text(log()).toContain('vm-5');
    await text(region('Inspect')).toContain('WhereIsVm');
    // A new session: Lex forgets the old one.
    await page.getByRole('button', { name: 'New session' }).click();
    await text(page.locator('.bot-id')).not.toContain(sessionId);
    await expect.poll(async () => (await fetch(lexSession)).status, WAIT).toBe(404);
  });

  it('is readable at a phone width: one column, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await say('how is vm-3 doing?');
    await say('list hosts');
    const overflow = await page.locator('html').evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const [chat, inspect] = [
      await region('Chat').boundingBox(),
      await region('Inspect').boundingBox(),
    ];
    expect(inspect!.y).toBeGreaterThan(chat!.y + chat!.height - 1);
    await screenshot(page, '7-phone');
  });
});
