import type { Features } from './classifier';
import type { Pattern, Vocabulary } from './pattern';
import type { SlotResolver } from './slot-types';
import { FILLERS, STOPWORDS, stem } from './text';
import type { TurnInput } from './turn-input';

/**
 * What the classifier sees of an utterance or an input: the stems of its words, the slot types
 * it mentions and its word pairs. Articles, politeness and the pieces of contractions ("let's"
 * is "let" "s") say nothing about the request and are left out.
 */
const IGNORED: ReadonlySet<string> = new Set(
  'a an the please pls plz kindly um uh er erm oh ok okay so just s m d ll ve re t'.split(' '),
);

const wordFeature = (word: string) => `w:${stem(word)}`;
/** A pair weighs half a word: it refines what the words say rather than outvoting them. */
const PAIR_VALUE = 0.5;
/**
 * A slot type and a function word ("is", "on") weigh less than a word that names the request:
 * a value in the input says what the request is about, its verb what it asks ("restart the
 * postgres vm" is no creation), and "what is it" alone is no status question.
 */
const SLOT_VALUE = 0.3;
const STOPWORD_VALUE = 0.3;
const wordValue = (word: string) => (STOPWORDS.has(word) ? STOPWORD_VALUE : 1);
const slotFeature = (typeName: string) => `s:${typeName}`;

const isContent = (word: string) => !FILLERS.has(word) && !STOPWORDS.has(word);

/**
 * The content-word features of an utterance: what an input needs one of to be this request. An
 * utterance made only of small words ("thank you", "hi there") has those as its evidence.
 */
export function utteranceEvidence(pattern: Pattern): string[] {
  const words = pattern.elements.flatMap((e) => (e.kind === 'word' ? [e.word] : []));
  const content = words.filter(isContent);
  const evidence = content.length > 0 ? content : words.filter((w) => !STOPWORDS.has(w));
  return evidence.map(wordFeature);
}

/** Word pairs in order ("take out", "out of", "{Host} back"): what single words cannot say. */
function addPairs(features: Map<string, number>, sequence: readonly string[]): void {
  for (let i = 0; i + 1 < sequence.length; i += 1) {
    features.set(`b:${sequence[i]}_${sequence[i + 1]}`, PAIR_VALUE);
  }
}

export function utteranceFeatures(pattern: Pattern): Features {
  const features = new Map<string, number>();
  const sequence: string[] = [];
  for (const e of pattern.elements) {
    if (e.kind === 'slot') {
      features.set(slotFeature(e.resolver.typeName), SLOT_VALUE);
      sequence.push(`{${e.resolver.typeName}}`);
    } else if (!IGNORED.has(e.word)) {
      features.set(wordFeature(e.word), wordValue(e.word));
      sequence.push(stem(e.word));
    }
  }
  addPairs(features, sequence);
  return features;
}

export interface InputFeatures {
  readonly features: Features;
  /**
   * Words that carry meaning (not fillers or function words, not part of a value) and that the
   * bot knows nothing of: no utterance word, stem, typo or synonym.
   */
  readonly unknownWords: number;
  /** Features of the words that may be evidence of a request (not "to" or "is"). */
  readonly evidence: ReadonlySet<string>;
  /** Each content word the bot knows (outside values), as the word features it may stand for. */
  readonly knownWords: readonly (readonly string[])[];
  /** The slot type of each value in the input. */
  readonly values: readonly string[];
}

/**
 * Features of an input: each word as the vocabulary words it may stand for (weighted by how
 * sure the match is), and each slot type with a value in the input. Words inside a value the
 * type knows ("redis", "host b") count as the slot type, not as words.
 */
export function inputFeatures(
  input: TurnInput,
  vocabulary: Vocabulary,
  resolvers: Iterable<SlotResolver>,
): InputFeatures {
  const features = new Map<string, number>();
  // The slot type whose value each word is part of (known values first, then written names).
  const coveredBy: (string | undefined)[] = new Array(input.length).fill(undefined);
  for (const resolver of resolvers) {
    const table = input.spanTable(resolver);
    let best = 0;
    for (let start = 0; start < input.length; start += 1) {
      for (let k = 1; k <= table.width && start + k <= input.length; k += 1) {
        const m = table.matches[start * table.width + k - 1];
        if (!m || m.unresolved) continue;
        // A new value counts when it is a written name ("web-2"), not a guess at plain words.
        const named = input.inName(start);
        if (!m.known && !named) continue;
        best = Math.max(best, m.known ? 1 : 0.5);
        for (let t = start; t < start + k; t += 1) coveredBy[t] ??= resolver.typeName;
      }
    }
    if (best > 0) features.set(slotFeature(resolver.typeName), best * SLOT_VALUE);
  }
  let unknownWords = 0;
  const evidence = new Set<string>();
  const sequence: string[] = [];
  const knownWords: string[][] = [];
  const values: string[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const text = input.texts[i] ?? '';
    const type = coveredBy[i];
    if (type !== undefined) {
      if (coveredBy[i - 1] !== type) {
        sequence.push(`{${type}}`);
        values.push(type);
      }
      continue;
    }
    if (input.inName(i) || IGNORED.has(text) || /\d/.test(text)) continue;
    sequence.push(stem(text));
    const matches = input.matchesAt(i);
    if (matches.length === 0) {
      if (isContent(text)) unknownWords += 1;
      continue;
    }
    if (isContent(text)) {
      knownWords.push(matches.map(([id]) => wordFeature(vocabulary.words[id] ?? '')));
    }
    for (const [id, cost] of matches) {
      const word = vocabulary.words[id] ?? '';
      const f = wordFeature(word);
      const value = Math.max(0, 1 - cost) * wordValue(word);
      if (value > (features.get(f) ?? 0)) features.set(f, value);
      if (!STOPWORDS.has(text)) evidence.add(f);
    }
  }
  addPairs(features, sequence);
  return { features, unknownWords, evidence, knownWords, values };
}
