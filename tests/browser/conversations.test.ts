import { describe, expect, it } from 'vitest';
import { loadConversations } from '../../src/runtime';
import { screenshot } from './support/chromium';
import {
  chatLog,
  messageBox,
  PHONE,
  sidewaysOverflow,
  useConsolePage,
  WAIT,
} from './support/console-page';

/**
 * Every conversation of tests/conversations/*.json typed into the page's chat at a phone's width
 * (390 px), each in a fresh session on a fresh demo fleet, through the real local bot. What is
 * checked is the page, not the bot's wording (tests/integration/conversations checks that): after
 * every answer nothing sticks out sideways, and every message the bot sent is drawn, its words
 * all there.
 */
const ctx = useConsolePage('conversations');

/** A message's words as the page should show them: list markers and bars of # aside. */
function expectedWords(content: string): string[] {
  return content
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•–]|\d{1,3}[.)])\s+(?=\S)/, ''))
    .join(' ')
    .replace(/;/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^[#█▇▆▅▄▃▂▁]+$/.test(w));
}

const shownWords = (text: string) => text.replace(/;/g, ' ').split(/\s+/).filter(Boolean);

interface Answer {
  messages?: { contentType: string; content?: string }[];
}

describe('the conversation tests, through the page', async () => {
  const conversations = await loadConversations(['tests/conversations']);

  it(
    'draws every answer of every conversation, nothing sideways, at 390 px',
    { timeout: 900_000 },
    async () => {
      const { page } = ctx;
      await page.setViewportSize({ width: PHONE, height: 844 });
      const problems: string[] = [];
      let answers = 0;
      for (const [n, conversation] of conversations.entries()) {
        await ctx.local.backend.resetToDemoFleet();
        if (n > 0) {
          await page.getByRole('button', { name: 'New session' }).click();
          await expect.poll(() => chatLog(page).locator('.turn').count(), WAIT).toBe(0);
        }
        for (const step of conversation.steps) {
          if (step.pauseMs) await new Promise((r) => setTimeout(r, step.pauseMs));
          const where = `${conversation.name} / "${step.user}"`;
          const turns = await chatLog(page).locator('.turn.bot, .turn.error').count();
          const response = page.waitForResponse(
            (r) => r.url().endsWith('/text') && r.request().method() === 'POST',
          );
          await messageBox(page).fill(step.user);
          await messageBox(page).press('Enter');
          const answer = (await (await response).json()) as Answer;
          await expect
            .poll(() => chatLog(page).locator('.turn.bot, .turn.error').count(), WAIT)
            .toBe(turns + 1);
          await expect.poll(() => page.locator('.typing').count(), WAIT).toBe(0);
          answers++;
          const turn = chatLog(page).locator('.turn.bot, .turn.error').last();
          if ((await turn.getAttribute('class'))!.includes('error')) {
            problems.push(`${where}: ${await turn.innerText()}`);
            continue;
          }
          // Every message drawn (an empty answer as one visible problem), its words all there.
          const messages = answer.messages ?? [];
          const bubbles = turn.locator(':scope > .bubble');
          const drawn = await bubbles.count();
          if (drawn !== Math.max(1, messages.length))
            problems.push(`${where}: ${messages.length} messages, ${drawn} drawn`);
          for (const [i, m] of messages.entries()) {
            if (m.contentType !== 'PlainText') continue;
            const shown = shownWords(await bubbles.nth(i).innerText());
            const expected = expectedWords(m.content ?? '');
            if (shown.join(' ') !== expected.join(' '))
              problems.push(`${where}: message ${i + 1} shows "${shown.join(' ')}"`);
          }
          const sideways = await sidewaysOverflow(page);
          if (sideways.length > 0) {
            problems.push(`${where}: ${sideways.join('; ')}`);
            await screenshot(page, `conversation-${n + 1}-sideways`);
          }
        }
      }
      await screenshot(page, 'conversations-last');
      expect(problems).toEqual([]);
      expect(answers).toBe(conversations.reduce((sum, c) => sum + c.steps.length, 0));
    },
  );
});
