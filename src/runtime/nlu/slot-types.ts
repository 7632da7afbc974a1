import type { SlotValue } from '../api/types';
import type { SlotTypeDefinition } from '../bot/definition';
import { classifyConfirmation } from './confirmation';
import { typoDistance } from './edit-distance';
import { parseNumber } from './numbers';
import { valueSimilarity } from './similarity';
import type { ListedForm } from './similarity';
import { FILLERS, STOPWORDS, stem, words } from './text';

/** How well a span of the input fits a slot type, and the value Lex would report for it. */
export interface SpanMatch {
  /** 0 for an exact value; grows with typos and with values the type does not list. */
  readonly cost: number;
  readonly value: SlotValue;
  /** True when the span is a value the type knows (listed value, synonym, number, regex match). */
  readonly known: boolean;
  /**
   * The span stands where a value of a restricted type goes but is none of its values ("create
   * a mainframe"): the request is recognised and the slot stays empty, to be asked for.
   */
  readonly unresolved?: boolean;
}

export interface SlotResolver {
  readonly typeName: string;
  /** Longest span (in words) worth trying. */
  readonly maxTokens: number;
  /** AMAZON.FreeFormInput is only ever the whole input, while elicited. */
  readonly wholeInputOnly: boolean;
  /**
   * Values of this type are everywhere (any number, any code): spotted outside an utterance's
   * slot position, they count only next to a word that introduces the slot ("with 4 GiB").
   */
  readonly needsAnchor: boolean;
  match(tokens: readonly string[], original: string): SpanMatch | undefined;
}

/** Values a type does not list are accepted (expand / OriginalValue) up to this many words. */
const NOVEL_MAX_WORDS = 4;
const NOVEL_BASE_COST = 0.45;
const NOVEL_WORD_COST = 0.2;
/** A novel value made of words the bot's utterances use is probably not a value. */
const NOVEL_VOCABULARY_COST = 0.15;
const TYPO_COST = 0.3;
/** A new value that does not look like the listed ones. */
const UNLIKE_COST = 0.4;
/** A word of a restricted type's slot that is not one of its values: cheaper than a stray word. */
const UNRESOLVED_COST = 0.6;

function isNoise(token: string): boolean {
  return FILLERS.has(token) || STOPWORDS.has(token);
}

function novelCost(
  tokens: readonly string[],
  vocabulary: ReadonlySet<string>,
  sentenceWords: ReadonlySet<string>,
): number | undefined {
  if (tokens.length > NOVEL_MAX_WORDS || tokens.every(isNoise)) return undefined;
  // "the vm-9", "web-1 on": the function words belong to the sentence, not to the value.
  if (isNoise(tokens[0] ?? '') || isNoise(tokens[tokens.length - 1] ?? '')) return undefined;
  // "yes", "no thanks": an answer, not a name.
  if (classifyConfirmation(tokens.join(' ')) !== undefined) return undefined;
  // Made only of words the bot's utterances use ("server", "the host"): part of a sentence.
  if (tokens.every((t) => sentenceWords.has(t) || sentenceWords.has(stem(t)) || isNoise(t))) {
    return undefined;
  }
  const inVocabulary = tokens.filter((t) => vocabulary.has(t)).length;
  return (
    NOVEL_BASE_COST + NOVEL_WORD_COST * (tokens.length - 1) + NOVEL_VOCABULARY_COST * inVocabulary
  );
}

interface Entry {
  readonly canonical: string;
  readonly words: readonly string[];
  readonly compact: string;
  readonly digits: string;
}

/**
 * Typos of a listed form: a single word against the form written as one word ("webserver");
 * several words word for word, each within its own allowance ("web sever", not "new server").
 */
function typoOf(tokens: readonly string[], compact: string, entry: Entry): number | undefined {
  if (tokens.length === 1) return typoDistance(compact, entry.compact);
  if (tokens.length !== entry.words.length) return undefined;
  let total = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const a = tokens[i] ?? '';
    const b = entry.words[i] ?? '';
    const d = a === b ? 0 : typoDistance(a, b);
    if (d === undefined) return undefined;
    total += d;
  }
  return total;
}

/** TOP_RESOLUTION (CloudFormation's spelling; the models API says TopResolution). */
function restricts(type: SlotTypeDefinition): boolean {
  const strategy = (type.valueSelectionSetting?.resolutionStrategy ?? 'ORIGINAL_VALUE')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
  return strategy === 'TOP_RESOLUTION';
}

/** The words of every value and synonym of the bot's restricted (catalogue) slot types. */
function catalogueOf(
  slotTypes: ReadonlyMap<string, SlotTypeDefinition>,
): (words: readonly string[]) => boolean {
  const phrases = new Set<string>();
  for (const type of slotTypes.values()) {
    if (!restricts(type)) continue;
    for (const item of type.slotTypeValues ?? []) {
      for (const form of [item.sampleValue.value, ...(item.synonyms ?? []).map((v) => v.value)]) {
        phrases.add(words(form).join(' '));
      }
    }
  }
  return (w) => phrases.has(w.join(' '));
}

