import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import type { Command } from 'commander';
import {
  formatReport,
  GROUPS,
  loadConversations,
  runConversations,
  type ConversationGroup,
} from '../../runtime';
import { openBackend, type Backend } from '../backend/backend';
import {
  deployedLexClient,
  localLexClient,
  startLocalBot,
  type LocalBot,
} from '../backend/local-bot';
import { oneOf, positiveNumber } from '../options';

/**
 * `vmbot test-conversations [paths]`: the conversation tests (tests/conversations/*.json) against
 * the local runtime, each conversation on a fresh demo fleet in a table of its own
 * (`vmbot-conversations`, so your chat's fleet is left alone) at real-time pace (VMBOT_TIME_SCALE 1, as in chat; --time-scale to change);
 * or, with --bot-id, against a deployed bot (whose fleet should then be the fresh demo fleet);
 * with --deployed-check as well, the stack's table (TABLE_NAME) is put back to the demo fleet
 * before each conversation, as locally, and failures are counted by the runtime's undocumented
 * choice they rely on (README, "Checking the runtime against deployed Lex").
 */
interface Options {
  botId?: string;
  botAliasId: string;
  region?: string;
  localeId: string;
  group?: ConversationGroup[];
  timeScale: number;
  deployedCheck?: boolean;
}

export function registerTestConversations(program: Command): void {
  program
    .command('test-conversations')
    .description('run the conversation tests against the local runtime or a deployed bot')
    .argument('[paths...]', 'conversation files or folders', ['tests/conversations'])
    .option('--bot-id <id>', 'a deployed bot (default: the local runtime)')
    .option('--bot-alias-id <id>', 'the alias of the deployed bot', 'TSTALIASID')
    .option('--region <region>', 'the region of the deployed bot (default: AWS_REGION)')
    .option('--locale-id <locale>', 'the bot locale', 'en_US')
    .option('--group <group...>', `only these groups (${GROUPS.join(', ')})`)
    .option(
      '--deployed-check',
      'with --bot-id: reset the stack table (TABLE_NAME) to the demo fleet before each conversation',
    )
    .option(
      '--time-scale <n>',
      'local runs: simulated seconds per wall-clock second',
      positiveNumber('--time-scale'),
      1,
    )
    .action(async (paths: string[], opts: Options) => {
      for (const g of opts.group ?? []) oneOf('--group', GROUPS)(g);
      const conversations = await loadConversations(paths);
      if (opts.deployedCheck && !opts.botId) throw new Error('--deployed-check needs --bot-id');
      let local: LocalBot | undefined;
      let deployed: Backend | undefined;
      let client: LexRuntimeV2Client;
      if (opts.botId) {
        client = deployedLexClient(opts.region);
        if (opts.deployedCheck) deployed = await openBackend({ aws: true });
      } else {
        process.env.TABLE_NAME ??= 'vmbot-conversations';
        process.env.VMBOT_TIME_SCALE = String(opts.timeScale);
        local = await startLocalBot({ port: 0 });
        client = localLexClient(local);
      }
      try {
        const report = await runConversations({
          client,
          botId: opts.botId ?? local!.runtime.botId,
          botAliasId: opts.botId ? opts.botAliasId : local!.runtime.botAliasId,
          localeId: opts.localeId,
          conversations,
          groups: opts.group,
          beforeEach: (local?.backend ?? deployed)?.resetToDemoFleet,
        });
        console.log(formatReport(report));
        if (report.failed > 0) process.exitCode = 1;
      } finally {
        client.destroy();
        await local?.close();
        await deployed?.close();
      }
    });
}
