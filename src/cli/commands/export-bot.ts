import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { bot } from '../../../bot-definition';
import { buildLexImportArchive } from '../lex-archive';
import { UsageError } from '../usage-error';

export function registerExportBot(program: Command): void {
  program
    .command('export-bot')
    .description('write the bot as a Lex V2 import archive (Lex console: Bots, Actions, Import)')
    .argument('<file.zip>', 'the archive to write (replaced if it exists)')
    .action(async (file: string) => {
      if (!file.toLowerCase().endsWith('.zip')) {
        throw new UsageError(`Lex imports a .zip archive; "${file}" does not end in .zip.`);
      }
      const archive = buildLexImportArchive(bot);
      await writeFile(file, archive);
      process.stdout.write(`${summary(file, archive.byteLength)}\n`);
    });
}

function summary(file: string, bytes: number): string {
  const intents = bot.locale.intents ?? [];
  const slots = intents.reduce((n, intent) => n + (intent.slots?.length ?? 0), 0);
  const types = bot.locale.slotTypes?.length ?? 0;
  const kib = (bytes / 1024).toFixed(1);
  return (
    `Wrote ${file} (${kib} KiB): bot ${bot.name}, locale ${bot.locale.localeId}, ` +
    `${intents.length} intents, ${slots} slots, ${types} slot types.`
  );
}
