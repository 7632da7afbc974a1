import { randomUUID } from 'node:crypto';
import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { localLexClient, startLocalBot, type LocalBot } from '../../../src/cli/backend/local-bot';
import { formatReport, GROUPS, loadConversations, runConversations } from '../../../src/runtime';

/**
 * The conversation tests (tests/conversations/*.json) through the local runtime over HTTP/2 with
 * the real @aws-sdk/client-lex-runtime-v2 client, the real lambda/handler.ts and DynamoDB Local:
 * what `npm run vmbot -- test-conversations` runs. Each conversation starts on a fresh demo fleet.
 */
let local: LocalBot;
let client: LexRuntimeV2Client;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.TABLE_NAME = `vmbot-conversations-${randomUUID().slice(0, 8)}`;
  process.env.VMBOT_TIME_SCALE = '1';
  local = await startLocalBot({ port: 0 });
  client = localLexClient(local);
});

afterAll(async () => {
  client?.destroy();
  await local?.close();
});

describe('conversation tests as data', async () => {
  const conversations = await loadConversations(['tests/conversations']);

  it('has at least 30 conversations, in every group', () => {
    expect(conversations.length).toBeGreaterThanOrEqual(30);
    for (const group of GROUPS)
      expect(
        conversations.some((c) => c.group === group),
        group,
      ).toBe(true);
  });

  it('every conversation goes as written', { timeout: 240_000 }, async () => {
    const report = await runConversations({
      client,
      botId: local.runtime.botId,
      botAliasId: local.runtime.botAliasId,
      localeId: local.runtime.localeId,
      conversations,
      beforeEach: () => local.backend.resetToDemoFleet(),
    });
    expect(report.failed, formatReport(report)).toBe(0);
  });
});
