import type { Pattern, PatternElement } from './pattern';
import type { SpanMatch } from './slot-types';
import type { SpanTable, TurnInput } from './turn-input';

/** Words in another order than the utterance's still match, for a price. */
const REORDER_COST = 0.5;

export interface SlotFill {
  readonly slot: string;
  readonly start: number;
  readonly length: number;
  readonly match: SpanMatch;
}

export interface Alignment {
  readonly pattern: Pattern;
  readonly cost: number;
  /** Confidence in 0..1: 1 for an exact match, falling with the cost relative to the weight. */
  readonly score: number;
  readonly slots: readonly SlotFill[];
}

/**
 * Confidence from the cost of the match relative to the utterance's weight. Without evidence (a
 * content word of the utterance, or a slot value the type knows) there is no match at all: an
 * input of fillers must not score on an utterance made of slots.
 */
export function scoreOf(weight: number, cost: number, evidence: number): number {
  if (evidence <= 0) return 0;
  const ratio = weight / (weight + cost);
  return ratio * ratio;
}

/** Slot evidence weighs like a content word. */
const SLOT_EVIDENCE = 1;

const OP_INSERT = 1;
const OP_DELETE = 2;
const OP_WORD = 3;
const OP_SLOT = 4;

let costBuffer = new Float64Array(256);
let opBuffer = new Uint8Array(256);
let lenBuffer = new Uint16Array(256);

function ensureBuffers(size: number): void {
  if (costBuffer.length >= size) return;
  const capacity = Math.max(size, costBuffer.length * 2);
  costBuffer = new Float64Array(capacity);
  opBuffer = new Uint8Array(capacity);
  lenBuffer = new Uint16Array(capacity);
}

/**
 * Aligns the input with a sample utterance in order, as an edit distance where a slot consumes a
 * span of input words: words may be inserted (fillers cheaply), utterance words missed, typos
 * forgiven, and each slot takes the span that best fits its type.
 */
export function alignInOrder(pattern: Pattern, input: TurnInput): Alignment {
  const n = input.length;
  const elements = pattern.elements;
  const m = elements.length;
  const width = m + 1;
  ensureBuffers((n + 1) * width);
  const D = costBuffer;
  const op = opBuffer;
  const len = lenBuffer;
  const insertCost = input.insertCost;
  const wordCosts = input.wordCosts;
  const vocabularySize = input.vocabularySize;
  const tables = elements.map((e) => (e.kind === 'slot' ? input.spanTable(e.resolver) : undefined));
  D[0] = 0;
  for (let i = 0; i <= n; i += 1) {
    for (let j = 0; j <= m; j += 1) {
      if (i === 0 && j === 0) continue;
      const at = i * width + j;
      let best = Number.POSITIVE_INFINITY;
      let bestOp = 0;
      let bestLen = 0;
      if (i > 0) {
        best = (D[at - width] as number) + (insertCost[i - 1] as number);
        bestOp = OP_INSERT;
      }
      if (j > 0) {
        const e = elements[j - 1] as PatternElement;
        const skip = (D[at - 1] as number) + e.missingCost;
        if (skip < best) {
          best = skip;
          bestOp = OP_DELETE;
        }
        if (e.kind === 'word') {
          if (i > 0) {
            const c =
              (D[at - width - 1] as number) +
              (wordCosts[(i - 1) * vocabularySize + e.vocabId] as number);
            if (c < best) {
              best = c;
              bestOp = OP_WORD;
            }
          }
        } else {
          const table = tables[j - 1] as SpanTable;
          const maxK = Math.min(i, table.width);
          for (let k = 1; k <= maxK; k += 1) {
            const span = table.matches[(i - k) * table.width + k - 1];
            if (!span) continue;
            const c = (D[(i - k) * width + j - 1] as number) + span.cost;
            if (c < best) {
              best = c;
              bestOp = OP_SLOT;
              bestLen = k;
            }
          }
        }
      }
      D[at] = best;
      op[at] = bestOp;
      len[at] = bestLen;
    }
  }
  const cost = D[n * width + m] ?? Number.POSITIVE_INFINITY;
  const slots: SlotFill[] = [];
  let evidence = 0;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const at = i * width + j;
    switch (op[at]) {
      case OP_INSERT:
        i -= 1;
        break;
      case OP_DELETE:
        j -= 1;
        break;
      case OP_WORD: {
        const e = elements[j - 1];
        if (e?.kind === 'word' && e.content) evidence += 1;
        i -= 1;
        j -= 1;
        break;
      }
      case OP_SLOT: {
        const k = len[at] ?? 1;
        const e = elements[j - 1];
        const match = e?.kind === 'slot' ? input.span(e.resolver, i - k, k) : undefined;
        if (e?.kind === 'slot' && match) {
          slots.unshift({ slot: e.slot, start: i - k, length: k, match });
          if (match.known) evidence += SLOT_EVIDENCE;
        }
        i -= k;
        j -= 1;
        break;
      }
      default:
        i = 0;
        j = 0;
    }
  }
  return { pattern, cost, score: scoreOf(pattern.weight, cost, evidence), slots };
}

