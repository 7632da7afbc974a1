import type { SlotResolver } from './slot-types';
import { STOPWORDS, words } from './text';

export interface WordElement {
  readonly kind: 'word';
  readonly word: string;
  readonly vocabId: number;
  /** What the word weighs in the utterance's score. */
  readonly weight: number;
  /** A content word (not a function word): evidence when matched. */
  readonly content: boolean;
  /** What an input without this word pays. */
  readonly missingCost: number;
}

export interface SlotElement {
  readonly kind: 'slot';
  readonly slot: string;
  readonly resolver: SlotResolver;
  readonly missingCost: number;
}

export type PatternElement = WordElement | SlotElement;

/** A sample utterance compiled for matching. */
export interface Pattern {
  readonly intent: string;
  readonly source: string;
  readonly elements: readonly PatternElement[];
  /** Sum of the element weights: the denominator of the confidence score. */
  readonly weight: number;
  /** Vocabulary ids of its content words and the resolvers of its slots: the evidence it needs. */
  readonly contentIds: readonly number[];
  readonly resolvers: readonly SlotResolver[];
}

export const STOPWORD_WEIGHT = 0.3;
export const CONTENT_WEIGHT = 1;
export const SLOT_WEIGHT = 1;
/** Missing a content word of the utterance costs less than adding an unknown word. */
const MISSING_CONTENT_COST = 0.7;
/** A missing slot costs less still: utterances often leave slots out. */
export const MISSING_SLOT_COST = 0.5;

/** Words of every utterance, numbered so that a turn can precompute word-to-word costs. */
export class Vocabulary {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  lookup(word: string): number | undefined {
    return this.ids.get(word);
  }

  get size(): number {
    return this.words.length;
  }
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Compiles "migrate {VmName} to {TargetHost}" into words and slot elements. */
export function compilePattern(
  intent: string,
  utterance: string,
  resolverOf: (slot: string) => SlotResolver | undefined,
  vocabulary: Vocabulary,
): Pattern {
  const elements: PatternElement[] = [];
  const addWords = (text: string) => {
    for (const word of words(text)) {
      const content = !STOPWORDS.has(word);
      elements.push({
        kind: 'word',
        word,
        vocabId: vocabulary.id(word),
        weight: content ? CONTENT_WEIGHT : STOPWORD_WEIGHT,
        content,
        missingCost: content ? MISSING_CONTENT_COST : STOPWORD_WEIGHT,
      });
    }
  };
  let last = 0;
  for (const match of utterance.matchAll(PLACEHOLDER)) {
    addWords(utterance.slice(last, match.index));
    const slot = match[1] ?? '';
    const resolver = resolverOf(slot);
    if (resolver && !resolver.wholeInputOnly) {
      elements.push({ kind: 'slot', slot, resolver, missingCost: MISSING_SLOT_COST });
    }
    last = match.index + match[0].length;
  }
  addWords(utterance.slice(last));
  const weight = elements.reduce((sum, e) => sum + (e.kind === 'word' ? e.weight : SLOT_WEIGHT), 0);
  const contentIds = elements.flatMap((e) => (e.kind === 'word' && e.content ? [e.vocabId] : []));
  const resolvers = [...new Set(elements.flatMap((e) => (e.kind === 'slot' ? [e.resolver] : [])))];
  return { intent, source: utterance, elements, weight, contentIds, resolvers };
}
