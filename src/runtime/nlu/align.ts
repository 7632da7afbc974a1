import type { Pattern, PatternElement } from './pattern';
import type { SpanMatch } from './slot-types';
import type { SpanTable, TurnInput } from './turn-input';

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
 * Confidence from the cost of the match relative to the utterance's weight. Without evidence
 * there is no match at all: an input of fillers must not score on an utterance of slots.
 */
export function scoreOf(weight: number, cost: number, evidence: boolean): number {
  if (!evidence) return 0;
  const ratio = weight / (weight + cost);
  return ratio * ratio;
}

/** A value the slot type does not know, with no matched word next to it, is a guess. */
const UNANCHORED_VALUE_COST = 0.5;

/**
 * The evidence an utterance needs: one of its content words, or, for an utterance made only of
 * slots ("{Count} {Drink}", "{VmName} to {TargetHost}"), a known value in each of them. A bare
 * "vm-3" makes neither "relocate {VmName}" nor "{VmName} to {TargetHost}".
 */
function enough(pattern: Pattern, contentWords: number, knownSlots: number): boolean {
  if (pattern.contentIds.length > 0) return contentWords > 0;
  return knownSlots > 0 && knownSlots >= pattern.elements.filter((e) => e.kind === 'slot').length;
}

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
  const path: Step[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const at = i * width + j;
    const code = op[at] ?? 0;
    const k = code === OP_SLOT ? (len[at] ?? 1) : code === OP_DELETE ? 0 : 1;
    if (code === 0) break;
    path.push({ op: code, start: i - k, length: k, element: j - 1 });
    i -= k;
    if (code !== OP_INSERT) j -= 1;
  }
  path.reverse();
  return finish(pattern, input, D[n * width + m] ?? Number.POSITIVE_INFINITY, path);
}

interface Step {
  readonly op: number;
  /** First input word the step consumes (for a delete: where it happens). */
  readonly start: number;
  readonly length: number;
  readonly element: number;
}

function isMatch(step: Step | undefined, slots: ReadonlyMap<Step, SlotFill>): boolean {
  if (!step) return false;
  if (step.op === OP_WORD) return true;
  return step.op === OP_SLOT && slots.get(step)?.match.known === true;
}

/**
 * Evidence and slot values of an alignment path. A value the slot type does not know must be
 * anchored, next to a matched word or known value of the utterance: "what host runs {VmName}"
 * should not read "what's the weather" as a VM named "weather".
 */
function finish(pattern: Pattern, input: TurnInput, pathCost: number, path: Step[]): Alignment {
  const fills = new Map<Step, SlotFill>();
  let contentWords = 0;
  let knownSlots = 0;
  for (const step of path) {
    const e = pattern.elements[step.element];
    if (step.op === OP_WORD && e?.kind === 'word' && e.content) contentWords += 1;
    if (step.op === OP_SLOT && e?.kind === 'slot') {
      const match = input.span(e.resolver, step.start, step.length);
      if (!match || match.unresolved) continue;
      fills.set(step, { slot: e.slot, start: step.start, length: step.length, match });
      if (match.known) knownSlots += 1;
    }
  }
  let cost = pathCost;
  path.forEach((step, p) => {
    const fill = fills.get(step);
    if (fill && !fill.match.known && !isMatch(path[p - 1], fills) && !isMatch(path[p + 1], fills)) {
      cost += UNANCHORED_VALUE_COST;
    }
  });
  const slots = [...fills.values()];
  const evidence = enough(pattern, contentWords, knownSlots);
  return { pattern, cost, score: scoreOf(pattern.weight, cost, evidence), slots };
}

const NO_MATCH = (pattern: Pattern): Alignment => ({
  pattern,
  cost: Number.POSITIVE_INFINITY,
  score: 0,
  slots: [],
});

/** Whether the input may hold the evidence the utterance needs: cheap to compute. */
function possibleEvidence(pattern: Pattern, input: TurnInput): boolean {
  if (pattern.contentIds.length > 0) return pattern.contentIds.some((id) => input.matches(id));
  return pattern.resolvers.length > 0 && pattern.resolvers.every((r) => input.hasKnownSpan(r));
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
  return scoreOf(pattern.weight, cost, possibleEvidence(pattern, input));
}

/** Aligns the input with a sample utterance, skipping utterances with no evidence at all. */
export function align(pattern: Pattern, input: TurnInput): Alignment {
  if (!possibleEvidence(pattern, input)) return NO_MATCH(pattern);
  return alignInOrder(pattern, input);
}
