import { bot } from '../bot-definition';
import { createFulfillment } from '../src/intents';
import { createLexRuntime } from '../src/runtime';
import { benchDynamo } from './dynamo';
import { printTable } from './stats';

/**
 * DynamoDB requests per Lambda invocation on the 13-turn conversation, spoken to the
 * local Lex V2 runtime (NLU, dialog manager, chains) calling the real handler logic over
 * DynamoDB Local; every request the store sends is counted by a middleware on the client. The
 * clock moves on by a person's pace between turns, so migrations fall due along the way and the
 * lazy transitions are part of what is counted.
 */
export const CONVERSATION = [
  'migrate vm-3 to host b',
  'yes',
  'no',
  'where is vm-2',
  'list hosts',
  'where should vm-2 go',
  'yes',
  'no',
  'how is vm-3 doing',
  'create a cache on host c',
  'yes',
  'evacuate host-a',
  'yes',
];

/** Seconds between two turns: reading the answer and typing the next line. */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 5_000);

/**
 * The floor of the single-table design per invocation (issue 13), and what the store needed
 * before the per-request unit of work (measured with this bench on main at 9c23564).
 */
const FLOORS: Record<string, { floor: string; before: string }> = {
  'MigrateVm dialog': { floor: '3', before: '6' },
  'MigrateVm fulfillment': { floor: '4-5', before: '11-14' },
  'WhereIsVm fulfillment': { floor: '2', before: '4' },
  'ListHosts fulfillment': { floor: '2-3', before: '4-5' },
  'EvacuateHost fulfillment': { floor: '5-7', before: '23' },
  'CreateVm fulfillment': { floor: '4-5', before: '9' },
};

interface Invocation {
  turn: number;
  user: string;
  label: string;
  requests: number;
  byCommand: Map<string, number>;
}

export async function benchRequests(): Promise<void> {
  const env = await benchDynamo();
  const { clock, counter } = env;
  const fulfil = createFulfillment({ store: env.store, now: () => clock.now });
  const invocations: Invocation[] = [];
  let turn = 0;
  const runtime = createLexRuntime({
    bot,
    clock: () => clock.now,
    invokeLambda: async (event) => {
      const before = counter.requests;
      const commands = new Map(counter.byCommand);
      const response = await fulfil(event);
      const e = event as { invocationSource: string; sessionState: { intent: { name: string } } };
      const source = e.invocationSource === 'DialogCodeHook' ? 'dialog' : 'fulfillment';
      invocations.push({
        turn,
        user: CONVERSATION[turn]!,
        label: `${e.sessionState.intent.name} ${source}`,
        requests: counter.requests - before,
        byCommand: new Map(
          [...counter.byCommand]
            .map(([name, n]) => [name, n - (commands.get(name) ?? 0)] as const)
            .filter(([, n]) => n > 0),
        ),
      });
      return response;
    },
  });
  const answers: string[] = [];
  for (turn = 0; turn < CONVERSATION.length; turn++) {
    const out = await runtime.recognizeText({
      botId: runtime.botId,
      botAliasId: runtime.botAliasId,
      localeId: runtime.localeId,
      sessionId: 'bench-requests',
      text: CONVERSATION[turn]!,
    });
    answers.push((out.messages ?? []).map((m) => m.content ?? '').join(' / '));
    clock.now += PACE_MS;
  }
  await env.drop();

  const rows = invocations.map((inv) => {
    const key = Object.keys(FLOORS).find((k) => inv.label.startsWith(k.replace(' ', ' ')));
    const f = key === undefined ? undefined : FLOORS[key];
    return [
      `${inv.turn + 1}. ${inv.user}`,
      inv.label,
      inv.requests,
      f?.floor ?? '',
      f?.before ?? '',
      [...inv.byCommand].map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', '),
    ];
  });
  const total = invocations.reduce((t, i) => t + i.requests, 0);
  rows.push(['total', `${invocations.length} invocations`, total, '', '88', '']);
  printTable(
    `requests: DynamoDB requests per invocation, the issue's 13-turn conversation (${PACE_MS / 1000} s between turns)`,
    ['turn', 'invocation', 'requests', 'floor', 'before', 'what'],
    rows,
  );
  if (process.env.BENCH_VERBOSE) {
    for (const [i, a] of answers.entries()) console.log(`${i + 1}. ${CONVERSATION[i]} -> ${a}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchRequests();
  const { stopBenchDynamo } = await import('./dynamo');
  await stopBenchDynamo();
}
