import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import type { Command } from 'commander';
import { runChat } from '../../runtime';
import {
  deployedLexClient,
  localLexClient,
  startLocalBot,
  type LocalBot,
} from '../backend/local-bot';
import { currentAttributes, migrationProgress } from '../chat-progress';

/**
 * `vmbot chat` (`npm start`): a conversation through @aws-sdk/client-lex-runtime-v2, with the
 * local runtime (started here, with DynamoDB Local and the demo fleet) or, given --bot-id, a bot
 * deployed in AWS: the same client code either way.
 */
interface ChatOptions {
  botId?: string;
  botAliasId?: string;
  region?: string;
  localeId: string;
  sessionId?: string;
}

export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat with the bot: the local runtime by default, or a deployed bot with --bot-id')
    .option('--bot-id <id>', 'a deployed bot (default: the local runtime)')
    .option('--bot-alias-id <id>', 'the alias of the deployed bot', 'TSTALIASID')
    .option('--region <region>', 'the region of the deployed bot (default: AWS_REGION)')
    .option('--locale-id <locale>', 'the bot locale', 'en_US')
    .option('--session-id <id>', 'continue a session (default: a new one)')
    .action(async (opts: ChatOptions) => {
      const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      let local: LocalBot | undefined;
      let client: LexRuntimeV2Client;
      // Notices about the database (put back after it was lost) go above the prompt.
      let showNotice = (line: string): void => void process.stderr.write(`${line}\n`);
      if (opts.botId) {
        client = deployedLexClient(opts.region);
      } else {
        if (interactive)
          process.stdout.write('Starting DynamoDB Local and the local Lex V2 runtime...\n');
        local = await startLocalBot({ port: 0, onNotice: (line) => showNotice(line) });
        client = localLexClient(local);
      }
      try {
        await runChat({
          client,
          botId: opts.botId ?? local!.runtime.botId,
          botAliasId: opts.botId ? (opts.botAliasId ?? 'TSTALIASID') : local!.runtime.botAliasId,
          localeId: opts.localeId,
          sessionId: opts.sessionId,
          input: process.stdin,
          output: process.stdout,
          interactive,
          progress: local ? migrationProgress(local.backend.store) : undefined,
          currentAttributes: local ? currentAttributes(local.backend.store) : undefined,
          notices: (show) => {
            const before = showNotice;
            showNotice = show;
            return () => (showNotice = before);
          },
        });
      } finally {
        client.destroy();
        await local?.close();
      }
    });
}