/** Resolution as Lex does for custom types: exact value or synonym, then typos by edit distance. */
function customResolver(
  type: SlotTypeDefinition,
  vocabulary: ReadonlySet<string>,
  fallback: SlotResolver | undefined,
  catalogue: (words: readonly string[]) => boolean = () => false,
): SlotResolver {
  const restrict = restricts(type);
  const exact = new Map<string, string[]>();
  const entries: Entry[] = [];
  const forms: ListedForm[] = [];
  const ownWords = new Set<string>();
  let maxTokens = 1;
  for (const item of type.slotTypeValues ?? []) {
    const canonical = item.sampleValue.value;
    for (const form of [canonical, ...(item.synonyms ?? []).map((s) => s.value)]) {
      const formWords = words(form);
      if (formWords.length === 0) continue;
      forms.push({ canonical, words: formWords });
      formWords.forEach((w) => ownWords.add(w));
      maxTokens = Math.max(maxTokens, formWords.length);
      for (const key of [formWords.join(' '), formWords.join('')]) {
        const list = exact.get(key) ?? [];
        if (!list.includes(canonical)) list.push(canonical);
        exact.set(key, list);
      }
      const compact = formWords.join('');
      entries.push({ canonical, words: formWords, compact, digits: compact.replace(/\D/g, '') });
    }
  }
  const foreignVocabulary = new Set([...vocabulary].filter((w) => !ownWords.has(w)));
  // When every listed value has a digit (vm-1 .. vm-8), a new value without one is unlikely.
  const canonicals = (type.slotTypeValues ?? []).map((v) => v.sampleValue.value);
  const valuesHaveDigits = canonicals.length > 0 && canonicals.every((v) => /\d/.test(v));
  const similar = valueSimilarity(forms, catalogue);

  const cache = new Map<string, { cost: number; canonicals: string[] } | null>();
  function resolve(tokens: readonly string[]): { cost: number; canonicals: string[] } | undefined {
    const key = tokens.join(' ');
    const cached = cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = lookup(tokens);
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, result ?? null);
    return result;
  }

  function lookup(tokens: readonly string[]): { cost: number; canonicals: string[] } | undefined {
    const found = exact.get(tokens.join(' ')) ?? exact.get(tokens.join(''));
    if (found) return { cost: 0, canonicals: found.slice(0, 5) };
    const compact = tokens.join('');
    if (compact.length < 3) return undefined;
    // A typo lives inside a value, not in the words around it: "a cache" is the article and the
    // value "cache", never a misspelt "apache".
    if (tokens.length > 1 && (isNoise(tokens[0] ?? '') || isNoise(tokens.at(-1) ?? ''))) {
      return undefined;
    }
    const byDistance: { d: number; canonical: string }[] = [];
    const digits = compact.replace(/\D/g, '');
    for (const entry of entries) {
      // Digits tell values apart ("server" is not a typo of "server1").
      if (entry.digits !== digits) continue;
      const d = typoOf(tokens, compact, entry);
      if (d !== undefined) byDistance.push({ d, canonical: entry.canonical });
    }
    if (byDistance.length === 0) return undefined;
    byDistance.sort((a, b) => a.d - b.d);
    const bestDistance = byDistance[0]?.d ?? 1;
    const nearest = new Set(byDistance.filter((x) => x.d === bestDistance).map((x) => x.canonical));
    // "rack-z" is as near to "rack-a" as to "rack-b": a guess, not a typo.
    if (nearest.size > 1) return undefined;
    const canonicals = [...new Set(byDistance.map((x) => x.canonical))].slice(0, 5);
    return { cost: TYPO_COST * bestDistance, canonicals };
  }

  return {
    typeName: type.name,
    maxTokens: restrict ? maxTokens + 1 : Math.max(maxTokens + 1, NOVEL_MAX_WORDS),
    wholeInputOnly: false,
    needsAnchor: false,
    match(tokens, original) {
      const resolved = resolve(tokens);
      if (resolved) {
        const interpretedValue = restrict ? (resolved.canonicals[0] ?? original) : original;
        return {
          cost: resolved.cost,
          known: true,
          value: { originalValue: original, interpretedValue, resolvedValues: resolved.canonicals },
        };
      }
      if (fallback) return fallback.match(tokens, original);
      if (restrict) {
        // One or two words the bot knows nothing of, standing for something outside the list.
        const foreign =
          tokens.length <= 2 &&
          tokens.every((t) => /^\p{L}+$/u.test(t) && !isNoise(t) && !vocabulary.has(t));
        if (!foreign) return undefined;
        const value = { originalValue: original, interpretedValue: original, resolvedValues: [] };
        return { cost: UNRESOLVED_COST * tokens.length, known: false, unresolved: true, value };
      }
      const novel = novelCost(tokens, foreignVocabulary, vocabulary);
      // ORIGINAL_VALUE passes on a new value only when it is like the listed ones.
      if (novel === undefined || !similar(tokens, original)) return undefined;
      const cost =
        novel + (valuesHaveDigits && !tokens.some((t) => /\d/.test(t)) ? UNLIKE_COST : 0);
      return {
        cost,
        known: false,
        value: { originalValue: original, interpretedValue: original, resolvedValues: [] },
      };
    },
  };
}

