import type { SlotFill } from './align';
import type { Pattern } from './pattern';
import type { SlotResolver, SpanMatch } from './slot-types';
import type { TurnInput } from './turn-input';

/**
 * Intent-level match, order-free: the words of all the intent's utterances, its slot values
 * spotted anywhere, and new values read after the words that introduce a slot in some utterance
 * ("called {VmName}", "on {TargetHost}"). It catches word order changes and combinations of
 * utterance fragments ("create a web server called web-1 on host-a with 4 GiB") that no single
 * sample utterance covers, at the price of a flat composition cost.
 */
export interface IntentBag {
  readonly intent: string;
  /** Content words of the utterances: vocabulary id → weight (lower for words many intents use). */
  readonly words: ReadonlyMap<number, number>;
  readonly slots: readonly BagSlot[];
}

interface BagSlot {
  readonly name: string;
  readonly resolver: SlotResolver;
  /** Vocabulary ids of the words right before / after the slot in the utterances. */
  readonly left: ReadonlySet<number>;
  readonly right: ReadonlySet<number>;
}

export interface BagMatch {
  readonly cost: number;
  readonly score: number;
  readonly slots: readonly SlotFill[];
}

const COMPOSE_COST = 0.6;
/** Matched word weight needed: one common word ("what", "show") is not enough on its own. */
const MIN_EVIDENCE = 0.8;
const UNEXPLAINED_COST = 1;
/** A word matched with a typo (or more) still explains the word, for its cost. */
const MAX_WORD_COST = 0.7;
const MAX_NEW_VALUE_WORDS = 3;
/**
 * A value with none of the words around it that introduce its slot in the utterances: the
 * fragments of an intent that asks many things ("abort the migration of", "restart the {App}
 * VM", "reboot {Host}") must not combine into "migrate the redis vm to host-b".
 */
const UNANCHORED_VALUE_COST = 0.5;

export function buildIntentBag(
  intent: string,
  patterns: readonly Pattern[],
  slotsInPriority: readonly { name: string; resolver: SlotResolver }[],
  weightOf: (vocabId: number) => number,
): IntentBag {
  const words = new Map<number, number>();
  const left = new Map<string, Set<number>>();
  const right = new Map<string, Set<number>>();
  for (const pattern of patterns) {
    pattern.elements.forEach((e, i) => {
      if (e.kind === 'word') {
        if (e.content) words.set(e.vocabId, weightOf(e.vocabId));
        return;
      }
      const before = pattern.elements[i - 1];
      const after = pattern.elements[i + 1];
      if (before?.kind === 'word') add(left, e.slot, before.vocabId);
      if (after?.kind === 'word') add(right, e.slot, after.vocabId);
    });
  }
  const slots = slotsInPriority
    .filter((s) => !s.resolver.wholeInputOnly)
    .map((s) => ({
      name: s.name,
      resolver: s.resolver,
      left: left.get(s.name) ?? new Set<number>(),
      right: right.get(s.name) ?? new Set<number>(),
    }));
  return { intent, words, slots };
}

function add(map: Map<string, Set<number>>, key: string, id: number): void {
  const set = map.get(key) ?? new Set<number>();
  set.add(id);
  map.set(key, set);
}

function isAnchor(input: TurnInput, at: number, ids: ReadonlySet<number>): boolean {
  if (at < 0 || at >= input.length) return false;
  for (const id of ids) if (input.wordCost(at, id) === 0) return true;
  return false;
}

interface Candidate {
  readonly start: number;
  readonly length: number;
  readonly match: SpanMatch;
  readonly resolver: SlotResolver;
}

const NO_MATCH: BagMatch = { cost: Number.POSITIVE_INFINITY, score: 0, slots: [] };

