import type { Command } from 'commander';
import { DEFAULT_PORT } from '../../runtime';
import { consoleUrl, startLocalBot } from '../backend/local-bot';
import { integerIn } from '../options';

/**
 * `vmbot serve`: the local Lex V2 runtime on the Lex Runtime V2 HTTP API (HTTP/2 and HTTP/1.1),
 * with the web console on the same port.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the bot on the Lex Runtime V2 API (RecognizeText, Get/Put/DeleteSession) and the web console',
    )
    .option(
      '--port <n>',
      `port to listen on (0: any free port)`,
      integerIn('--port', 0, 65535),
      DEFAULT_PORT,
    )
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      const local = await startLocalBot({ port: opts.port, host: opts.host, console: true });
      const { server, runtime } = local;
      console.log(
        [
          `Web console: ${consoleUrl(server!)}`,
          `Lex V2 runtime listening on ${server!.url} (HTTP/2 cleartext and HTTP/1.1)`,
          `  bot id ${runtime.botId}, alias id ${runtime.botAliasId}, locale ${runtime.localeId}`,
          `  DynamoDB ${local.backend.endpoint ?? 'in AWS'}, table ${local.backend.tableName}`,
          `  try: aws lexv2-runtime recognize-text --endpoint-url ${server!.url} --bot-id ${runtime.botId} --bot-alias-id ${runtime.botAliasId} --locale-id ${runtime.localeId} --session-id s1 --text "migrate vm-3 to host B"`,
          '  Ctrl-C stops it.',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await local.close();
    });
}
