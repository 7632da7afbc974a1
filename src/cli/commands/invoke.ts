import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { sessionKeySource } from '../../../lambda/session-key';
import { vouchedFor } from '../../intents/trust/confirmations';
import { parseLexEvent } from '../../lex';
import { openBackend } from '../backend/backend';
import { UsageError } from '../usage-error';

/**
 * `vmbot invoke <event.json>`: runs the Lambda handler on a Lex V2 event against the local
 * store and prints the response JSON on stdout (logs go to stderr). `--bundle` runs the built
 * esbuild artifact (dist/lambda/index.mjs, built when missing) instead of the TypeScript source.
 * The event is taken as a client sent it: its session attributes are not the bot's signed ones,
 * so a Confirmed change is answered with the confirmation asked afresh. `--trusted` vouches for
 * it instead, as the one who holds the checkout's key (the bot's own session, its question asked).
 */
export function registerInvoke(program: Command): void {
  program
    .command('invoke')
    .description(
      'run the Lambda handler on a sample Lex V2 event (see lambda/events/) and print its response',
    )
    .argument('<event.json>', 'a Lex V2 code-hook event')
    .option(
      '--bundle',
      'run the built bundle dist/lambda/index.mjs instead of lambda/handler.ts',
      false,
    )
    .option(
      '--trusted',
      "vouch for the event's session as the bot's own: sign its attributes with the checkout's key and, for a change, record the confirmation its yes answers",
      false,
    )
    .action(async (file: string, opts: { bundle: boolean; trusted: boolean }) => {
      const event = readEvent(file);
      const backend = await openBackend({ seedWhenEmpty: true });
      try {
        Object.assign(process.env, backend.env);
        // Powertools writes info logs to stdout; keep stdout for the response alone.
        process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
        const handler = await loadHandler(opts.bundle);
        const response = await handler(opts.trusted ? await vouched(event) : event);
        process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
      } finally {
        await backend.close();
      }
    });
}

function readEvent(file: string): unknown {
  if (!existsSync(file))
    throw new UsageError(`No such event file: ${file}. Sample events are in lambda/events/.`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

type Handler = (event: unknown) => Promise<unknown>;

/** The event with its session vouched for under the checkout's key (an unreadable one as is). */
async function vouched(event: unknown): Promise<unknown> {
  const parsed = parseLexEvent(event);
  const key = sessionKeySource();
  if (!parsed.ok || !key) return event;
  return vouchedFor(parsed.event, await key(), Date.now());
}

async function loadHandler(bundle: boolean): Promise<Handler> {
  if (!bundle) return (await import('../../../lambda/handler')).handler;
  const path = resolve('dist/lambda/index.mjs');
  if (!existsSync(path)) {
    process.stderr.write('Building the Lambda bundle (npm run build)...\n');
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const mod = (await import(pathToFileURL(path).href)) as { handler: Handler };
  return mod.handler;
}