export function matchBag(bag: IntentBag, input: TurnInput): BagMatch {
  let possible = 0;
  for (const [id, w] of bag.words) if (input.matches(id)) possible += w;
  const n = input.length;
  const used = new Uint8Array(n);
  const fills = new Map<string, SlotFill>();
  const anchored = (slot: BagSlot, start: number, length: number) =>
    isAnchor(input, start - 1, slot.left) || isAnchor(input, start + length, slot.right);
  const free = (start: number, length: number) => {
    for (let t = start; t < start + length; t += 1) if (used[t]) return false;
    return true;
  };
  const take = (slot: BagSlot, start: number, length: number, match: SpanMatch) => {
    for (let t = start; t < start + length; t += 1) used[t] = 1;
    fills.set(slot.name, { slot: slot.name, start, length, match });
  };

  // 1. Values the slot types know, longest first, then new names written as names ("vm-21").
  const candidates: Candidate[] = [];
  for (const resolver of new Set(bag.slots.map((s) => s.resolver))) {
    const table = input.spanTable(resolver);
    for (let start = 0; start < n; start += 1) {
      for (let k = 1; k <= table.width && start + k <= n; k += 1) {
        const match = table.matches[start * table.width + k - 1];
        if (match?.known || (match && !match.unresolved && input.isName(start, k))) {
          candidates.push({ start, length: k, match, resolver });
        }
      }
    }
  }
  candidates.sort(
    (a, b) =>
      Number(b.match.known) - Number(a.match.known) ||
      b.length - a.length ||
      a.match.cost - b.match.cost ||
      a.start - b.start,
  );
  for (const c of candidates) {
    if (!free(c.start, c.length)) continue;
    const open = bag.slots.filter((s) => s.resolver === c.resolver && !fills.has(s.name));
    const slot =
      open.find((s) => anchored(s, c.start, c.length)) ??
      (c.resolver.needsAnchor ? undefined : open[0]);
    if (slot) take(slot, c.start, c.length, c.match);
  }

  // 2. New values, right after a word that introduces the slot.
  for (const slot of bag.slots) {
    if (fills.has(slot.name)) continue;
    for (let a = 0; a < n - 1 && !fills.has(slot.name); a += 1) {
      if (used[a] || !isAnchor(input, a, slot.left)) continue;
      let best: { k: number; match: SpanMatch } | undefined;
      for (let k = 1; k <= MAX_NEW_VALUE_WORDS && a + 1 + k <= n && free(a + 1, k); k += 1) {
        const match = input.span(slot.resolver, a + 1, k);
        if (!match || match.unresolved) continue;
        const end = a + 1 + k;
        const boundary =
          end === n ||
          used[end] === 1 ||
          isAnchor(input, end, slot.right) ||
          (input.insertCost[end] ?? 1) < UNEXPLAINED_COST;
        if (!best || boundary) best = { k, match };
        if (boundary) break;
      }
      if (best) take(slot, a + 1, best.k, best.match);
    }
  }

  // Too few of the intent's words for a match: the values found still fill the slots of an
  // interpretation that another matcher (the classifier) recognised.
  if (possible < MIN_EVIDENCE) return { ...NO_MATCH, slots: [...fills.values()] };
  // 3. Every other word: a word of the intent, a filler, or unexplained.
  let cost = COMPOSE_COST;
  let weight = 0;
  let evidence = 0;
  for (let i = 0; i < n; i += 1) {
    if (used[i]) continue;
    let bestCost = Number.POSITIVE_INFINITY;
    let bestWeight = 0;
    for (const [id, w] of bag.words) {
      const c = input.wordCost(i, id);
      if (c < bestCost) {
        bestCost = c;
        bestWeight = w;
      }
    }
    if (bestCost <= MAX_WORD_COST) {
      cost += bestCost;
      weight += bestWeight;
      evidence += bestWeight;
    } else {
      const insert = input.insertCost[i] ?? UNEXPLAINED_COST;
      cost += Math.min(insert, UNEXPLAINED_COST);
    }
  }
  for (const fill of fills.values()) {
    cost += fill.match.cost;
    const slot = bag.slots.find((x) => x.name === fill.slot);
    if (slot && !anchored(slot, fill.start, fill.length)) cost += UNANCHORED_VALUE_COST;
    weight += 1;
  }
  if (evidence < MIN_EVIDENCE) return { ...NO_MATCH, slots: [...fills.values()] };
  const ratio = weight / (weight + cost);
  return { cost, score: ratio * ratio, slots: [...fills.values()] };
}
