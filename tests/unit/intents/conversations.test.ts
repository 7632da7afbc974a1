import type { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { describe, expect, it } from 'vitest';
import { bot } from '../../../bot-definition';
import { createFulfillment } from '../../../src/intents';
import {
  createLexRuntime,
  EVERY_BEHAVIOUR,
  formatReport,
  loadConversations,
  runConversations,
} from '../../../src/runtime';
import type { InMemoryFleetStore } from '../../../src/store';
import { demoFleet } from './support/memory-fleet';

/**
 * The conversation tests (tests/conversations/*.json) through the local runtime, in process,
 * with the intents on the in-memory store: every intent's dialog, on a fresh demo fleet per
 * conversation, without DynamoDB. (tests/integration/conversations runs the same conversations
 * over HTTP/2 against the real handler and DynamoDB Local.)
 */
describe.each(EVERY_BEHAVIOUR)(
  'conversation tests as data, on the in-memory store (interpretations $interpretationOrder, confirmation switching $confirmationSwitching)',
  async (behaviour) => {
    const conversations = await loadConversations(['tests/conversations']);
    let store: InMemoryFleetStore | undefined;
    const fulfil = (event: unknown) => createFulfillment({ store: store! })(event);
    // Both readings of captured Lex events and both of switching at a confirmation (issue 20):
    // the Lambda must answer the same whichever way the runtime plays them.
    const runtime = createLexRuntime({ bot, invokeLambda: fulfil, ...behaviour });
    // What runConversations asks of a Lex client, answered by the runtime itself.
    const client = {
      send: (command: RecognizeTextCommand) =>
        runtime.recognizeText(command.input as Parameters<typeof runtime.recognizeText>[0]),
    } as unknown as LexRuntimeV2Client;

    it('every conversation goes as written', { timeout: 60_000 }, async () => {
      const report = await runConversations({
        client,
        botId: runtime.botId,
        botAliasId: runtime.botAliasId,
        localeId: runtime.localeId,
        conversations,
        beforeEach: async () => {
          store = await demoFleet({ clock: Date.now });
        },
      });
      expect(report.failed, formatReport(report)).toBe(0);
      expect(report.passed).toBe(conversations.length);
    });
  },
);
