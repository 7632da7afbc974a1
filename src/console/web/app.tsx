import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BotInfo, FleetSnapshot } from '../api-types';
import { Chat, type ChatEntry } from './chat';
import { consoleApi } from './console-api';
import { Fleet, type FeedState } from './fleet';
import { Inspect, type TurnView } from './inspect';
import { LexClient } from './lex-client';
import { MigrationPanel } from './migration-panel';
import { ResetDialog, resetResult } from './reset-dialog';
import { Simulator } from './simulator';

const SESSION_KEY = 'vmbot-console-session';

interface Session {
  id: string;
  /** Whether Lex has a session under this id (a turn was taken). */
  started: boolean;
  initial: ChatEntry[];
}

export function App() {
  const [bot, setBot] = useState<BotInfo | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    consoleApi
      .bot()
      .then(setBot)
      .catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, []);
  if (failure) return <p role="alert">The console cannot reach vmbot: {failure}</p>;
  if (!bot) return <p class="loading">Loading the vmbot console…</p>;
  return <Console bot={bot} />;
}

function Console({ bot }: { bot: BotInfo }) {
  const lex = useMemo(() => new LexClient(bot), [bot]);
  const [session, setSession] = useState<Session | undefined>();
  const [turn, setTurn] = useState<TurnView | undefined>();
  const [fleet, setFleet] = useState<FleetSnapshot | undefined>();
  const [feed, setFeed] = useState<FeedState>('connecting');
  const [migrationId, setMigrationId] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const [confirmingReset, setConfirmingReset] = useState(false);

  // The session survives a reload of the page (GetSession), not the closing of the tab.
  useEffect(() => {
    const saved = sessionStorage.getItem(SESSION_KEY);
    if (!saved) {
      setSession(newSession());
      return;
    }
    lex
      .getSession(saved)
      .then((s) => {
        setSession({
          id: saved,
          started: true,
          initial: s.messages
            ? [
                {
                  kind: 'bot',
                  messages: s.messages,
                  action: s.sessionState.dialogAction,
                  intent: s.sessionState.intent,
                },
              ]
            : [],
        });
        setTurn({
          text: '(restored session)',
          sessionState: s.sessionState,
          interpretations: s.interpretations ?? [],
          raw: s,
          calls: [],
          problems: [],
        });
      })
      .catch(() => setSession(newSession()));
  }, [lex]);

  useEffect(() => {
    const source = new EventSource(consoleApi.fleetEventsUrl);
    source.addEventListener('fleet', (event) => {
      setFleet(JSON.parse((event as MessageEvent<string>).data) as FleetSnapshot);
      setFeed('live');
    });
    source.addEventListener('error', () => setFeed('reconnecting'));
    return () => source.close();
  }, []);

  async function startNewSession() {
    const old = session;
    setTurn(undefined);
    setSession(newSession());
    setNotice('New session started.');
    if (old?.started) await lex.deleteSession(old.id).catch(() => undefined);
  }

  async function resetFleet() {
    const before = fleet;
    setConfirmingReset(false);
    setNotice('Resetting the fleet…');
    try {
      setFleet(await consoleApi.resetFleet());
      setNotice(resetResult(before));
    } catch (e) {
      setNotice(`The fleet could not be reset: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return (
    <>
      <header class="top">
        <h1>vmbot console</h1>
        <p class="bot-id">
          {bot.botName} · bot {bot.botId} · alias {bot.botAliasId} · {bot.localeId}
          {session ? ` · session ${session.id}` : ''}
        </p>
        <div class="actions">
          <button type="button" onClick={() => void startNewSession()}>
            New session
          </button>
          <button type="button" onClick={() => setConfirmingReset(true)}>
            Reset fleet
          </button>
        </div>
        <p class={notice ? 'notice' : 'notice empty'} role="status">
          {notice}
        </p>
      </header>
      <ResetDialog
        open={confirmingReset}
        fleet={fleet}
        onConfirm={() => void resetFleet()}
        onCancel={() => setConfirmingReset(false)}
      />
      <main class="layout">
        {session ? (
          <Chat
            key={session.id}
            lex={lex}
            yesNoSlots={bot.yesNoSlots}
            sessionId={session.id}
            initial={session.initial}
            onTurn={(t) => {
              setTurn(t);
              if (!session.started) setSession({ ...session, started: true });
              sessionStorage.setItem(SESSION_KEY, session.id);
            }}
            onShowMigration={setMigrationId}
          />
        ) : (
          <section class="panel chat" aria-label="Chat">
            <p class="hint">Opening a session…</p>
          </section>
        )}
        <Inspect turn={turn} />
        <Fleet fleet={fleet} feed={feed} onShowMigration={setMigrationId} />
        <MigrationPanel migrationId={migrationId} onClose={() => setMigrationId(undefined)} />
        <Simulator />
      </main>
    </>
  );
}

function newSession(): Session {
  sessionStorage.removeItem(SESSION_KEY);
  // getRandomValues, not randomUUID: the page may be opened over plain HTTP from another host.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return { id: `console-${id}`, started: false, initial: [] };
}
