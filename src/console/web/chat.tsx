import { useEffect, useRef, useState } from 'preact/hooks';
import type { IntentName } from '../../../bot-definition';
import { SLOT } from '../../../bot-definition/names';
import type { DialogAction, IntentState, Message, SessionState } from '../../runtime/api/types';
import type { LambdaCall, MigrationDetail } from '../api-types';
import { BotMessage } from './bot-message';
import { consoleApi } from './console-api';
import type { TurnView } from './inspect';
import { LexError, type LexClient } from './lex-client';
import { MigrationFigure } from './migration-panel';
import { asksYesNo } from './yes-no';

export type ChatEntry =
  | { kind: 'user'; text: string }
  | { kind: 'bot'; messages: Message[]; action?: DialogAction; intent?: IntentState }
  | { kind: 'error'; text: string }
  | { kind: 'migration'; detail: MigrationDetail };

const SUGGESTIONS = ['migrate vm-3 to host B', 'how is vm-3 doing?', 'list hosts', 'help'];
const VM_SLOT = SLOT.VmName;
// A type-checked name rather than INTENT: that would bundle the whole bot definition.
const REPORT_INTENT: IntentName = 'MigrationReport';

/**
 * The conversation: what the user typed and what the bot answered, as the Lex Runtime V2 API
 * returns it (message groups, response cards, Yes/No for a confirmation or a yes-or-no slot), and
 * the pictures of a migration after "how is vm-3 doing?".
 */
export function Chat(props: {
  lex: LexClient;
  /** The slots of type AMAZON.Confirmation, by intent (BotInfo). */
  yesNoSlots: Readonly<Record<string, readonly string[]>>;
  sessionId: string;
  initial: ChatEntry[];
  onTurn: (turn: TurnView) => void;
  onShowMigration: (id: string) => void;
}) {
  const [entries, setEntries] = useState<ChatEntry[]>(props.initial);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The Lambda calls of a turn arrive after it: only the latest turn's may reach Inspect.
  const latestTurn = useRef(0);
  const log = useRef<HTMLDivElement>(null);
  const add = (...more: ChatEntry[]) => setEntries((old) => [...old, ...more]);

  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [entries, busy]);

  async function send(text: string) {
    const trimmed = text.trim();
    if (!trimmed || busy) return;
    setDraft('');
    setBusy(true);
    add({ kind: 'user', text: trimmed });
    try {
      const output = await props.lex.recognizeText(props.sessionId, trimmed);
      const state = output.sessionState;
      add({
        kind: 'bot',
        messages: output.messages ?? [],
        action: state.dialogAction,
        intent: state.intent,
      });
      const turn: TurnView = {
        text: trimmed,
        sessionState: state,
        interpretations: output.interpretations,
        raw: output,
        calls: undefined,
        problems: messageProblems(output.messages),
      };
      props.onTurn(turn);
      const seq = ++latestTurn.current;
      const requestId = state.originatingRequestId;
      const calls = requestId
        ? await consoleApi.lambdaCalls(props.sessionId, requestId).catch(() => [])
        : [];
      if (seq === latestTurn.current) props.onTurn({ ...turn, calls });
      const vm = reportedVm(state, calls);
      if (vm) {
        const detail = await consoleApi.latestMigrationOf(vm).catch(() => undefined);
        if (detail) add({ kind: 'migration', detail });
      }
    } catch (error) {
      const text =
        error instanceof LexError
          ? `${error.type} (${error.status}): ${error.message}`
          : `The runtime did not answer: ${error instanceof Error ? error.message : String(error)}`;
      add({ kind: 'error', text });
    } finally {
      setBusy(false);
    }
  }

  const answer = (text: string) => {
    void send(text);
    input.current?.focus();
  };
  const lastBot = entries.length > 0 ? lastIndexOf(entries, (e) => e.kind === 'bot') : -1;

  return (
    <section class="panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <div class="log" role="log" aria-label="Conversation" ref={log} tabIndex={0}>
        {entries.length === 0 ? (
          <p class="hint">Talk to the bot as in the Lex console's test window. Try one of these:</p>
        ) : null}
        {entries.map((entry, i) => (
          <Entry
            entry={entry}
            live={i === lastBot && i === entries.length - 1 && !busy}
            yesNoSlots={props.yesNoSlots}
            onAnswer={answer}
            onShowMigration={props.onShowMigration}
          />
        ))}
        {busy ? (
          <p class="typing" aria-hidden="true">
            …
          </p>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <div class="suggestions">
          {SUGGESTIONS.map((s) => (
            <button type="button" class="chip" onClick={() => answer(s)}>
              {s}
            </button>
          ))}
        </div>
      ) : null}
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void send(draft);
        }}
      >
        <input
          ref={input}
          type="text"
          aria-label="Message"
          placeholder='Say "migrate vm-3 to host B"'
          autocomplete="off"
          maxLength={1024}
          value={draft}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy || draft.trim() === ''}>
          Send
        </button>
      </form>
    </section>
  );
}

