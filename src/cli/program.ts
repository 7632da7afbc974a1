import { Command, CommanderError } from 'commander';
import { registerFleetCommands } from './commands/fleet';
import { registerChat } from './commands/chat';
import { registerExportBot } from './commands/export-bot';
import { registerInvoke } from './commands/invoke';
import { registerServe } from './commands/serve';
import { registerSimulate } from './commands/simulate';
import { registerTestConversations } from './commands/test-conversations';
import { UsageError } from './usage-error';
import { storeErrorText } from '../intents/store-errors';
import { AdvanceFailed, isStoreError } from '../store';

const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('vmbot')
    .description('vmbot: a Lex V2 bot that live-migrates simulated VMs')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerSimulate(program);
  registerFleetCommands(program);
  registerInvoke(program);
  registerExportBot(program);
  registerServe(program);
  registerChat(program);
  registerTestConversations(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; commander already printed what it had to say.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.help' ||
        err.code === 'commander.version'
      )
        return 0;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError || err instanceof RangeError) {
      process.stderr.write(`vmbot: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // A store's error in the bot's words; AdvanceFailed's own message lists every migration.
    const text =
      isStoreError(err) && !(err instanceof AdvanceFailed)
        ? storeErrorText(err)
        : err instanceof Error
          ? err.message
          : String(err);
    process.stderr.write(`vmbot: ${text}\n`);
    return 1;
  }
}
