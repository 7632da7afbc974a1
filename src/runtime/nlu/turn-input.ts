import { typoDistance } from './edit-distance';
import type { Thesaurus } from './thesaurus';
import type { Vocabulary } from './pattern';
import type { SlotResolver, SpanMatch } from './slot-types';
import { FILLERS, STOPWORDS, stem, tokenize } from './text';
import type { Token } from './text';

export const FILLER_INSERT_COST = 0.1;
export const STOPWORD_INSERT_COST = 0.4;
export const CONTENT_INSERT_COST = 1;
const STEM_COST = 0.2;
const TYPO_COST = 0.35;
const ABBREVIATION_COST = 0.35;
/** A WordNet synonym of a word the bot knows: evidence, but weaker than the word itself. */
const SYNONYM_COST = 0.45;
const CACHE_LIMIT = 10_000;
/** No slot value is longer than this many words (FreeFormInput aside, which is never a span). */
const MAX_SPAN = 16;

export interface SpanTable {
  readonly width: number;
  readonly matches: readonly (SpanMatch | null)[];
}

/**
 * Finds, for a word of the input, the vocabulary words it may stand for (same word, same stem,
 * or a typo away) and at what cost. Results are cached: users repeat themselves.
 */
export class WordMatcher {
  private readonly stems = new Map<string, number[]>();
  private readonly cache = new Map<string, readonly (readonly [number, number])[]>();

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly thesaurus?: Thesaurus,
  ) {
    vocabulary.words.forEach((word, id) => {
      const s = stem(word);
      const list = this.stems.get(s) ?? [];
      list.push(id);
      this.stems.set(s, list);
    });
  }

  matches(token: string): readonly (readonly [number, number])[] {
    const cached = this.cache.get(token);
    if (cached) return cached;
    const costs = new Map<number, number>();
    const exact = this.vocabulary.lookup(token);
    if (exact !== undefined) costs.set(exact, 0);
    for (const id of this.stems.get(stem(token)) ?? []) {
      if (!costs.has(id)) costs.set(id, STEM_COST);
    }
    if (token.length >= 4 && !/\d/.test(token)) {
      this.vocabulary.words.forEach((word, id) => {
        if (costs.has(id)) return;
        const d = typoDistance(token, word);
        if (d !== undefined) costs.set(id, TYPO_COST * d);
        // An abbreviation: "evac", "maint", "config" for the whole word.
        else if (word.length >= token.length + 2 && word.startsWith(token)) {
          costs.set(id, ABBREVIATION_COST);
        }
      });
    }
    // A word the bot does not know at all: maybe a synonym of one it does.
    if (costs.size === 0 && this.thesaurus) {
      for (const synonym of this.thesaurus.synonyms(token)) {
        const ids = [this.vocabulary.lookup(synonym), ...(this.stems.get(stem(synonym)) ?? [])];
        for (const id of ids) if (id !== undefined && !costs.has(id)) costs.set(id, SYNONYM_COST);
      }
    }
    const result = [...costs.entries()];
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, result);
    return result;
  }
}

/**
 * Which words belong to a name: words joined by dashes of which one has a digit or is a single
 * letter ("vm-2", "host-b", "db-eu-1"), unlike words joined by a dash ("live-migrate").
 */
function names(texts: readonly string[], joined: readonly boolean[]): boolean[] {
  const result = texts.map(() => false);
  let start = 0;
  for (let i = 0; i < texts.length; i += 1) {
    if (joined[i]) continue;
    const group = texts.slice(start, i + 1);
    if (group.length > 1 && group.some((t) => /\d/.test(t) || t.length === 1)) {
      for (let j = start; j <= i; j += 1) result[j] = true;
    }
    start = i + 1;
  }
  return result;
}

/** One user input, tokenised, with the per-turn caches the matcher fills. */
export class TurnInput {
  readonly tokens: readonly Token[];
  readonly texts: readonly string[];
  readonly insertCost: Float64Array;
  /** Entry `i * vocabularySize + id`: cost of reading input word i as vocabulary word id. */
  readonly wordCosts: Float32Array;
  readonly vocabularySize: number;
  private readonly spans = new Map<SlotResolver, SpanTable>();
  private readonly knownSpans = new Map<SlotResolver, boolean>();
  private readonly matchedIds: Uint8Array;
  /** Entry i: words i and i+1 are written as one, joined by a dash ("vm-2", "live-migrate"). */
  private readonly joined: readonly boolean[];
  private readonly matchList: (readonly (readonly [number, number])[])[] = [];
  private readonly nameParts: boolean[] = [];

