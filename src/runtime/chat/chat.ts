import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  DeleteSessionCommand,
  GetSessionCommand,
  RecognizeTextCommand,
} from '@aws-sdk/client-lex-runtime-v2';
import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { ansiStyle, messageLines, plainStyle, statusLine } from './render';
import type { Style } from './render';

/** Lines to show while something runs (a migration): the CLI reads them from its store. */
export type ProgressSource = (
  sessionAttributes: Readonly<Record<string, string>>,
) => AsyncIterable<string> | undefined;

export interface ChatOptions {
  /** Any Lex Runtime V2 client: the local server's endpoint or a deployed bot. */
  readonly client: LexRuntimeV2Client;
  readonly botId: string;
  readonly botAliasId: string;
  readonly localeId: string;
  /** Default: a new random id. */
  readonly sessionId?: string;
  readonly input: Readable;
  readonly output: Writable;
  /** A person at a terminal: prompts, colours, progress drawn in place. Otherwise plain lines. */
  readonly interactive: boolean;
  readonly progress?: ProgressSource;
  /** Session attributes for the first turn (e.g. the operator's name). */
  readonly sessionAttributes?: Record<string, string>;
}

export interface ChatResult {
  /** The session id at the end (a /reset starts a new one). */
  readonly sessionId: string;
  /** Utterances sent to the bot. */
  readonly turns: number;
}

const HELP = [
  'Type a request, e.g. "migrate vm-3 to host-b".',
  '/session  show the session attributes and the intent state',
  '/reset    forget this conversation and start a new session',
  '/quit     leave (or Ctrl-D / Ctrl-C)',
];

function newSessionId(): string {
  return `chat-${randomUUID()}`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * A chat with a Lex V2 bot over the Runtime V2 API, one utterance per input line. Interactive:
 * a prompt, the bot's messages, a dim status line and progress drawn in place. Piped: the same
 * without prompts or colours, for scripts. Resolves at /quit, end of input or Ctrl-C.
 */
export async function runChat(options: ChatOptions): Promise<ChatResult> {
  const style: Style = options.interactive ? ansiStyle : plainStyle;
  const out = (line = '') => options.output.write(`${line}\n`);
  const ids = { botId: options.botId, botAliasId: options.botAliasId, localeId: options.localeId };
  let sessionId = options.sessionId ?? newSessionId();
  let turns = 0;
  let firstAttributes = options.sessionAttributes;

  const lines = createInterface({
    input: options.input,
    ...(options.interactive ? { output: options.output, terminal: true } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const prompt = () => {
    if (options.interactive) {
      lines.setPrompt(style.dim('you> '));
      lines.prompt();
    }
  };
  let interrupted = false;
  lines.on('SIGINT', () => {
    interrupted = true;
    lines.close();
  });

  async function showProgress(attributes: Record<string, string>): Promise<void> {
    const source = options.progress?.(attributes);
    if (!source) return;
    let last: string | undefined;
    for await (const line of source) {
      last = line;
      if (options.interactive) options.output.write(`\r\x1b[2K${style.dim(line)}`);
    }
    if (options.interactive) options.output.write('\n');
    else if (last !== undefined) out(last);
  }

  async function say(text: string): Promise<void> {
    turns += 1;
    const response = await options.client.send(
      new RecognizeTextCommand({
        ...ids,
        sessionId,
        text,
        ...(firstAttributes ? { sessionState: { sessionAttributes: firstAttributes } } : {}),
      }),
    );
    firstAttributes = undefined;
    for (const message of response.messages ?? []) {
      const [first = '', ...rest] = messageLines(message);
      out(`${style.bold('bot:')} ${first}`);
      for (const line of rest) out(`     ${line}`);
    }
    const status = statusLine(response.sessionState);
    if (status) out(style.dim(`     · ${status}`));
    await showProgress(response.sessionState?.sessionAttributes ?? {});
  }

  async function showSession(): Promise<void> {
    try {
      const session = await options.client.send(new GetSessionCommand({ ...ids, sessionId }));
      out(style.dim(`session ${sessionId}`));
      const attributes = Object.entries(session.sessionState?.sessionAttributes ?? {});
      if (attributes.length === 0) out(style.dim('  no session attributes'));
      for (const [key, value] of attributes) out(`  ${key} = ${value}`);
      const status = statusLine(session.sessionState);
      out(style.dim(`  ${status || 'no intent yet'}`));
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') {
        out(style.dim(`session ${sessionId}: nothing said yet`));
      } else {
        throw error;
      }
    }
  }

  async function reset(): Promise<void> {
    try {
      await options.client.send(new DeleteSessionCommand({ ...ids, sessionId }));
    } catch (error) {
      // Nothing said yet, or already expired: nothing to forget.
      if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    }
    sessionId = newSessionId();
    out(style.dim(`new session ${sessionId}`));
  }

  if (options.interactive) {
    out(
      style.dim(
        `Chatting with ${options.botId}/${options.botAliasId}/${options.localeId}. /help for commands.`,
      ),
    );
  }
  prompt();
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      try {
        if (line === '/quit' || line === '/exit') break;
        if (line === '/help') HELP.forEach((h) => out(style.dim(h)));
        else if (line === '/session') await showSession();
        else if (line === '/reset') await reset();
        else if (line.startsWith('/')) out(style.dim(`unknown command ${line}; /help lists them`));
        else if (line.length > 0) await say(line);
      } catch (error) {
        out(`error: ${errorText(error)}`);
      }
      if (interrupted) break;
      prompt();
    }
  } finally {
    lines.close();
  }
  if (options.interactive) out();
  return { sessionId, turns };
}
