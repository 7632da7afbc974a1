import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { planMigration, precopyParamsFor, simulatePrecopy } from '../../src/engine';
import { DEMO_APPLIANCES, DEMO_HOSTS, DEMO_VMS } from '../../src/store';
import { screenshot } from './support/chromium';
import {
  chatLog,
  messageBox,
  region as regionOf,
  say as sayTo,
  screenshots,
  text,
  useConsolePage,
} from './support/console-page';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core), on the local
 * runtime with the real Lambda handler and DynamoDB Local, at real time (a demo migration of
 * vm-3 takes 3.6 s). Every test starts on a fresh demo fleet in a fresh tab, and ends with no
 * console error, no page error and no request leaving the server (support/console-page.ts).
 */
const ctx = useConsolePage('browser');
const WAIT = { timeout: 15_000 };
const message = () => messageBox(ctx.page);
const log = () => chatLog(ctx.page);
const region = (name: string | RegExp) => regionOf(ctx.page, name);
const focused = (locator: Locator) => locator.evaluate((e) => e === e.ownerDocument.activeElement);
const say = (words: string) => sayTo(ctx.page, words);

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
    await screenshot(ctx.page, '1-confirmation');

    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    await text(log()).toContain('Migrating vm-3 from host-a to host-b');
    await text(inspect).toMatch(
      /FulfillmentCodeHook · MigrateVm · \d+ ms · [1-9]\d* DynamoDB requests/,
    );
    await text(inspect.getByRole('row', { name: /^migrationInProgress/ })).toContain('vm-3');
    await screenshot(ctx.page, '2-migration-started');
  });

  it('follows a migration live in the fleet view, without reloading the page', async () => {
    const fleet = region('Fleet');
    await text(fleet.locator('[data-host="host-a"]')).toContain('vm-3');
    await ctx.page.evaluate('window.stayedOnPage = true');
    // Act
    await say('migrate vm-3 to host B');
    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    // Assess: in flight, with its stage and a moving progress bar ...
    const inFlight = fleet.locator('[data-migration]');
    await text(inFlight).toMatch(/vm-3 host-a → host-b: stage \d/);
    const progress = () =>
      inFlight.getByRole('progressbar').getAttribute('value', { timeout: 1000 }).then(Number);
    const first = await progress();
    await expect.poll(progress, WAIT).toBeGreaterThan(first);
    await text(fleet.locator('[data-host="host-b"]')).toMatch(/reserved/);
    await screenshots(ctx.page, '3-fleet-live');
    // ... then on host-b, with nothing left in flight.
    await text(fleet.locator('[data-host="host-b"]')).toContain('vm-3');
    await text(fleet.getByRole('group', { name: 'Migrations in flight' })).toContain(
      'None right now.',
    );
    await text(fleet.locator('[data-host="host-a"] .vms')).not.toContain('vm-3');
    // Finished, it is shown as finished, with its report a click away.
    const finished = fleet.getByRole('group', { name: 'Finished migrations' });
    await text(finished).toMatch(/vm-3 host-a → host-b: completed at .*, downtime \d+ ms/);
    await finished.getByRole('button', { name: "vm-3's migration report" }).click();
    const panel = region(/Migration of vm-3/);
    await text(panel).toMatch(/^completed Converges after 1 pre-copy round/m);
    await text(panel.getByRole('definition').first()).toMatch(/^completed at /);
    expect(await panel.locator('[data-state="in-flight"]').count()).toBe(0);
    await screenshots(ctx.page, '3-fleet-finished');
    expect(await ctx.page.evaluate('window.stayedOnPage')).toBe(true);
  });

  it('draws the pre-copy rounds and the timeline of a migration, in the chat and from the fleet', async () => {
    const plan = demoPlan('vm-6', 'host-a', 'host-b', true);
    const rounds = plan.precopy.rounds.length;
    expect(rounds).toBeGreaterThan(3);
    // Act
    await say('migrate vm-6 to host B with auto-converge');
    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    // The offer to follow it is a yes-or-no slot (MigrationReport's Follow): Yes and No to click.
    await text(log()).toContain('Do you want to follow vm-6');
    const offer = log().locator('.turn.bot').last();
    expect(await offer.getByRole('group', { name: 'Answer' }).innerText()).toMatch(/^Yes\s+No$/);
    await offer.getByRole('button', { name: 'Yes' }).click();
    // Assess: while it runs, the rounds so far, the rounds to come as outlines, "now" on the
    // timeline; both pictures followed until it ends.
    const roundsImage = ctx.page.getByRole('img', { name: /Pre-copy rounds/ });
    const chart = log().locator(roundsImage);
    await chart.waitFor(WAIT);
    expect(await chart.getAttribute('aria-label')).toMatch(
      new RegExp(`: \\d+ of ${rounds} rounds so far`),
    );
    const solid = await chart.locator('rect.bar.sent').count();
    expect(solid).toBeLessThan(rounds);
    expect(solid + (await chart.locator('rect.bar.planned').count())).toBe(rounds);
    const figure = log().locator('[data-migration-figure]');
    await text(figure).toMatch(/in flight stage \d .*of about 2\d(\.\d)? s/);
    expect(await figure.locator('svg g.now').count()).toBe(1);
    await screenshots(ctx.page, '4-charts-in-chat-running');

    // From the fleet view: the same migration in the migration panel.
    await region('Fleet').getByRole('button', { name: "Follow vm-6's migration" }).click();
    const panel = region(/Migration of vm-6/);
    await panel.getByRole('img', { name: /Timeline/ }).waitFor(WAIT);
    await screenshots(ctx.page, '5-migration-panel-running');

    // Ended: every round, as many as the engine plans, and the report offered.
    await expect
      .poll(() => chart.getAttribute('aria-label'), { timeout: 40_000 })
      .toContain(`: ${rounds} rounds`);
    expect(await chart.locator('rect.bar.sent').count()).toBe(rounds);
    expect(await chart.locator('rect.bar.planned').count()).toBe(0);
    const roundsFigure = log().locator('figure', { has: roundsImage });
    expect(await roundsFigure.locator('tbody tr').count()).toBe(rounds);
    const timelineImage = ctx.page.getByRole('img', { name: /Timeline/ });
    const timeline = log().locator(timelineImage);
    expect(await log().locator('figure', { has: timelineImage }).locator('tbody tr').count()).toBe(
      6,
    );
    expect(await timeline.getAttribute('aria-label')).toContain('downtime');
    await text(figure).toMatch(/^completed Converges after \d+ pre-copy rounds/m);
    expect(await figure.getByRole('button', { name: "Open vm-6's migration report" }).count()).toBe(
      1,
    );
    await text(panel).toMatch(/^completed /m);
    expect(await panel.locator('figure').first().locator('tbody tr').count()).toBe(rounds);
    // The table behind the chart opens for anyone.
    await roundsFigure.getByText('Data table').click();
    await text(roundsFigure.locator('table')).toMatch(
      /Round\s+Sent\s+Duration\s+Dirtied\s+Throttle/,
    );
    await screenshots(ctx.page, '4-charts-in-chat');
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
    await screenshots(ctx.page, '6-simulator-compare');

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
      await ctx.page.keyboard.press('Tab');
    }
    expect(await focused(message())).toBe(true);
    await ctx.page.keyboard.type('migrate vm-3 to host B');
    await ctx.page.keyboard.press('Enter');
    await text(log()).toContain('Live-migrate vm-3');
    // Back to the Yes button, with a visible focus ring; Enter presses it.
    const yes = ctx.page.getByRole('button', { name: 'Yes' });
    for (let i = 0; i < 6; i++) {
      if (await focused(yes)) break;
      await ctx.page.keyboard.press('Shift+Tab');
    }
    expect(await focused(yes)).toBe(true);
    expect(
      await yes.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).outlineStyle),
    ).not.toBe('none');
    await ctx.page.keyboard.press('Enter');
    await text(log()).toContain('Migrating vm-3 from host-a to host-b');
    // A new session from the keyboard: the conversation starts over.
    await ctx.page.getByRole('button', { name: 'New session' }).focus();
    await ctx.page.keyboard.press('Space');
    await expect.poll(() => log().locator('.turn').count(), WAIT).toBe(0);
    await text(ctx.page.getByRole('status')).toContain('New session started.');
  });

  it('resets the fleet after saying what a reset loses, a migration in flight included', async () => {
    // vm-6 with auto-converge: about 22 s in flight, still running when the reset comes.
    await say('migrate vm-6 to host B with auto-converge');
    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    const fleet = region('Fleet');
    const inFlight = fleet.getByRole('group', { name: 'Migrations in flight' });
    await text(inFlight).toContain('vm-6 host-a → host-b');
    // Act: asked first; Cancel (or Escape) keeps everything.
    await ctx.page.getByRole('button', { name: 'Reset fleet' }).click();
    const dialog = ctx.page.getByRole('dialog', { name: 'Reset the fleet?' });
    await text(dialog).toContain('1 migration in flight, stopped: vm-6 (host-a → host-b)');
    await screenshots(ctx.page, '8-reset-asks');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await text(inFlight).toContain('vm-6 host-a → host-b');
    await ctx.page.getByRole('button', { name: 'Reset fleet' }).click();
    await dialog.waitFor(WAIT);
    await ctx.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    // Confirmed: done, and said what was undone.
    await ctx.page.getByRole('button', { name: 'Reset fleet' }).click();
    await dialog.getByRole('button', { name: 'Reset the fleet' }).click();
    await text(ctx.page.getByRole('status')).toContain(
      'Fleet reset: 1 migration in flight, stopped. The fleet is the demo fleet again.',
    );
    await text(inFlight).toContain('None right now.');
    await text(fleet.locator('[data-host="host-a"]')).toContain('vm-6');
    await text(fleet.locator('[data-host="host-b"]')).not.toContain('reserved');
  });

  it('names the VMs created, the VMs moved, the hosts in maintenance and the reports a reset erases', async () => {
    await ctx.local.backend.store.createVm({ applianceId: 'cache', hostId: 'host-f' });
    await ctx.local.backend.store.setHostState('host-e', 'maintenance');
    const { value } = await ctx.local.backend.store.startMigration({
      vmId: 'vm-1',
      destinationHostId: 'host-b',
    });
    await expect.poll(() => Date.now() > value.endsAt, { timeout: 20_000 }).toBe(true);
    await text(region('Fleet').getByRole('group', { name: 'Finished migrations' })).toContain(
      'vm-1',
    );
    // Act
    await ctx.page.getByRole('button', { name: 'Reset fleet' }).click();
    // Assess
    const dialog = ctx.page.getByRole('dialog', { name: 'Reset the fleet?' });
    await text(dialog).toMatch(/1 VM created since the seed, deleted: vm-\d+/);
    await text(dialog).toContain('1 VM moved, put back: vm-1 to host-a');
    await text(dialog).toContain('1 host back to active: host-e (maintenance now)');
    await text(dialog).toContain('1 report of finished migrations, erased: vm-1');
    await screenshots(ctx.page, '8-reset-asks-more');
    await dialog.getByRole('button', { name: 'Reset the fleet' }).click();
    await text(ctx.page.getByRole('status')).toMatch(
      /^Fleet reset: 1 VM created since the seed, deleted; 1 VM moved, put back; 1 host back to active; 1 report of finished migrations, erased\. The fleet is the demo fleet again\.$/,
    );
    expect(await region('Fleet').getByRole('group', { name: 'Finished migrations' }).count()).toBe(
      0,
    );
  });

  it('keeps the session over a reload (GetSession) and deletes it for a new one (DeleteSession)', async () => {
    await say('where is vm-5');
    await text(log()).toContain('vm-5');
    const header = await ctx.page.locator('.bot-id').innerText();
    const sessionId = header.match(/session (console-[0-9a-f]+)/)![1]!;
    const lexSession = `${ctx.origin}/bots/VMBOTLOCAL/botAliases/TSTALIASID/botLocales/en_US/sessions/${sessionId}`;
    // Act: reload.
    await ctx.page.reload();
    // Assess: the same session, its last answer and state back in the chat and Inspect.
    await text(ctx.page.locator('.bot-id')).toContain(sessionId);
    await text(log()).toContain('vm-5');
    await text(region('Inspect')).toContain('WhereIsVm');
    // A new session: Lex forgets the old one.
    await ctx.page.getByRole('button', { name: 'New session' }).click();
    await text(ctx.page.locator('.bot-id')).not.toContain(sessionId);
    await expect.poll(async () => (await fetch(lexSession)).status, WAIT).toBe(404);
  });

  it('is readable at a phone width: one column, nothing wider than the screen', async () => {
    await ctx.page.setViewportSize({ width: 390, height: 844 });
    await say('how is vm-3 doing?');
    await say('list hosts');
    const overflow = await ctx.page.locator('html').evaluate((e) => e.scrollWidth - e.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const [chat, inspect] = [
      await region('Chat').boundingBox(),
      await region('Inspect').boundingBox(),
    ];
    expect(inspect!.y).toBeGreaterThan(chat!.y + chat!.height - 1);
    await screenshot(ctx.page, '7-phone');
  });
});
