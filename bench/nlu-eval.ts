/**
 * Evaluation of the local NLU on a labelled set of requests: per-intent precision, recall and F1,
 * top-1 accuracy on in-scope requests, out-of-scope rejection and slot accuracy. Used by
 * `npm run bench -- nlu` (held-out set and sample utterances side by side) and by the test that
 * keeps held-out accuracy from sliding back.
 *
 * Slot values are compared after the normalisation the Lambda applies (it is the judge of every
 * value: "VM 3" and "vm3" both mean vm-3), so that only what would change the answer counts.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SLOT } from '../bot-definition';
import {
  normaliseApplianceName,
  normaliseHostName,
  normaliseVmName,
} from '../src/intents/recognise';
import type { BotModel, Nlu } from '../src/runtime';

export const labelledSetSchema = z.object({
  description: z.string().optional(),
  items: z.array(
    z.object({
      text: z.string().min(1),
      intent: z.string().min(1),
      slots: z.record(z.string(), z.string()).optional(),
    }),
  ),
});
export type LabelledItem = z.infer<typeof labelledSetSchema>['items'][number];

export function loadLabelledSet(path: string): LabelledItem[] {
  return labelledSetSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).items;
}

export interface IntentScores {
  readonly intent: string;
  /** Items labelled with this intent. */
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface NluReport {
  readonly items: number;
  readonly perIntent: readonly IntentScores[];
  /** In-scope requests (intent in the bot, not the fallback) answered with their intent. */
  readonly inScope: { readonly total: number; readonly correct: number; readonly accuracy: number };
  /** Out-of-scope requests (labelled FallbackIntent) answered with the fallback. */
  readonly outOfScope: {
    readonly total: number;
    readonly rejected: number;
    readonly rate: number;
  };
  /** All items whose intent is in the bot, the fallback included. */
  readonly top1: { readonly total: number; readonly correct: number; readonly accuracy: number };
  /** Expected slot values found (after the Lambda's normalisation) when the intent was right. */
  readonly slots: {
    readonly expected: number;
    readonly found: number;
    readonly accuracy: number;
    /** Slots filled that the label does not have (when the intent was right). */
    readonly extra: number;
  };
  /**
   * In-scope requests missed: answered with the fallback although their intent was the best
   * guess (its scores), with the fallback while another intent scored higher, or with another
   * intent above the threshold.
   */
  readonly misses: {
    readonly belowThreshold: readonly number[];
    readonly outranked: number;
    readonly wrongIntent: number;
  };
  /** Top score minus the runner-up's, for each in-scope request recognised: sorted. */
  readonly margins: readonly number[];
  /** Labels the bot has no intent for (yet): how many, and what the NLU made of them. */
  readonly notInBot: readonly {
    readonly intent: string;
    readonly total: number;
    readonly predicted: Readonly<Record<string, number>>;
  }[];
}

/** The value the Lambda would work with, for comparison with a label's canonical value. */
export function normaliseSlotValue(slot: string, value: string): string | undefined {
  switch (slot) {
    case SLOT.VmName:
      return normaliseVmName(value);
    case SLOT.TargetHost:
    case SLOT.HostName:
      return normaliseHostName(value);
    case SLOT.ApplianceName:
      return normaliseApplianceName(value);
    case SLOT.MemoryGiB: {
      const n = Number(value);
      return Number.isFinite(n) ? String(n) : undefined;
    }
    default:
      return value.trim().toLowerCase();
  }
}

