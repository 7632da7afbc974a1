import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import type { Command } from 'commander';
import { runChat } from '../../runtime';
import {
  deployedLexClient,
  localLexClient,
  startLocalBot,
  type LocalBot,
} from '../backend/local-bot';
import type { ConsoleAddress } from '../backend/console-port';
import { currentAttributes, migrationProgress } from '../chat-progress';
import { consolePort, integerIn } from '../options';

/**
 * `vmbot chat` (`npm start`): a conversation through @aws-sdk/client-lex-runtime-v2, with the
 * local runtime (started here, with DynamoDB Local and the demo fleet, and the web console on
 * --port, 8300 by default; when another vmbot of the checkout has it, on a free port, taking
 * 8300 over when that one exits) or, given --bot-id, a bot deployed in AWS: the same client code
 * either way.
 */
interface ChatOptions {
  botId?: string;
  botAliasId?: string;
  region?: string;
  localeId: string;
  sessionId?: string;
  port?: number;
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
    .option(
      '--port <n>',
      `local runtime and web console port (default VMBOT_PORT or 8300; when taken, any free port until it frees; 0: any)`,
      integerIn('--port', 0, 65535),
    )
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
        local = await startLocalBot({
          port: opts.port ?? consolePort(),
          anyPortIfTaken: true,
          console: true,
          onNotice: (line) => showNotice(line),
        });
        client = localLexClient(local);
        // Piped output stays the conversation alone: the address goes to stderr there.
        (interactive ? process.stdout : process.stderr).write(
          `${consoleLine(local.consoleAddress()!)}\n`,
        );
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

/** Where the web console is, as the chat says it when it starts. */
function consoleLine(address: ConsoleAddress): string {
  const what = 'the same bot and fleet, in a browser';
  if (address.servedBy === 'sibling')
    return `Web console: ${address.url} (${what}; served by the vmbot that started first, pid ${address.pid}: this one takes it over if that one exits)`;
  return `Web console: ${address.url} (${what})`;
}
