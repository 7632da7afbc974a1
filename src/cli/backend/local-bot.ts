import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { bot } from '../../../bot-definition';
import { botInfo, countDynamoRequests, createConsole, recordLambdaCalls } from '../../console';
import {
  createLexRuntime,
  startLexServer,
  type LambdaFunction,
  type LexRuntime,
  type LexServer,
} from '../../runtime';
import { UsageError } from '../usage-error';
import { openBackend, type Backend } from './backend';
import { privateDir } from './checkout-secrets';
import { serveConsolePort, type ConsoleAddress } from './console-port';

/**
 * Everything a local conversation needs: DynamoDB (embedded or AWS_ENDPOINT_URL_DYNAMODB) with
 * the table and the demo fleet, the Lambda handler loaded exactly as Lambda loads it (its
 * environment set first), the local Lex V2 runtime calling it, and optionally the HTTP server.
 */
export interface LocalBot {
  backend: Backend;
  runtime: LexRuntime;
  /** This vmbot's own server (the well-known port, or the free port it took instead). */
  server?: LexServer;
  /** Where the checkout's web console is now (see console-port.ts). */
  consoleAddress(): ConsoleAddress | undefined;
  close(): Promise<void>;
}

export interface LocalBotOptions {
  /** Start the Lex Runtime V2 HTTP server on this port (0: any free port). */
  port?: number;
  host?: string;
  /**
   * Names the server answers to besides the loopback names and `host` (see startLexServer):
   * requests that name another host, or come from another site's page, are refused.
   */
  allowedHosts?: readonly string[];
  /** The checkout whose .vmbot/ holds DynamoDB Local (default: the working directory). */
  cwd?: string;
  /** Told, in one line, when a lost DynamoDB Local was put back before a turn. */
  onNotice?: (line: string) => void;
  /**
   * When the port is taken, listen on any free port instead of failing, and take the port over
   * when the vmbot holding it exits (one console per checkout: see console-port.ts).
   */
  anyPortIfTaken?: boolean;
  /** Serve the web console next to the Lex API (and record the Lambda calls it inspects). */
  console?: boolean;
}

export async function startLocalBot(options: LocalBotOptions = {}): Promise<LocalBot> {
  const backend = await openBackend({ seedWhenEmpty: true, cwd: options.cwd });
  try {
    Object.assign(process.env, backend.env);
    // The handler logs JSON to stdout: keep warnings and errors, not one line per turn.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const { handler, dynamo } = await import('../../../lambda/handler');
    const invoke: LambdaFunction = (event, context) => handler(event, context);
    const calls = options.console ? recordLambdaCalls(invoke) : undefined;
    if (calls) countDynamoRequests(dynamo, calls);
    const call = calls?.invoke ?? invoke;
    // Puts a lost DynamoDB Local back (restarted, or taken over from a vmbot that exited): before
    // each turn, when a console read fails, and before taking the console's port over. One at once.
    let recovering: Promise<void> | undefined;
    const recover = () =>
      (recovering ??= (async () => {
        const notice = await backend.recover();
        if (notice) options.onNotice?.(notice);
        if (backend.endpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB = backend.endpoint;
      })().finally(() => (recovering = undefined)));
    const runtime = createLexRuntime({
      bot,
      invokeLambda: async (event, context) => {
        // Outside the recorded call: Inspect shows what the Lambda did.
        await recover();
        return call(event, context);
      },
    });
    const web = options.console
      ? createConsole({
          store: backend.store,
          bot: botInfo(runtime),
          resetFleet: backend.resetToDemoFleet,
          lambdaCalls: calls,
          recover,
          onError: (error) => process.stderr.write(`vmbot console: ${String(error)}\n`),
        })
      : undefined;
    const servers =
      options.port === undefined
        ? undefined
        : await serveConsolePort({
            port: options.port,
            host: options.host ?? '127.0.0.1',
            dir: privateDir(options.cwd),
            takeOver: options.anyPortIfTaken === true,
            onTakeOver: () => void recover().catch(() => {}),
            onNotice: options.onNotice,
            start: (port) =>
              startLexServer({
                runtime,
                port,
                host: options.host,
                allowedHosts: options.allowedHosts,
                otherRequests: web?.handle,
              }),
          });
    return {
      backend,
      runtime,
      server: servers?.server,
      consoleAddress: () => servers?.address(),
      close: async () => {
        web?.close();
        await servers?.close();
        await backend.close();
      },
    };
  } catch (err) {
    await backend.close();
    throw err;
  }
}

/** A Lex Runtime V2 client for the local server (which takes any credentials). */
export function localLexClient(bot: LocalBot): LexRuntimeV2Client {
  return new LexRuntimeV2Client({
    endpoint: bot.server!.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A Lex Runtime V2 client for a deployed bot, in --region or the environment's region. */
export function deployedLexClient(region: string | undefined): LexRuntimeV2Client {
  const resolved = region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!resolved)
    throw new UsageError('--region (or AWS_REGION) is needed to reach a deployed bot.');
  return new LexRuntimeV2Client({ region: resolved });
}
