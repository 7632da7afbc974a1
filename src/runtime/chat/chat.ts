import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  DeleteSessionCommand,
  GetSessionCommand,
  RecognizeTextCommand,
} from '@aws-sdk/client-lex-runtime-v2';
import type { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { ansiStyle, messageLines, plainStyle, slotLines, statusLine } from './render';
import { Screen } from './screen';
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
  /**
   * The attributes /session shows: those that still describe something current (the CLI drops
   * the VM of a migration that has ended). Default: all of them.
   */
  readonly currentAttributes?: (
    attributes: Readonly<Record<string, string>>,
  ) => Promise<Record<string, string>>;
  /** Subscribes to one-line notices from around the bot (a database put back); unsubscribes. */
  readonly notices?: (show: (line: string) => void) => () => void;
}

export interface ChatResult {
  /** The session id at the end (a /reset starts a new one). */
  readonly sessionId: string;
  /** Utterances sent to the bot. */
  readonly turns: number;
}

const HELP = [
  'Type a request, e.g. "migrate vm-3 to host-b".',
  '/session  show the session attributes, the intent state and its slots',
  '/reset    forget this conversation and start a new session',
  '/quit     leave (or Ctrl-D / Ctrl-C)',
];

const PROMPT_TEXT = 'you> ';

function newSessionId(): string {
  return `chat-${randomUUID()}`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * A chat with a Lex V2 bot over the Runtime V2 API, one utterance per input line. Interactive:
 * a prompt that stays usable on the last line, the bot's messages and a dim status line above
 * it, and progress bars just above the prompt, redrawn in place while the user goes on typing.
 * Piped: the same without prompts or colours, one line at a time (progress ends before the next
 * line is read), for scripts. Resolves at /quit, end of input or Ctrl-C.
 */
export async function runChat(options: ChatOptions): Promise<ChatResult> {
  const style: Style = options.interactive ? ansiStyle : plainStyle;
  const ids = { botId: options.botId, botAliasId: options.botAliasId, localeId: options.localeId };
  let sessionId = options.sessionId ?? newSessionId();
  let turns = 0;
  let firstAttributes = options.sessionAttributes;

  const lines = createInterface({
    input: options.input,
    ...(options.interactive ? { output: options.output, terminal: true } : {}),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const prompt = style.dim(PROMPT_TEXT);
  lines.setPrompt(prompt);
  const screen = options.interactive ? new Screen(options.output, lines) : undefined;
  const out = (line = '') => (screen ? screen.print([line]) : options.output.write(`${line}\n`));

  // Lines are taken as they come (a terminal's Enter is drawn at once) and handled in order.
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let interrupted = false;
  lines.on('line', (raw) => {
    screen?.entered(`${prompt}${raw}`, PROMPT_TEXT.length + raw.length);
    queue.push(raw);
    wake?.();
  });
  lines.on('close', () => {
    ended = true;
    wake?.();
  });
  lines.on('SIGINT', () => {
    interrupted = true;
    lines.close();
  });
  const nextLine = async (): Promise<string | undefined> => {
    while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
    return interrupted ? undefined : queue.shift();
  };

  const following = new Set<Promise<void>>();
  let progressIds = 0;
  let leaving = false;

  async function showProgress(attributes: Record<string, string>): Promise<void> {
    const source = options.progress?.(attributes);
    if (!source) return;
    if (!screen) {
      let last: string | undefined;
      for await (const line of source) last = line;
      if (last !== undefined) out(last);
      return;
    }
    // In a terminal the bar lives above the prompt while the conversation goes on.
    const id = (progressIds += 1);
    const follow = (async () => {
      let last: string | undefined;
      try {
        for await (const line of source) {
          if (leaving) break;
          last = line;
          screen.setLive(id, style.dim(screen.fit(line)));
        }
      } catch (error) {
        last = `progress: ${errorText(error)}`;
      }
      screen.setLive(id, undefined);
      if (last !== undefined && !leaving) screen.print([style.dim(last)]);
    })();
    following.add(follow);
    void follow.finally(() => following.delete(follow));
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
      const state = session.sessionState;
      const attributes = Object.entries(
        (await options.currentAttributes?.(state?.sessionAttributes ?? {})) ??
          state?.sessionAttributes ??
          {},
      );
      if (attributes.length === 0) out(style.dim('  no session attributes'));
      for (const [key, value] of attributes) out(`  ${key} = ${value}`);
      const status = statusLine(state);
      out(style.dim(`  ${status || 'no intent yet'}`));
      for (const line of slotLines(state?.intent?.slots)) out(`  ${line}`);
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

  if (screen) {
    out(
      style.dim(
        `Chatting with ${options.botId}/${options.botAliasId}/${options.localeId}. /help for commands.`,
      ),
    );
  }
  const stopNotices = options.notices?.((line) => out(style.dim(line)));
  try {
    for (let raw = await nextLine(); raw !== undefined; raw = await nextLine()) {
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
    }
  } finally {
    leaving = true;
    stopNotices?.();
    await Promise.all(following);
    screen?.close();
    lines.close();
  }
  if (screen) options.output.write('\n');
  return { sessionId, turns };
}
