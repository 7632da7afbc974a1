import { isIP } from 'node:net';
import type { Command } from 'commander';
import { startLocalBot } from '../backend/local-bot';
import { consolePort, integerIn } from '../options';

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
      `port to listen on (default VMBOT_PORT or 8300; 0: any free port)`,
      integerIn('--port', 0, 65535),
    )
    .option(
      '--host <address>',
      'address to bind (default loopback only; the API and the console have no authentication)',
      '127.0.0.1',
    )
    .option(
      '--allowed-host <name>',
      'another name clients may reach the server by (repeatable); requests naming any other host are refused',
      (name: string, names: string[]) => [...names, name],
      [] as string[],
    )
    .action(async (opts: { port?: number; host: string; allowedHost: string[] }) => {
      const warning = exposureWarning(opts.host);
      if (warning) console.warn(warning);
      const local = await startLocalBot({
        port: opts.port ?? consolePort(),
        host: opts.host,
        allowedHosts: opts.allowedHost,
        console: true,
        onNotice: (line) => console.log(line),
      });
      const { server, runtime } = local;
      console.log(
        [
          `Web console: ${local.consoleAddress()!.url}`,
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

/** Said before serving on an address other machines may reach; undefined for loopback. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  return (
    `Warning: serving on ${host}, which other machines may reach. The Lex Runtime V2 API and the ` +
    'web console have no authentication: anyone who can reach this port can talk to the bot, ' +
    'change the fleet and reset it.'
  );
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