  constructor(
    readonly original: string,
    vocabulary: Vocabulary,
    matcher: WordMatcher,
  ) {
    this.tokens = tokenize(original.replace(/[’‘]/g, "'"));
    this.texts = this.tokens.map((t) => t.text);
    const n = this.tokens.length;
    this.vocabularySize = vocabulary.size;
    this.insertCost = new Float64Array(n);
    this.wordCosts = new Float32Array(n * this.vocabularySize).fill(Number.POSITIVE_INFINITY);
    this.matchedIds = new Uint8Array(this.vocabularySize);
    this.joined = this.tokens.map((t, i) => {
      const next = this.tokens[i + 1];
      return next !== undefined && next.start === t.end + 1 && /[-_]/.test(original[t.end] ?? '');
    });
    const inName = names(this.texts, this.joined);
    this.texts.forEach((text, i) => {
      // "vm" in "vm-2" is part of a name, not the word of an utterance.
      const matches = inName[i] ? [] : matcher.matches(text);
      this.insertCost[i] = FILLERS.has(text)
        ? FILLER_INSERT_COST
        : STOPWORDS.has(text)
          ? STOPWORD_INSERT_COST
          : CONTENT_INSERT_COST;
      this.matchList.push(matches);
      this.nameParts.push(inName[i] === true);
      for (const [id, cost] of matches) {
        this.wordCosts[i * this.vocabularySize + id] = cost;
        this.matchedIds[id] = 1;
      }
    });
  }

  get length(): number {
    return this.tokens.length;
  }

  /** Cost of reading input word `i` as vocabulary word `vocabId` (Infinity: it is not). */
  wordCost(i: number, vocabId: number): number {
    return this.wordCosts[i * this.vocabularySize + vocabId] ?? Number.POSITIVE_INFINITY;
  }

  /** The vocabulary words input word `i` may stand for, with their costs. */
  matchesAt(i: number): readonly (readonly [number, number])[] {
    return this.matchList[i] ?? [];
  }

  /** Whether input word `i` is part of a name written with dashes ("vm" in "vm-2"). */
  inName(i: number): boolean {
    return this.nameParts[i] === true;
  }

  /** Whether words start..start+k-1 are one whole name written with dashes ("vm-21"). */
  isName(start: number, k: number): boolean {
    if (!this.inName(start) || this.joined[start - 1] || this.joined[start + k - 1]) return false;
    for (let t = start; t < start + k - 1; t += 1) if (!this.joined[t]) return false;
    return true;
  }

  /** Whether some input word may stand for vocabulary word `vocabId`. */
  matches(vocabId: number): boolean {
    return this.matchedIds[vocabId] === 1;
  }

  /** Whether some span of the input is a value the slot type knows. */
  hasKnownSpan(resolver: SlotResolver): boolean {
    let known = this.knownSpans.get(resolver);
    if (known === undefined) {
      known = this.spanTable(resolver).matches.some((m) => m?.known === true);
      this.knownSpans.set(resolver, known);
    }
    return known;
  }

  /** The original text of words start..start+k-1, as the user typed it. */
  text(start: number, k: number): string {
    const first = this.tokens[start];
    const last = this.tokens[start + k - 1];
    return first && last ? this.original.slice(first.start, last.end) : '';
  }

  /**
   * Every span of the input read as the slot type: entry `start * width + (k - 1)` is words
   * start..start+k-1 (null: not a value). Computed once per turn and type.
   */
  spanTable(resolver: SlotResolver): SpanTable {
    let table = this.spans.get(resolver);
    if (!table) {
      const width = Math.min(resolver.maxTokens, MAX_SPAN);
      const matches = new Array<SpanMatch | null>(this.tokens.length * width).fill(null);
      for (let start = 0; start < this.tokens.length; start += 1) {
        for (let k = 1; k <= width && start + k <= this.tokens.length; k += 1) {
          // A value starts and ends where a written word does: never "2" out of "vm-2".
          if (this.joined[start - 1] || this.joined[start + k - 1]) continue;
          const m = resolver.match(this.texts.slice(start, start + k), this.text(start, k));
          matches[start * width + k - 1] = m ?? null;
        }
      }
      table = { width, matches };
      this.spans.set(resolver, table);
    }
    return table;
  }

  /** How words start..start+k-1 fit a slot type. */
  span(resolver: SlotResolver, start: number, k: number): SpanMatch | undefined {
    const table = this.spanTable(resolver);
    if (k > table.width || start + k > this.tokens.length) return undefined;
    return table.matches[start * table.width + k - 1] ?? undefined;
  }
}
