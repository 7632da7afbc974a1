import type { SlotState, SlotValue, Slots } from '../api/types';
import type { BotModel, IntentModel } from '../bot/model';
import { align, scoreBound } from './align';
import type { Alignment, SlotFill } from './align';
import { trainClassifier } from './classifier';
import { inputFeatures, utteranceEvidence, utteranceFeatures } from './features';
import { buildIntentBag, matchBag } from './intent-bag';
import type { BagMatch, IntentBag } from './intent-bag';
import { compilePattern, Vocabulary } from './pattern';
import type { Pattern } from './pattern';
import { createSlotResolver } from './slot-types';
import type { SlotResolver } from './slot-types';
import { words } from './text';
import { wordNet } from './thesaurus';
import type { Thesaurus } from './thesaurus';
import { TurnInput, WordMatcher } from './turn-input';

export interface NluInterpretation {
  readonly intent: string;
  /** Confidence in 0..1, two decimals; undefined for the FallbackIntent (Lex gives it none). */
  readonly score: number | undefined;
  /** Every slot of the intent: null when the input did not fill it. */
  readonly slots: Slots;
}

export interface SlotCapture {
  readonly value: SlotValue;
  /** A value the slot type knows (listed value, synonym, number, regex) rather than new text. */
  readonly known: boolean;
}

export interface RecognizeOptions {
  /** Names of the active contexts: intents with input contexts need all of theirs active. */
  readonly activeContexts?: Iterable<string>;
}

export interface NluOptions {
  /** English synonyms for words the bot does not know; default WordNet, `null` for none. */
  readonly thesaurus?: Thesaurus | null;
}

export interface Nlu {
  readonly model: BotModel;
  /** Up to five interpretations, best first, the FallbackIntent among them (Lex's order). */
  recognize(text: string, options?: RecognizeOptions): NluInterpretation[];
  /** Slot elicitation: the input read as a value of one slot, before any intent recognition. */
  captureSlot(intent: string, slot: string, text: string): SlotCapture | undefined;
}

const MAX_INTERPRETATIONS = 5;
/**
 * How much a word or value of the input counts as explained by an intent that does not use it
 * but another intent does (a word the bot knows nothing of counts 0, one of the intent's 1).
 */
const KNOWN_ELSEWHERE = 0.7;
/**
 * The classifier's best: a request in new words is recognised, but never as surely as one of
 * the sample utterances themselves (1 through the alignment).
 */
const CLASSIFIER_CEILING = 0.9;
/** Alternatives below this are noise, not interpretations. */
const MIN_ALTERNATIVE_SCORE = 0.05;
/** A slot value read from an elicitation phrase ("it's {Slot}") needs at least this score. */
const MIN_CAPTURE_SCORE = 0.5;
/** Phrasings around a slot value that any elicited slot accepts. */
const ELICITATION_FRAMES = [
  'a {S}',
  'an {S}',
  'the {S}',
  'it is {S}',
  'it s {S}',
  'its {S}',
  'use {S}',
  'make it {S}',
  'how about {S}',
  'go with {S}',
  'try {S}',
  'call it {S}',
  'named {S}',
  'with {S}',
  'on {S}',
  'to {S}',
  'i said {S}',
];

interface CompiledIntent {
  readonly model: IntentModel;
  readonly patterns: readonly Pattern[];
  readonly bag: IntentBag;
}

