import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chatLog,
  region,
  say,
  screenshots,
  sidewaysOverflow,
  text,
  useConsolePage,
} from './support/console-page';

/**
 * The bot's answers as a person reads them: lists and tables drawn from the plain text, cards
 * as buttons, custom payloads folded away, nothing the bot sends taken for markup, an empty
 * answer shown as a problem, and Inspect's names wrapped between words only. The layouts are
 * checked on texts of the Lambda's making put in the real answer of a turn (the bot's wording
 * may change; these layouts are the ones its reports use), and on the real answers.
 */
const ctx = useConsolePage('messages');
const last = () => chatLog(ctx.page).locator('.turn.bot').last();

const EVACUATION = `Evacuate host-a and put it in maintenance? One at a time, I would live-migrate:
- vm-2 (8 GiB) to host-b, about 7.8 s
- vm-1 (4 GiB) to host-b, about 3.6 s
- vm-6 stays: it writes memory faster than any link can copy it; move it later with auto-converge
about 15 s in all. Shall I go ahead?`;

const TIMELINE = `Timeline (Clark et al., Figure 1):
0 Pre-Migration      at 0 ms             vm-6 running on host-a; host-b chosen
1 Reservation        at 0 ms             host-b reserves 4 GiB and 2 vCPUs
2 Iterative Pre-Copy 0 ms to 22.3 s      11 rounds, 25.7 GiB sent while vm-6 runs
3 Stop-and-Copy      22.3 s to 22.5 s    vm-6 paused; 291 MiB of dirty pages and CPU state sent
4 Commitment         at 22.5 s           host-b holds a consistent copy; host-a releases vm-6
5 Activation         22.5 s to 22.5 s    vm-6 resumes on host-b
  downtime 251 ms (stages 3 to 5)`;

const ROUNDS = `Pre-copy rounds:
round       sent   duration    dirtied  throttle
    1      4 GiB     3.47 s      3 GiB       0 %  ####################
    2      3 GiB      2.6 s      3 GiB       0 %  ###############
    9    1.4 GiB      1.2 s    899 MiB      50 %  #######
   10    899 MiB     762 ms    572 MiB      50 %  ####
   11    572 MiB     484 ms    291 MiB      60 %  ###`;

type Message = Record<string, unknown>;

/** The next turns' answers carry these messages instead of the bot's (the turn itself is real). */
async function answerWith(page: Page, messages: Message[] | ((real: Message[]) => Message[])) {
  await page.route('**/sessions/*/text', async (route) => {
    const response = await route.fetch();
    const json = (await response.json()) as { messages?: Message[] };
    json.messages = typeof messages === 'function' ? messages(json.messages ?? []) : messages;
    await route.fulfill({ response, json });
  });
}

const plain = (content: string): Message => ({ contentType: 'PlainText', content });

