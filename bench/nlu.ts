import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bot, INTENTS } from '../bot-definition';
import { compileBotModel, compileNlu } from '../src/runtime';
import { evaluateNlu, loadLabelledSet, sampleUtteranceSet } from './nlu-eval';
import type { LabelledItem, NluReport } from './nlu-eval';

/** Intents that answer "I can't do that": a rejection of an out-of-scope request. */
const REFUSALS = INTENTS.filter((i) => i.kind === 'unsupported').map((i) => i.name);
import { median, percentile, printTable } from './stats';

/**
 * The local NLU's accuracy on the held-out set (requests written by someone who never read the
 * sample utterances: tests/nlu/held-out.json) next to the same numbers on the sample utterances
 * themselves (seen), and its speed: compiling the bot's NLU (once per start) and one turn.
 */
export const HELD_OUT_PATH = fileURLToPath(new URL('../tests/nlu/held-out.json', import.meta.url));
/** The NLU author's own variations, to work on the mechanics without looking into the held-out set. */
export const DEV_PATH = fileURLToPath(new URL('../tests/nlu/dev.json', import.meta.url));

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export async function benchNlu(): Promise<void> {
  const compileTimes: number[] = [];
  let nlu = compileNlu(compileBotModel(bot));
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    nlu = compileNlu(compileBotModel(bot));
    compileTimes.push(performance.now() - t0);
  }
  const seen = sampleUtteranceSet(nlu.model);
  const heldOut = existsSync(HELD_OUT_PATH) ? loadLabelledSet(HELD_OUT_PATH) : undefined;
  const sets: [string, LabelledItem[]][] = [
    ['dev (author-written)', loadLabelledSet(DEV_PATH)],
    ['seen (sample utterances)', seen],
  ];
  if (heldOut) sets.unshift(['held-out', heldOut]);
  else console.log(`\nnlu: no held-out set at ${HELD_OUT_PATH}`);
  const reports = sets.map(([name, items]) => [name, evaluateNlu(nlu, items, REFUSALS)] as const);

  printTable(
    'nlu: accuracy (top-1 = interpretations[0]; slots compared after the Lambda normalises them)',
    ['set', 'items', 'in-scope top-1', 'out-of-scope rejected', 'top-1 (all)', 'slots found'],
    reports.map(([name, r]) => [
      name,
      r.items,
      `${pct(r.inScope.accuracy)} (${r.inScope.correct}/${r.inScope.total})`,
      `${pct(r.outOfScope.rate)} (${r.outOfScope.rejected}/${r.outOfScope.total})`,
      `${pct(r.top1.accuracy)} (${r.top1.correct}/${r.top1.total})`,
      `${pct(r.slots.accuracy)} (${r.slots.found}/${r.slots.expected}, ${r.slots.extra} extra)`,
    ]),
  );
  printTable(
    'nlu: in-scope requests missed',
    [
      'set',
      'fallback, right intent best (scores)',
      'fallback, another intent best',
      'wrong intent',
    ],
    reports.map(([name, r]) => {
      const b = r.misses.belowThreshold;
      const range = b.length > 0 ? ` (${b[0]}–${b[b.length - 1]})` : '';
      return [name, `${b.length}${range}`, r.misses.outranked, r.misses.wrongIntent];
    }),
  );
  printTable(
    'nlu: margin of the recognised in-scope requests (top score minus the runner-up)',
    ['set', 'median', '10th percentile', 'under 0.1'],
    reports.map(([name, r]) => [
      name,
      percentile(r.margins, 50),
      percentile(r.margins, 10),
      r.margins.filter((m) => m < 0.1).length,
    ]),
  );
  for (const [name, report] of reports) printPerIntent(name, report);

  // Per turn: every text of both sets, after one warm-up pass.
  const texts = sets.flatMap(([, items]) => items.map((i) => i.text));
  for (const t of texts) nlu.recognize(t);
  const turnTimes = texts.map((t) => {
    const t0 = performance.now();
    nlu.recognize(t);
    return performance.now() - t0;
  });
  turnTimes.sort((a, b) => a - b);
  const utterances = nlu.model.intents.reduce((n, i) => n + i.utterances.length, 0);
  printTable(
    `nlu: speed (${utterances} sample utterances, ${nlu.model.intents.length} intents)`,
    ['what', 'median ms', 'p99 ms'],
    [
      ['compile (bot model + NLU)', median(compileTimes), Math.max(...compileTimes)],
      [`recognize, ${texts.length} texts`, percentile(turnTimes, 50), percentile(turnTimes, 99)],
    ],
  );
}

function printPerIntent(name: string, report: NluReport): void {
  printTable(
    `nlu: per intent, ${name}`,
    ['intent', 'support', 'precision', 'recall', 'F1'],
    report.perIntent.map((s) => [s.intent, s.support, pct(s.precision), pct(s.recall), pct(s.f1)]),
  );
  if (report.notInBot.length > 0) {
    printTable(
      `nlu: labels not in this bot (not counted above), ${name}`,
      ['label', 'items', 'answered with'],
      report.notInBot.map((x) => [
        x.intent,
        x.total,
        Object.entries(x.predicted)
          .sort(([, a], [, b]) => b - a)
          .map(([intent, n]) => `${intent} ${n}`)
          .join(', '),
      ]),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNlu();