const numberResolver: SlotResolver = {
  typeName: 'AMAZON.Number',
  maxTokens: 8,
  wholeInputOnly: false,
  needsAnchor: true,
  match(tokens, original) {
    const n = parseNumber(tokens);
    if (n === undefined) return undefined;
    return {
      cost: 0,
      known: true,
      value: { originalValue: original, interpretedValue: n, resolvedValues: [n] },
    };
  },
};

/** Lex's regexFilter syntax is a subset of JavaScript's; the whole value must match. */
function alphaNumericResolver(
  typeName: string,
  pattern: string | undefined,
  vocabulary: ReadonlySet<string>,
): SlotResolver {
  const regex = pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`);
  return {
    typeName,
    maxTokens: regex ? 6 : NOVEL_MAX_WORDS,
    wholeInputOnly: false,
    needsAnchor: regex === undefined,
    match(tokens, original) {
      const value = { originalValue: original, interpretedValue: original, resolvedValues: [] };
      if (regex) {
        const squeezed = original.replace(/\s+/g, '');
        if (regex.test(original)) return { cost: 0, known: true, value };
        if (regex.test(squeezed)) {
          return { cost: 0, known: true, value: { ...value, interpretedValue: squeezed } };
        }
        return undefined;
      }
      if (tokens.length === 1) {
        const token = tokens[0] ?? '';
        const hasDigit = /\d/.test(token);
        const hasLetter = /\p{L}/u.test(token);
        if (hasDigit && hasLetter) return { cost: 0.15, known: true, value };
        if (hasDigit) return { cost: 0.3, known: false, value };
      }
      const cost = novelCost(tokens, vocabulary, vocabulary);
      return cost === undefined ? undefined : { cost: cost + 0.1, known: false, value };
    },
  };
}

const freeFormResolver: SlotResolver = {
  typeName: 'AMAZON.FreeFormInput',
  maxTokens: Number.MAX_SAFE_INTEGER,
  wholeInputOnly: true,
  needsAnchor: true,
  match(_tokens, original) {
    const value = { originalValue: original, interpretedValue: original, resolvedValues: [] };
    return { cost: 0, known: true, value };
  },
};

const CONFIRMATION_EXTRA: Readonly<Record<string, string>> = {
  maybe: 'Maybe',
  perhaps: 'Maybe',
  'not sure': 'Maybe',
  'don t know': "Don't know",
  'dont know': "Don't know",
  'no idea': "Don't know",
};

const confirmationResolver: SlotResolver = {
  typeName: 'AMAZON.Confirmation',
  maxTokens: 4,
  wholeInputOnly: false,
  needsAnchor: true,
  match(tokens, original) {
    const extra = CONFIRMATION_EXTRA[tokens.join(' ')];
    const answer = classifyConfirmation(tokens.join(' '));
    const interpreted = extra ?? (answer === 'yes' ? 'Yes' : answer === 'no' ? 'No' : undefined);
    if (interpreted === undefined) return undefined;
    return {
      cost: 0,
      known: true,
      value: {
        originalValue: original,
        interpretedValue: interpreted,
        resolvedValues: [interpreted],
      },
    };
  },
};

/** Other AMAZON.* types (dates, cities, ...) are taken as free text: documented limitation. */
function genericResolver(typeName: string, vocabulary: ReadonlySet<string>): SlotResolver {
  return {
    typeName,
    maxTokens: NOVEL_MAX_WORDS,
    wholeInputOnly: false,
    needsAnchor: true,
    match(tokens, original) {
      const cost = novelCost(tokens, vocabulary, vocabulary);
      if (cost === undefined) return undefined;
      const value = { originalValue: original, interpretedValue: original, resolvedValues: [] };
      return { cost, known: false, value };
    },
  };
}

/**
 * The resolver for a slot type name. `vocabulary` holds the words of the bot's sample utterances
 * (a value made of them is suspicious).
 */
export function createSlotResolver(
  typeName: string,
  slotTypes: ReadonlyMap<string, SlotTypeDefinition>,
  vocabulary: ReadonlySet<string>,
): SlotResolver {
  switch (typeName) {
    case 'AMAZON.Number':
      return numberResolver;
    case 'AMAZON.AlphaNumeric':
      return alphaNumericResolver(typeName, undefined, vocabulary);
    case 'AMAZON.FreeFormInput':
      return freeFormResolver;
    case 'AMAZON.Confirmation':
      return confirmationResolver;
  }
  const type = slotTypes.get(typeName);
  if (!type) return genericResolver(typeName, vocabulary);
  if (type.parentSlotTypeSignature === 'AMAZON.AlphaNumeric') {
    const pattern = type.valueSelectionSetting?.regexFilter?.pattern;
    const alnum = alphaNumericResolver(typeName, pattern, vocabulary);
    return (type.slotTypeValues ?? []).length > 0 ? customResolver(type, vocabulary, alnum) : alnum;
  }
  return customResolver(type, vocabulary, undefined, catalogueOf(slotTypes));
}