/** The bot's name for a label: itself, or the intent built on `AMAZON.<label>`. */
function intentNameIn(model: BotModel, label: string): string | undefined {
  if (model.intent(label)) return label;
  return model.intents.find((i) => i.signature === `AMAZON.${label}`)?.name;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * `refusals`: intents that answer "I can't do that" (vmbot's UnsupportedRequest): for an
 * out-of-scope request, recognising one of them is a rejection, as the fallback is.
 */
export function evaluateNlu(
  nlu: Nlu,
  items: readonly LabelledItem[],
  refusals: readonly string[] = [],
): NluReport {
  const model = nlu.model;
  const fallback = model.fallback.name;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const support = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const notInBot = new Map<string, { total: number; predicted: Record<string, number> }>();
  let inScopeTotal = 0;
  let inScopeCorrect = 0;
  let oosTotal = 0;
  let oosRejected = 0;
  let slotsExpected = 0;
  let slotsFound = 0;
  let slotsExtra = 0;
  const belowThreshold: number[] = [];
  let outranked = 0;
  let wrongIntent = 0;
  const margins: number[] = [];

  for (const item of items) {
    const interpretations = nlu.recognize(item.text);
    const top = interpretations[0];
    const predicted = top?.intent ?? fallback;
    const expected = intentNameIn(model, item.intent);
    if (expected === undefined) {
      const entry = notInBot.get(item.intent) ?? { total: 0, predicted: {} };
      entry.total += 1;
      entry.predicted[predicted] = (entry.predicted[predicted] ?? 0) + 1;
      notInBot.set(item.intent, entry);
      continue;
    }
    bump(support, expected);
    if (predicted === expected) bump(tp, expected);
    else {
      bump(fp, predicted);
      bump(fn, expected);
    }
    if (expected === fallback) {
      oosTotal += 1;
      if (predicted === fallback || refusals.includes(predicted)) oosRejected += 1;
    } else {
      inScopeTotal += 1;
      if (predicted === expected) {
        inScopeCorrect += 1;
        const scores = interpretations.flatMap((i) => (i.score === undefined ? [] : [i.score]));
        margins.push((scores[0] ?? 0) - (scores[1] ?? 0));
      } else if (predicted !== fallback) wrongIntent += 1;
      else {
        const guess = interpretations.find((i) => i.intent !== fallback);
        if (guess?.intent === expected) belowThreshold.push(guess.score ?? 0);
        else outranked += 1;
      }
    }
    if (predicted !== expected || !top) continue;
    const labels = item.slots ?? {};
    for (const [slot, value] of Object.entries(labels)) {
      slotsExpected += 1;
      const got = top.slots[slot]?.value?.interpretedValue;
      if (got !== undefined && normaliseSlotValue(slot, got) === value) slotsFound += 1;
    }
    for (const [slot, state] of Object.entries(top.slots)) {
      if (state?.value && !(slot in labels)) slotsExtra += 1;
    }
  }

  const intents = [...new Set([...support.keys(), ...fp.keys()])].sort();
  const perIntent = intents.map((intent) => {
    const t = tp.get(intent) ?? 0;
    const precision = ratio(t, t + (fp.get(intent) ?? 0));
    const recall = ratio(t, t + (fn.get(intent) ?? 0));
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { intent, support: support.get(intent) ?? 0, precision, recall, f1 };
  });
  const top1Total = inScopeTotal + oosTotal;
  const top1Correct = inScopeCorrect + oosRejected;
  return {
    items: items.length,
    perIntent,
    inScope: {
      total: inScopeTotal,
      correct: inScopeCorrect,
      accuracy: ratio(inScopeCorrect, inScopeTotal),
    },
    outOfScope: { total: oosTotal, rejected: oosRejected, rate: ratio(oosRejected, oosTotal) },
    top1: { total: top1Total, correct: top1Correct, accuracy: ratio(top1Correct, top1Total) },
    slots: {
      expected: slotsExpected,
      found: slotsFound,
      accuracy: ratio(slotsFound, slotsExpected),
      extra: slotsExtra,
    },
    margins: margins.sort((a, b) => a - b),
    misses: { belowThreshold: belowThreshold.sort((a, b) => a - b), outranked, wrongIntent },
    notInBot: [...notInBot.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([intent, v]) => ({ intent, ...v })),
  };
}

/**
 * The bot's own sample utterances as a labelled set ("seen"): each placeholder filled with a
 * value of its slot type, taken in turn from the type's listed values (a number for
 * AMAZON.Number), labelled with the canonical value.
 */
export function sampleUtteranceSet(model: BotModel): LabelledItem[] {
  const turn = new Map<string, number>();
  const valueOf = (typeName: string): { text: string; canonical: string } => {
    const i = turn.get(typeName) ?? 0;
    turn.set(typeName, i + 1);
    if (typeName === 'AMAZON.Number') {
      const n = String([4, 8, 16, 32][i % 4]);
      return { text: n, canonical: n };
    }
    const values = model.slotTypes.get(typeName)?.slotTypeValues ?? [];
    const v = values[i % Math.max(1, values.length)]?.sampleValue.value ?? 'x';
    return { text: v, canonical: v };
  };
  return model.intents
    .filter((intent) => intent.recognisable)
    .flatMap((intent) =>
      intent.utterances.map((utterance) => {
        const slots: Record<string, string> = {};
        const text = utterance.replace(/\{(\w+)\}/g, (_, name: string) => {
          const v = valueOf(intent.slotByName.get(name)?.slotTypeName ?? '');
          slots[name] = v.canonical;
          return v.text;
        });
        return { text, intent: intent.name, slots };
      }),
    );
}
