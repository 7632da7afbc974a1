import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationFileError,
  createLexRuntime,
  formatReport,
  loadConversations,
  runConversations,
  startLexServer,
} from '../../../src/runtime';
import type { Conversation, LexServer } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda, takesCorrections } from '../../unit/runtime/fixtures/fake-lambda';

let server: LexServer;
let client: LexRuntimeV2Client;
const target = { botId: 'VMBOTLOCAL', botAliasId: 'TSTALIASID', localeId: 'en_US' };

beforeAll(async () => {
  const runtime = createLexRuntime({
    bot: dialogBot(),
    invokeLambda: fakeLambda(takesCorrections).fn,
    random: () => 0,
  });
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

describe('conversation tests as data', () => {
  it('runs the fixture bot conversations of every group, all passing', async () => {
    // Prepare
    const conversations = await loadConversations([join(__dirname, 'conversations')]);
    // Act
    const report = await runConversations({ client, ...target, conversations, concurrency: 3 });
    // Assess
    expect(formatReport(report)).toContain('6 passed, 0 failed');
    expect(new Set(report.results.map((r) => r.group))).toEqual(
      new Set(['happy-path', 'correction', 'cancellation', 'digression', 'bad-input']),
    );
    expect(report.results.every((r) => r.file?.endsWith('fleet-bot.json'))).toBe(true);
  });

  it('reports what differs at the failing step and skips the rest', async () => {
    // Prepare
    const wrong: Conversation = {
      name: 'expects the wrong things',
      group: 'happy-path',
      steps: [
        { user: 'move server-1 to rack-b', dialogAction: 'ConfirmIntent' },
        { user: 'yes', bot: '^Never said$', state: 'Failed', slots: { Rack: 'rack-a' } },
        { user: 'hello' },
      ],
    };
    // Act
    const report = await runConversations({ client, ...target, conversations: [wrong] });
    // Assess
    const [result] = report.results;
    expect(result?.passed).toBe(false);
    expect(result?.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped']);
    expect(result?.steps[1]?.mismatches).toEqual([
      {
        field: 'bot',
        expected: '/^Never said$/',
        actual: JSON.stringify('Done: MoveServer.\nMoved.\nAnything else?'),
      },
      { field: 'state', expected: '"Failed"', actual: '"Fulfilled"' },
      { field: 'slots.Rack', expected: '"rack-a"', actual: '"rack-b"' },
    ]);
    expect(formatReport(report)).toBe(
      [
        '✗ happy-path / expects the wrong things',
        '    step 2: user "yes"',
        '      bot: expected /^Never said$/',
        '                got "Done: MoveServer.\\nMoved.\\nAnything else?"',
        '      state: expected "Failed"',
        '                  got "Fulfilled"',
        '      slots.Rack: expected "rack-a"',
        '                       got "rack-b"',
        '    (1 later step skipped)',
        '0 passed, 1 failed',
      ].join('\n'),
    );
  });

  it('names the undocumented choices a failing conversation relies on, and counts them', async () => {
    // Prepare: two failing conversations that rely on runtime choices, one passing
    const failing = (name: string, undocumented: number[]): Conversation => ({
      name,
      group: 'digression',
      undocumented,
      steps: [{ user: 'move server-1 to rack-b', dialogAction: 'Close' }],
    });
    const passing: Conversation = {
      ...failing('passes', [8]),
      steps: [{ user: 'move server-1 to rack-b', dialogAction: 'ConfirmIntent' }],
    };
    // Act
    const report = await runConversations({
      client,
      ...target,
      conversations: [failing('one', [8, 16]), failing('two', [8]), passing],
    });
    // Assess
    const text = formatReport(report);
    expect(text).toContain(
      "✗ digression / one\n    relies on the runtime's undocumented choice 8, 16 (src/runtime/README.md)",
    );
    expect(text.split('\n').at(-1)).toBe('failures by undocumented choice: 8 (2), 16 (1)');
  });

  it('filters by group', async () => {
    const conversations = await loadConversations([join(__dirname, 'conversations')]);
    const report = await runConversations({
      client,
      ...target,
      conversations,
      groups: ['bad-input'],
    });
    expect(report.results.map((r) => r.name)).toEqual(['nonsense falls back']);
  });

  it('a request error fails the step with the error', async () => {
    const report = await runConversations({
      client,
      ...target,
      botAliasId: 'NOSUCHALIA',
      conversations: [{ name: 'wrong alias', group: 'bad-input', steps: [{ user: 'hello' }] }],
    });
    expect(report.results[0]?.steps[0]?.error).toMatch(/^ResourceNotFoundException: /);
  });
});

describe('loading conversation files', () => {
  it('rejects a file that breaks the format, naming the file and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conversations-'));
    try {
      const file = join(dir, 'bad.json');
      await writeFile(
        file,
        JSON.stringify({ name: 'x', group: 'happy', steps: [{ user: 'hi', inent: 'X' }] }),
      );
      await expect(loadConversations([dir])).rejects.toBeInstanceOf(ConversationFileError);
      await expect(loadConversations([file])).rejects.toThrow(/bad\.json: .*group/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
