import { PassThrough, Readable } from 'node:stream';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLexRuntime, runChat, startLexServer } from '../../../src/runtime';
import type { LexServer, ProgressSource } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda, lexDefault } from '../../unit/runtime/fixtures/fake-lambda';

// The chat REPL against the local server through the real SDK client, as `vmbot chat` runs it.

let server: LexServer;
let client: LexRuntimeV2Client;

beforeAll(async () => {
  const lambda = fakeLambda((event) => {
    const reply = lexDefault(event) as { sessionState: Record<string, unknown> };
    if (event.invocationSource !== 'FulfillmentCodeHook') return reply;
    // The fulfillment starts something long-running, as the vmbot migration does.
    reply.sessionState.sessionAttributes = { migrationInProgress: 'server-1' };
    return reply;
  });
  const runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: lambda.fn, random: () => 0 });
  server = await startLexServer({ runtime, port: 0 });
  client = new LexRuntimeV2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

let sessions = 0;

/**
 * A chat fed these lines. Input ends after the last one, or, with `endAfter`, once that text has
 * been shown (a chat leaves at the end of its input, bars still running or not).
 */
async function chat(
  lines: string[],
  options: { interactive?: boolean; progress?: ProgressSource; endAfter?: string } = {},
) {
  sessions += 1;
  const sessionId = `chat-test-${sessions}`;
  const output = new PassThrough();
  const chunks: string[] = [];
  const input = new PassThrough();
  output.on('data', (c: Buffer) => {
    chunks.push(c.toString('utf8'));
    if (options.endAfter && chunks.join('').includes(options.endAfter)) input.end();
  });
  input.write(lines.map((l) => `${l}\n`).join(''));
  if (!options.endAfter) input.end();
  const result = await runChat({
    client,
    botId: 'VMBOTLOCAL',
    botAliasId: 'TSTALIASID',
    localeId: 'en_US',
    sessionId,
    input,
    output,
    interactive: options.interactive ?? false,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { result, text: chunks.join(''), sessionId };
}

describe('runChat', () => {
  it('piped input: one utterance a line, bot messages and a status line, no prompts', async () => {
    // Act
    const { result, text } = await chat(['relocate server-1', 'rack-a', 'no']);
    // Assess
    expect(text.split('\n')).toEqual([
      'bot: Which rack should server-1 go to?',
      '     · MoveServer · InProgress · ElicitSlot Rack',
      'bot: Move server-1 to rack-a?',
      '     · MoveServer · InProgress · ConfirmIntent',
      'bot: OK, server-1 stays put.',
      '     · MoveServer · Failed · Denied · Close',
      '',
    ]);
    expect(result.turns).toBe(3);
  });

  it('/session shows the attributes and the intent state; /reset starts a new session; /quit stops', async () => {
    const { result, text, sessionId } = await chat([
      '/session',
      'relocate server-2',
      '/session',
      '/reset',
      '/quit',
      'order a latte',
    ]);
    expect(text).toContain(`session ${sessionId}: nothing said yet`);
    expect(text).toContain('  MoveServer · InProgress · ElicitSlot Rack');
    expect(text).toMatch(/new session chat-[0-9a-f-]{36}/);
    expect(text).not.toContain('Enjoy');
    expect(result.sessionId).not.toBe(sessionId);
    expect(result.turns).toBe(1);
  });

  it('shows errors and goes on', async () => {
    const { text } = await chat(['x'.repeat(1100), 'order a latte']);
    expect(text).toContain('error: ValidationException');
    expect(text).toContain('bot: Enjoy your latte!');
  });

  it('renders the progress of a long-running action the session attributes point at', async () => {
    // Prepare
    const seen: Record<string, string>[] = [];
    const progress: ProgressSource = (attributes) => {
      seen.push({ ...attributes });
      if (!attributes.migrationInProgress) return undefined;
      return (async function* () {
        yield 'round 1: 1024 MiB';
        yield 'round 2: 256 MiB';
        yield 'done in 10 s';
      })();
    };
    // Act
    const piped = await chat(['move server-1 to rack-b', 'yes'], { progress });
    const tty = await chat(['/reset', 'move server-1 to rack-b', 'yes'], {
      progress,
      interactive: true,
      endAfter: 'done in 10 s',
    });
    // Assess: piped output keeps the last line only; a terminal redraws the bar in place, on
    // the line above the prompt, and prints the last one for good.
    expect(piped.text).toContain(
      'Anything else?\n     · MoveServer · Fulfilled · Confirmed · ElicitIntent\ndone in 10 s\n',
    );
    expect(piped.text).not.toContain('round 1');
    const bar = (line: string) => `\x1b[2m${line}\x1b[22m\n`;
    expect(tty.text).toContain(`\r\x1b[0J${bar('round 1: 1024 MiB')}`);
    expect(tty.text).toContain(`\r\x1b[1A\x1b[0J${bar('round 2: 256 MiB')}`);
    expect(tty.text).toContain(`\r\x1b[1A\x1b[0J${bar('done in 10 s')}`);
    expect(seen.some((a) => a.migrationInProgress === 'server-1')).toBe(true);
  });

  it('keeps the prompt usable while a bar runs: what is typed is answered at once', async () => {
    // Prepare: a terminal, and a migration whose bar moves for about a second.
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString('utf8')));
    const progress: ProgressSource = (attributes) =>
      attributes.migrationInProgress
        ? (async function* () {
            for (let i = 1; i <= 20; i += 1) {
              yield `[${'#'.repeat(i)}] server-1 moving`;
              await new Promise((r) => setTimeout(r, 50));
            }
            yield 'server-1 is now in rack-b.';
          })()
        : undefined;
    const until = async (text: string) => {
      for (let i = 0; i < 200 && !shown.includes(text); i += 1)
        await new Promise((r) => setTimeout(r, 10));
      expect(shown).toContain(text);
    };
    const done = runChat({
      client,
      botId: 'VMBOTLOCAL',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      sessionId: 'chat-test-typing',
      input,
      output,
      interactive: true,
      progress,
    });

    // Act
    input.write('move server-1 to rack-b\r');
    await until('Move server-1 to rack-b?');
    input.write('yes\r');
    await until('[#] server-1 moving');
    input.write('order a latte\r');
    await until('Enjoy your latte!');
    const whenAnswered = shown;
    await until('server-1 is now in rack-b.');
    input.write('/quit\r');
    await done;

    // Assess: answered while the bar still ran, the bar kept above a prompt that stays last.
    expect(whenAnswered).not.toContain('server-1 is now in rack-b.');
    const esc = String.fromCharCode(27); // ANSI escapes, spelt out of the patterns' text
    expect(whenAnswered).toMatch(
      new RegExp(
        `Enjoy your latte!\\n${esc}\\[2m\\[#+\\] server-1 moving${esc}\\[22m\\n` +
          `${esc}\\[1G${esc}\\[0J${esc}\\[2myou> `,
      ),
    );
    expect(shown).toContain(`you> ${esc}[22morder a latte\n`);
  });

  it('/session shows the slots, and only the attributes that are still current', async () => {
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString('utf8')));
    await runChat({
      client,
      botId: 'VMBOTLOCAL',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      sessionId: 'chat-test-session-slots',
      input: Readable.from(['relocate server-2\n', '/session\n']),
      output,
      interactive: false,
      sessionAttributes: { migrationInProgress: 'server-9', operator: 'ada' },
      currentAttributes: async ({ migrationInProgress: _over, ...others }) => others,
    });

    expect(shown).toContain('  operator = ada\n');
    expect(shown).not.toContain('migrationInProgress');
    expect(shown).toContain('  Server = server-2\n  Rack = (not yet)\n');
  });

  it('Ctrl-C at the prompt leaves cleanly', async () => {
    // Prepare: a terminal that sends one request, then Ctrl-C, and never ends its input
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    // Act
    const done = runChat({
      client,
      botId: 'VMBOTLOCAL',
      botAliasId: 'TSTALIASID',
      localeId: 'en_US',
      input,
      output,
      interactive: true,
    });
    input.write('order a latte\r');
    // Wait for the answer before pressing Ctrl-C.
    for (let i = 0; i < 100 && !chunks.join('').includes('Enjoy'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    input.write('\x03');
    const result = await done;
    // Assess
    expect(result.turns).toBe(1);
    expect(chunks.join('')).toContain('Enjoy your latte!');
  });
});