/**
 * Order-free match: utterance words found anywhere in the input, slot values spotted by their
 * known values. Catches "to host-b, migrate vm-3"; always a little worse than an in-order match.
 */
export function alignAnyOrder(pattern: Pattern, input: TurnInput): Alignment {
  const n = input.length;
  const used = new Uint8Array(n);
  let cost = REORDER_COST;
  let evidence = 0;
  for (const e of pattern.elements) {
    if (e.kind !== 'word') continue;
    let bestI = -1;
    let bestCost = e.missingCost;
    for (let i = 0; i < n; i += 1) {
      if (used[i]) continue;
      const c = input.wordCost(i, e.vocabId);
      if (c < bestCost) {
        bestI = i;
        bestCost = c;
      }
    }
    if (bestI >= 0) {
      used[bestI] = 1;
      if (e.content) evidence += 1;
    }
    cost += bestCost;
  }
  const slots: SlotFill[] = [];
  for (const e of pattern.elements) {
    if (e.kind !== 'slot') continue;
    let best: SlotFill | undefined;
    for (let start = 0; start < n; start += 1) {
      for (let k = 1; k <= e.resolver.maxTokens && start + k <= n; k += 1) {
        if (used[start + k - 1]) break;
        const match = input.span(e.resolver, start, k);
        if (!match || !match.known) continue;
        if (
          !best ||
          match.cost < best.match.cost ||
          (match.cost === best.match.cost && k > best.length)
        ) {
          best = { slot: e.slot, start, length: k, match };
        }
      }
    }
    if (best) {
      for (let t = best.start; t < best.start + best.length; t += 1) used[t] = 1;
      slots.push(best);
      cost += best.match.cost;
      evidence += SLOT_EVIDENCE;
    } else {
      cost += e.missingCost;
    }
  }
  for (let i = 0; i < n; i += 1) if (!used[i]) cost += input.insertCost[i] ?? 1;
  return { pattern, cost, score: scoreOf(pattern.weight, cost, evidence), slots };
}

const NO_MATCH = (pattern: Pattern): Alignment => ({
  pattern,
  cost: Number.POSITIVE_INFINITY,
  score: 0,
  slots: [],
});

/** An upper bound of the evidence the input may hold for the utterance: cheap to compute. */
function possibleEvidence(pattern: Pattern, input: TurnInput): number {
  let evidence = 0;
  for (const id of pattern.contentIds) if (input.matches(id)) evidence += 1;
  for (const r of pattern.resolvers) if (input.hasKnownSpan(r)) evidence += SLOT_EVIDENCE;
  return evidence;
}

/**
 * The best score the utterance could reach: its words that no input word matches must be paid
 * for whatever the alignment. Lets the recogniser skip utterances that cannot win.
 */
export function scoreBound(pattern: Pattern, input: TurnInput): number {
  let cost = 0;
  for (const e of pattern.elements) {
    if (e.kind === 'word' && !input.matches(e.vocabId)) cost += e.missingCost;
  }
  return possibleEvidence(pattern, input) === 0 ? 0 : scoreOf(pattern.weight, cost, 1);
}

/** The better of the in-order and any-order matches. */
export function align(pattern: Pattern, input: TurnInput): Alignment {
  const evidence = possibleEvidence(pattern, input);
  if (evidence === 0) return NO_MATCH(pattern);
  const inOrder = alignInOrder(pattern, input);
  // Order only matters with two things to put in order.
  if (inOrder.cost <= REORDER_COST || evidence < 2) return inOrder;
  const anyOrder = alignAnyOrder(pattern, input);
  return anyOrder.cost < inOrder.cost ? anyOrder : inOrder;
}
