import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { bot } from '../../../bot-definition';
import { createLexRuntime, startLexServer, type LexRuntime, type LexServer } from '../../runtime';
import { UsageError } from '../usage-error';
import { openBackend, type Backend } from './backend';

/**
 * Everything a local conversation needs: DynamoDB (embedded or AWS_ENDPOINT_URL_DYNAMODB) with
 * the table and the demo fleet, the Lambda handler loaded exactly as Lambda loads it (its
 * environment set first), the local Lex V2 runtime calling it, and optionally the HTTP server.
 */
export interface LocalBot {
  backend: Backend;
  runtime: LexRuntime;
  server?: LexServer;
  close(): Promise<void>;
}

export interface LocalBotOptions {
  /** Start the Lex Runtime V2 HTTP server on this port (0: any free port). */
  port?: number;
  host?: string;
  /** The checkout whose .vmbot/ holds DynamoDB Local (default: the working directory). */
  cwd?: string;
  /** Told, in one line, when a lost DynamoDB Local was put back before a turn. */
  onNotice?: (line: string) => void;
}

export async function startLocalBot(options: LocalBotOptions = {}): Promise<LocalBot> {
  const backend = await openBackend({ seedWhenEmpty: true, cwd: options.cwd });
  try {
    Object.assign(process.env, backend.env);
    // The handler logs JSON to stdout: keep warnings and errors, not one line per turn.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const { handler } = await import('../../../lambda/handler');
    const runtime = createLexRuntime({
      bot,
      invokeLambda: async (event, context) => {
        // Before each turn: a DynamoDB Local that died or whose owner exited is put back.
        const notice = await backend.recover();
        if (notice) options.onNotice?.(notice);
        if (backend.endpoint) process.env.AWS_ENDPOINT_URL_DYNAMODB = backend.endpoint;
        return handler(event, context);
      },
    });
    const server =
      options.port === undefined
        ? undefined
        : await startLexServer({ runtime, port: options.port, host: options.host });
    return {
      backend,
      runtime,
      server,
      close: async () => {
        await server?.close();
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
