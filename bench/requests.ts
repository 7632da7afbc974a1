import { bot } from '../bot-definition';
import { createFulfillment } from '../src/intents';
import { createLexRuntime } from '../src/runtime';
import { benchDynamo } from './dynamo';
import { printTable } from './stats';

/**
 * DynamoDB requests per Lambda invocation on the 13-turn conversation, spoken to the
 * local Lex V2 runtime (NLU, dialog manager, chains) calling the real handler logic over
 * DynamoDB Local; every request the store sends is counted by a middleware on the client. Twice:
 * turns back to back (as the issue measured: no migration falls due during the conversation),
 * and at a person's pace (5 s between turns: migrations fall due along the way, and applying
 * their transitions is part of what is counted).
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

const PACES_MS = [0, 5_000];

/** The floor of the single-table design per invocation, as issue 13 states it. */
const FLOORS: Record<string, string> = {
  'MigrateVm dialog': '3',
  'MigrateVm fulfillment': '4-5',
  'WhereIsVm fulfillment': '2',
  'ListHosts fulfillment': '2-3',
  'EvacuateHost fulfillment': '5-7',
  'CreateVm fulfillment': '4-5',
};

/**
 * Requests per invocation before the per-request unit of work: this bench on main at 9c23564,
 * in the order of the invocations, at each pace.
 */
const BEFORE: Record<number, number[]> = {
  0: [6, 0, 11, 2, 0, 1, 4, 0, 5, 1, 3, 6, 0, 11, 2, 0, 2, 3, 3, 0, 9, 7, 2, 16],
  5_000: [6, 0, 11, 2, 0, 1, 5, 0, 4, 1, 3, 6, 0, 11, 2, 0, 1, 2, 4, 0, 9, 6, 2, 13],
};

interface Invocation {
  turn: number;
  label: string;
  requests: number;
  byCommand: Map<string, number>;
}

/** The conversation once, at `paceMs` between turns: what each Lambda invocation cost. */
async function converse(paceMs: number): Promise<Invocation[]> {
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
  for (turn = 0; turn < CONVERSATION.length; turn++) {
    await runtime.recognizeText({
      botId: runtime.botId,
      botAliasId: runtime.botAliasId,
      localeId: runtime.localeId,
      sessionId: 'bench-requests',
      text: CONVERSATION[turn]!,
    });
    clock.now += paceMs;
  }
  await env.drop();
  return invocations;
}

export async function benchRequests(): Promise<void> {
  const runs = new Map<number, Invocation[]>();
  for (const pace of PACES_MS) runs.set(pace, await converse(pace));
  const [fast, paced] = PACES_MS.map((p) => runs.get(p)!);
  const cell = (pace: number, i: number) =>
    `${BEFORE[pace]?.[i] ?? '?'} -> ${runs.get(pace)![i]?.requests ?? '?'}`;
  const what = (inv: Invocation) =>
    [...inv.byCommand].map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
  const rows = fast!.map((inv, i) => [
    `${inv.turn + 1}. ${CONVERSATION[inv.turn]}`,
    inv.label,
    FLOORS[inv.label] ?? '',
    cell(0, i),
    cell(5_000, i),
    what(inv),
  ]);
  const total = (invocations: Invocation[]) => invocations.reduce((t, i) => t + i.requests, 0);
  const before = (pace: number) => BEFORE[pace]!.reduce((a, b) => a + b, 0);
  rows.push([
    'total',
    `${fast!.length} invocations`,
    '',
    `${before(0)} -> ${total(fast!)}`,
    `${before(5_000)} -> ${total(paced!)}`,
    'target: at most 45',
  ]);
  printTable(
    "requests: DynamoDB requests per Lambda invocation on the issue's 13-turn conversation (before -> now)",
    ['turn', 'invocation', 'floor', 'back to back', '5 s apart', 'requests (back to back)'],
    rows,
  );
  // The table: each kind of invocation, against its floor.
  const byKind = Object.keys(FLOORS).map((label) => {
    const counts = (pace: number) =>
      runs
        .get(pace)!
        .filter((inv) => inv.label === label && inv.requests > 0)
        .map((inv) => inv.requests);
    const beforeCounts = (pace: number) =>
      BEFORE[pace]!.filter((n, i) => fast![i]!.label === label && n > 0);
    const range = (ns: number[]) =>
      Math.min(...ns) === Math.max(...ns) ? `${ns[0]}` : `${Math.min(...ns)}-${Math.max(...ns)}`;
    return [
      label,
      range([...beforeCounts(0), ...beforeCounts(5_000)]),
      FLOORS[label]!,
      range(counts(0)),
      range(counts(5_000)),
    ];
  });
  printTable(
    'requests per turn against the floors of the single-table design',
    ['turn', 'before', 'floor', 'now, back to back', 'now, 5 s apart'],
    byKind,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchRequests();
  const { stopBenchDynamo } = await import('./dynamo');
  await stopBenchDynamo();
}