function Entry(props: {
  entry: ChatEntry;
  live: boolean;
  yesNoSlots: Readonly<Record<string, readonly string[]>>;
  onAnswer: (text: string) => void;
  onShowMigration: (id: string) => void;
}) {
  const { entry } = props;
  switch (entry.kind) {
    case 'user':
    case 'error':
      return (
        <div class={`turn ${entry.kind}`}>
          <span class="who">{entry.kind === 'user' ? 'You' : 'Error'}</span>
          <p class="bubble">{entry.text}</p>
        </div>
      );
    case 'migration':
      return <MigrationFigure detail={entry.detail} onShowMigration={props.onShowMigration} />;
    case 'bot':
      return (
        <BotTurn
          {...entry}
          live={props.live}
          yesNoSlots={props.yesNoSlots}
          onAnswer={props.onAnswer}
        />
      );
  }
}

function BotTurn(props: {
  messages: Message[];
  action?: DialogAction;
  intent?: IntentState;
  live: boolean;
  yesNoSlots: Readonly<Record<string, readonly string[]>>;
  onAnswer: (text: string) => void;
}) {
  const yesNo = asksYesNo(props.action, props.intent, props.yesNoSlots);
  const status = [
    props.intent?.name,
    props.intent?.state,
    props.intent?.confirmationState !== 'None' ? props.intent?.confirmationState : undefined,
    props.action
      ? `${props.action.type}${props.action.slotToElicit ? ` ${props.action.slotToElicit}` : ''}`
      : undefined,
  ].filter(Boolean);
  return (
    <div class="turn bot">
      <span class="who">Bot</span>
      {props.messages.length === 0 ? (
        <p class="bubble missing">The bot sent no message (see Inspect).</p>
      ) : null}
      {props.messages.map((m) => (
        <BotMessage message={m} live={props.live} onAnswer={props.onAnswer} />
      ))}
      {yesNo && props.live ? (
        <div class="choices" role="group" aria-label="Answer">
          <button type="button" onClick={() => props.onAnswer('yes')}>
            Yes
          </button>
          <button type="button" onClick={() => props.onAnswer('no')}>
            No
          </button>
        </div>
      ) : null}
      <p class="status">{status.join(' · ')}</p>
    </div>
  );
}

/**
 * The VM whose migration report the bot gave in this turn: from the Lambda's fulfillment of
 * MigrationReport among the turn's calls (the bot may have gone back to another request after
 * it, as after a digression), else from the turn's final state.
 */
function reportedVm(state: SessionState, calls: readonly LambdaCall[]): string | undefined {
  for (const call of [...calls].reverse()) {
    if (call.intentName !== REPORT_INTENT || call.invocationSource !== 'FulfillmentCodeHook')
      continue;
    const response = call.response as { sessionState?: SessionState } | undefined;
    if (response?.sessionState?.intent?.state !== 'Fulfilled') continue;
    const event = call.event as { sessionState?: SessionState } | undefined;
    const vm = [response, event]
      .map((m) => m?.sessionState?.intent?.slots?.[VM_SLOT]?.value?.interpretedValue)
      .find(Boolean);
    if (vm) return vm;
  }
  const vm = state.intent?.slots?.[VM_SLOT]?.value?.interpretedValue;
  return state.intent?.name === REPORT_INTENT && state.intent.state === 'Fulfilled'
    ? vm
    : undefined;
}

/** What is wrong with the messages of a turn, as Inspect shows it (nothing, mostly). */
export function messageProblems(messages: readonly Message[] | undefined): string[] {
  if (!messages || messages.length === 0)
    return [
      'The bot sent no message: the user sees nothing in answer. A Lex client shows nothing either; the Lambda (or the bot definition) should say something.',
    ];
  const empty = messages.filter(
    (m) =>
      m.contentType !== 'ImageResponseCard' && !(typeof m.content === 'string' && m.content.trim()),
  ).length;
  return empty > 0
    ? [`${empty} of the ${messages.length} messages ${empty === 1 ? 'is' : 'are'} empty.`]
    : [];
}

function lastIndexOf<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