/** Words of an element's rendered text, in order. */
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe("the bot's answers in the chat", () => {
  it('draws plans as lists and reports as tables, wrapped at any width, words kept', async () => {
    await answerWith(ctx.page, [plain(EVACUATION)]);
    await say(ctx.page, 'evacuate host-a');
    const plan = last().locator('.bubble');
    await text(plan.locator('li').first()).toBe('vm-2 (8 GiB) to host-b, about 7.8 s');
    expect(await plan.locator('ul > li').count()).toBe(3);
    await text(plan.locator('p.lead')).toBe(
      'Evacuate host-a and put it in maintenance? One at a time, I would live-migrate:',
    );
    expect(words(await plan.innerText())).toEqual(words(EVACUATION.replace(/^- /gm, '')));

    await ctx.page.unrouteAll();
    await answerWith(ctx.page, [
      plain('vm-6 moved from host-a to host-b.'),
      plain(TIMELINE),
      plain(ROUNDS),
    ]);
    await say(ctx.page, 'how is vm-6 doing?');
    const [timeline, rounds] = [last().locator('.bubble').nth(1), last().locator('.bubble').nth(2)];
    // The timeline: six rows of three columns, the downtime under them.
    expect(await timeline.locator('tbody tr').count()).toBe(6);
    expect(await timeline.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual([
      '0 Pre-Migration',
      'at 0 ms',
      'vm-6 running on host-a; host-b chosen',
    ]);
    await text(timeline.locator('p').last()).toBe('downtime 251 ms (stages 3 to 5)');
    // The rounds: a header, numbers right-aligned, the bars of # as bars.
    expect(await rounds.locator('thead th').allInnerTexts()).toEqual([
      'round',
      'sent',
      'duration',
      'dirtied',
      'throttle',
      '',
    ]);
    const bars = await rounds
      .locator('.text-bar')
      .evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect().width));
    expect(bars).toHaveLength(5);
    expect([...bars].sort((a, b) => b - a)).toEqual(bars);
    expect(bars[0]).toBeGreaterThan(5 * bars[4]! * 0.9);
    expect(
      await rounds
        .locator('td')
        .nth(1)
        .evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td).textAlign),
    ).toBe('right');
    // No monospace block anywhere, at any width; nothing sideways.
    const fonts = await chatLog(ctx.page)
      .locator('.bubble, .bubble *')
      .evaluateAll((els) =>
        els.map((e) => e.ownerDocument.defaultView!.getComputedStyle(e).fontFamily),
      );
    expect(fonts.filter((f) => /mono/i.test(f))).toEqual([]);
    for (const width of [1400, 390, 360]) {
      await ctx.page.setViewportSize({ width, height: 900 });
      await expect.poll(() => sidewaysOverflow(ctx.page)).toEqual([]);
    }
    // Narrower than its columns, a table gives each row a block of its own.
    await ctx.page.setViewportSize({ width: 360, height: 900 });
    await screenshots(ctx.page, 'messages-report');
  });

  it("lays the bot's real answers out with nothing sideways at a phone's width", async () => {
    await ctx.page.setViewportSize({ width: 390, height: 844 });
    for (const line of [
      'list hosts',
      'evacuate host-a',
      'no',
      'which host for vm-3',
      'no',
      'help',
    ]) {
      await say(ctx.page, line);
      expect(await sidewaysOverflow(ctx.page), line).toEqual([]);
    }
    await screenshots(ctx.page, 'messages-real');
  });

  it('draws a response card as its buttons, and only the live one can be pressed', async () => {
    const card: Message = {
      contentType: 'ImageResponseCard',
      imageResponseCard: {
        title: 'Which host for vm-3?',
        subtitle: 'Hosts with room for it',
        imageUrl: 'https://example.com/hosts.png',
        buttons: [
          { text: 'host B', value: 'host-b' },
          { text: 'host F', value: 'host-f' },
        ],
      },
    };
    await answerWith(ctx.page, (real) => [...real, card]);
    await say(ctx.page, 'migrate vm-3');
    const group = last().getByRole('group', { name: 'Which host for vm-3?' });
    await text(last()).toContain('Hosts with room for it');
    // The card's image is a link (the page shows no image from elsewhere).
    expect(await last().getByRole('link', { name: 'Image of the card' }).getAttribute('href')).toBe(
      'https://example.com/hosts.png',
    );
    await screenshots(ctx.page, 'messages-card');
    await ctx.page.unrouteAll();
    // Act: its button answers with its value.
    await group.getByRole('button', { name: 'host B' }).click();
    // Assess
    await text(chatLog(ctx.page).locator('.turn.user .bubble').last()).toBe('host-b');
    await expect.poll(() => chatLog(ctx.page).locator('.turn.bot').count()).toBe(2);
    const earlier = chatLog(ctx.page).locator('.turn.bot').first();
    expect(await earlier.getByRole('button').count()).toBe(0);
    expect(await earlier.getByRole('list', { name: /the choices offered/ }).innerText()).toMatch(
      /host B\s+host F/,
    );
  });

  it('folds a custom payload away, and shows SSML as the text it says', async () => {
    const payload = JSON.stringify({ templateType: 'QuickReply', items: ['a', 'b'] });
    await answerWith(ctx.page, [
      { contentType: 'SSML', content: '<speak>vm-3 is <emphasis>fine</emphasis>.</speak>' },
      { contentType: 'CustomPayload', content: payload },
    ]);
    await say(ctx.page, 'where is vm-3');
    await text(last().locator('.bubble').first()).toBe('vm-3 is fine .');
    const folded = last().locator('details.payload');
    expect(await folded.getAttribute('open')).toBeNull();
    await text(folded.locator('summary').first()).toBe(
      `Custom payload for other clients (${payload.length} characters)`,
    );
    await folded.locator('summary').first().click();
    await text(folded).toContain('templateType: "QuickReply"');
    expect(await sidewaysOverflow(ctx.page)).toEqual([]);
  });

  it('shows any text the bot sends as text, never as markup', async () => {
    const hostile =
      '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>\n- <b>bold</b> & "quoted" vm-3\n<a href="javascript:alert(1)">x</a>';
    await answerWith(ctx.page, [
      plain(hostile),
      {
        contentType: 'ImageResponseCard',
        imageResponseCard: {
          title: '<i>t</i>',
          imageUrl: 'javascript:alert(1)',
          buttons: [{ text: '<b>b</b>', value: 'x' }],
        },
      },
      { contentType: 'CustomPayload', content: '<svg onload="window.pwned=3">' },
    ]);
    await say(ctx.page, 'help');
    const turn = last();
    await text(turn).toContain(
      '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>',
    );
    await text(turn).toContain('<b>bold</b> & "quoted" vm-3');
    expect(
      await turn.locator('img, script, b, i, a[href^="javascript"], svg[onload]').count(),
    ).toBe(0);
    expect(await turn.getByRole('button', { name: '<b>b</b>' }).count()).toBe(1);
    expect(await ctx.page.evaluate('window.pwned')).toBeUndefined();
  });

  it('makes an answer with no message a visible problem, in the chat and in Inspect', async () => {
    await answerWith(ctx.page, []);
    await say(ctx.page, 'where is vm-3');
    await text(last()).toContain('The bot sent no message (see Inspect).');
    const problems = region(ctx.page, 'Inspect').getByRole('alert');
    await text(problems).toContain('The bot sent no message');
    await screenshots(ctx.page, 'messages-no-message');
    // The next answer with a message has no problem.
    await ctx.page.unrouteAll();
    await say(ctx.page, 'where is vm-3');
    await expect.poll(() => problems.count()).toBe(0);
  });
});

describe("Inspect's names", () => {
  it('wrap between their words only, at any width', async () => {
    await say(ctx.page, 'migrate vm-3 to host B');
    await ctx.page.getByRole('button', { name: 'Yes' }).click();
    const inspect = region(ctx.page, 'Inspect');
    await text(inspect).toMatch(/migration\s*In\s*Progress/);
    for (const width of [1400, 390, 360]) {
      await ctx.page.setViewportSize({ width, height: 900 });
      // Each word of a name (the text between its <wbr>s) sits on one line.
      const split = await inspect.locator('.name').evaluateAll((names) =>
        names.flatMap((name) =>
          [...name.childNodes]
            .filter((n) => n.nodeType === 3 && (n.textContent ?? '').length > 1)
            .filter((n) => {
              const range = name.ownerDocument.createRange();
              range.selectNodeContents(n);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              return tops.size > 1;
            })
            .map((n) => `${name.textContent}: "${n.textContent}" is split`),
        ),
      );
      expect(split, `at ${width} px`).toEqual([]);
    }
    await screenshots(ctx.page, 'inspect-names');
  });
});