interface Best {
  readonly score: number;
  readonly slots: readonly SlotFill[];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function slotState(value: SlotValue): SlotState {
  return { shape: 'Scalar', value };
}

function overlaps(a: SlotFill, b: SlotFill): boolean {
  return a.start < b.start + b.length && b.start < a.start + a.length;
}

/**
 * The intent's best match: its best sample utterance, or the order-free bag match when that
 * scores higher. Slots the utterance left empty take what the bag found elsewhere in the input.
 */
function combine(aligned: Alignment | undefined, bag: BagMatch): Best {
  if (!aligned || bag.score > aligned.score) return bag;
  const filled = new Set(aligned.slots.map((f) => f.slot));
  const extra = bag.slots.filter(
    (f) => !filled.has(f.slot) && !aligned.slots.some((g) => overlaps(f, g)),
  );
  return { score: aligned.score, slots: [...aligned.slots, ...extra] };
}

function better(a: Alignment | undefined, b: Alignment): boolean {
  if (!a) return true;
  if (b.score !== a.score) return b.score > a.score;
  return b.slots.length > a.slots.length;
}

/** Compiles a bot's utterances once; recognition then costs well under a millisecond a turn. */
export function compileNlu(model: BotModel, options: NluOptions = {}): Nlu {
  const vocabulary = new Vocabulary();
  const utteranceWords = new Set<string>();
  const resolvers = new Map<string, SlotResolver>();

  // Words of all utterances: a novel slot value made of them is probably not a value.
  const allUtterances = model.intents.flatMap((intent) => [
    ...intent.utterances,
    ...intent.slots.flatMap((s) =>
      (s.def.valueElicitationSetting.sampleUtterances ?? []).map((u) => u.utterance),
    ),
  ]);
  for (const utterance of allUtterances) {
    for (const w of words(utterance.replace(/\{[^{}]*\}/g, ' '))) utteranceWords.add(w);
  }

  const resolverFor = (typeName: string): SlotResolver => {
    let resolver = resolvers.get(typeName);
    if (!resolver) {
      resolver = createSlotResolver(typeName, model.slotTypes, utteranceWords);
      resolvers.set(typeName, resolver);
    }
    return resolver;
  };
  const slotResolver = (intent: IntentModel) => (slot: string) => {
    const s = intent.slotByName.get(slot);
    return s ? resolverFor(s.slotTypeName) : undefined;
  };

  const recognisable = model.intents.filter((intent) => intent.recognisable);
  const patternsOf = recognisable.map((intent) =>
    intent.utterances.map((u) => compilePattern(intent.name, u, slotResolver(intent), vocabulary)),
  );
  // A word most intents use says little about which one the user means.
  const intentsUsing = new Map<number, number>();
  for (const patterns of patternsOf) {
    for (const id of new Set(patterns.flatMap((p) => p.contentIds))) {
      intentsUsing.set(id, (intentsUsing.get(id) ?? 0) + 1);
    }
  }
  const weightOf = (id: number) => {
    const df = intentsUsing.get(id) ?? 1;
    const specificity = recognisable.length <= 1 ? 1 : 1 - (df - 1) / (recognisable.length - 1);
    return 0.35 + 0.65 * specificity;
  };
  const compiled: CompiledIntent[] = recognisable.map((intent, i) => {
    const patterns = patternsOf[i] ?? [];
    const slots = intent.slots.map((s) => ({
      name: s.name,
      resolver: resolverFor(s.slotTypeName),
    }));
    return { model: intent, patterns, bag: buildIntentBag(intent.name, patterns, slots, weightOf) };
  });

  const classifier = trainClassifier(
    compiled.flatMap((c) =>
      c.patterns.map((p) => ({ label: c.model.name, features: utteranceFeatures(p) })),
    ),
  );
  const slotTypesOf = new Map(
    compiled.map((c) => [c.model.name, new Set(c.bag.slots.map((s) => s.resolver.typeName))]),
  );
  const evidenceOf = new Map(
    compiled.map((c) => [c.model.name, new Set(c.patterns.flatMap(utteranceEvidence))]),
  );
  const featureResolvers = [
    ...new Set(compiled.flatMap((c) => c.bag.slots.map((s) => s.resolver))),
  ];
  /**
   * The classifier's confidence per intent, times the share of the input the intent explains,
   * squared (as the matchers' scores are): its own words and values of its slot types count
   * whole, words and values of other intents in part, words the bot knows nothing of not at all.
   * "list all users" is not a list of hosts, nor "what time is it" a status question, however
   * surely the words known point to one intent.
   */
  const classify = (turn: TurnInput): Map<string, number> => {
    const { features, unknownWords, evidence, knownWords, values } = inputFeatures(
      turn,
      vocabulary,
      featureResolvers,
    );
    const units = knownWords.length + values.length + unknownWords;
    const result = new Map<string, number>();
    const p = classifier.probabilities(features);
    classifier.labels.forEach((label, i) => {
      // As for an utterance: an intent needs one of its content words, not only a value.
      const own = evidenceOf.get(label);
      if (!own || ![...evidence].some((f) => own.has(f))) return;
      const types = slotTypesOf.get(label);
      let explained = 0;
      for (const word of knownWords)
        explained += word.some((f) => own.has(f)) ? 1 : KNOWN_ELSEWHERE;
      for (const type of values) explained += types?.has(type) ? 1 : KNOWN_ELSEWHERE;
      const coverage = units === 0 ? 1 : explained / units;
      result.set(label, CLASSIFIER_CEILING * (p[i] ?? 0) * coverage * coverage);
    });
    return result;
  };

  const elicitationPatterns = new Map<string, Pattern[]>();
  const patternsForSlot = (intent: IntentModel, slot: string): Pattern[] => {
    const key = `${intent.name}\u0000${slot}`;
    let patterns = elicitationPatterns.get(key);
    if (!patterns) {
      const own = (intent.slotByName.get(slot)?.def.valueElicitationSetting.sampleUtterances ?? [])
        .map((u) => u.utterance)
        .filter((u) => u.includes(`{${slot}}`));
      const frames = ['{S}', ...ELICITATION_FRAMES].map((f) => f.replace('{S}', `{${slot}}`));
      patterns = [...own, ...frames].map((u) =>
        compilePattern(
          intent.name,
          u,
          (s) => (s === slot ? slotResolver(intent)(s) : undefined),
          vocabulary,
        ),
      );
      elicitationPatterns.set(key, patterns);
    }
    return patterns;
  };

  // Elicitation phrases add words to the vocabulary: compile them all before the matcher.
  for (const intent of model.intents) for (const s of intent.slots) patternsForSlot(intent, s.name);
  const thesaurus = options.thesaurus === undefined ? wordNet() : options.thesaurus;
  const matcher = new WordMatcher(vocabulary, thesaurus ?? undefined);
  const input = (text: string): TurnInput => new TurnInput(text, vocabulary, matcher);

  function interpretation(intent: IntentModel, best: Best): NluInterpretation {
    const slots: Slots = {};
    for (const s of intent.slots) slots[s.name] = null;
    for (const fill of best.slots) slots[fill.slot] = slotState(fill.match.value);
    return { intent: intent.name, score: round2(best.score), slots };
  }

  return {
    model,
    recognize(text, options = {}) {
      const turn = input(text);
      const active = new Set(options.activeContexts ?? []);
      const scored: NluInterpretation[] = [];
      if (turn.length > 0) {
        const classes = classify(turn);
        for (const intent of compiled) {
          if (!intent.model.inputContexts.every((c) => active.has(c))) continue;
          let best: Alignment | undefined;
          for (const pattern of intent.patterns) {
            const bound = scoreBound(pattern, turn);
            if (bound < MIN_ALTERNATIVE_SCORE || (best && bound < best.score)) continue;
            const a = align(pattern, turn);
            if (better(best, a)) best = a;
          }
          const matched = combine(best, matchBag(intent.bag, turn));
          const classified = classes.get(intent.model.name) ?? 0;
          const result = interpretation(
            intent.model,
            classified > matched.score ? { ...matched, score: classified } : matched,
          );
          if ((result.score ?? 0) >= MIN_ALTERNATIVE_SCORE) scored.push(result);
        }
      }
      scored.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
      const fallback: NluInterpretation = {
        intent: model.fallback.name,
        score: undefined,
        slots: {},
      };
      // The fallback sits where the confidence threshold cuts the list.
      const cut = scored.findIndex((x) => (x.score ?? 0) < model.nluConfidenceThreshold);
      const at = cut === -1 ? scored.length : cut;
      return [...scored.slice(0, at), fallback, ...scored.slice(at)].slice(0, MAX_INTERPRETATIONS);
    },

    captureSlot(intentName, slot, text) {
      const intent = model.intent(intentName);
      const slotModel = intent?.slotByName.get(slot);
      if (!intent || !slotModel) return undefined;
      const resolver = resolverFor(slotModel.slotTypeName);
      const trimmed = text.trim();
      if (resolver.wholeInputOnly) {
        if (trimmed.length === 0) return undefined;
        const m = resolver.match([trimmed], trimmed);
        return m ? { value: m.value, known: true } : undefined;
      }
      const turn = input(text);
      if (turn.length === 0) return undefined;
      const span =
        turn.length <= resolver.maxTokens ? turn.span(resolver, 0, turn.length) : undefined;
      const whole = span?.unresolved ? undefined : span;
      // An exact listed value or synonym wins at once. A typo-level match of the whole input
      // competes with the phrasings below: "a cache" is the value "cache" after an article,
      // not a typo of the synonym "apache".
      if (whole?.known && whole.cost === 0) return { value: whole.value, known: true };
      let best: { cost: number; known: boolean; value: SlotValue } | undefined = whole?.known
        ? { cost: whole.cost, known: true, value: whole.value }
        : undefined;
      for (const pattern of patternsForSlot(intent, slot)) {
        const a = align(pattern, turn);
        const fill = a.slots.find((f) => f.slot === slot);
        if (!fill || a.score < MIN_CAPTURE_SCORE) continue;
        const candidate = { cost: a.cost, known: fill.match.known, value: fill.match.value };
        if (
          !best ||
          (candidate.known && !best.known) ||
          (candidate.known === best.known && candidate.cost < best.cost)
        ) {
          best = candidate;
        }
      }
      if (best?.known) return { value: best.value, known: true };
      if (whole) return { value: whole.value, known: false };
      return best ? { value: best.value, known: false } : undefined;
    },
  };
}
