import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import {
  BUILT_IN_INTENT_UTTERANCES,
  BUILT_IN_SLOT_TYPE_PREFIX,
  FALLBACK_SIGNATURE,
  UNSUPPORTED_INTENT_SIGNATURES,
} from './builtins';
import { resolveLocale } from './definition';
import type {
  BotDefinition,
  IntentDefinition,
  LocaleDefinition,
  SlotDefinition,
  SlotTypeDefinition,
} from './definition';

/** Raised where the Lex build (BuildBotLocale) would fail. */
export class BotDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BotDefinitionError';
  }
}

export interface SlotModel {
  readonly name: string;
  readonly slotTypeName: string;
  readonly required: boolean;
  readonly priority: number;
  readonly def: SlotDefinition;
}

export interface OutputContextModel {
  readonly name: string;
  readonly timeToLiveInSeconds: number;
  readonly turnsToLive: number;
}

export interface IntentModel {
  readonly name: string;
  readonly def: IntentDefinition;
  readonly signature: string | undefined;
  readonly isFallback: boolean;
  /** Candidates for recognition: custom intents and the supported built-ins (not the fallback). */
  readonly recognisable: boolean;
  readonly utterances: readonly string[];
  /** In slot priority order. */
  readonly slots: readonly SlotModel[];
  readonly slotByName: ReadonlyMap<string, SlotModel>;
  readonly dialogCodeHook: boolean;
  readonly inputContexts: readonly string[];
  readonly outputContexts: readonly OutputContextModel[];
}

export interface BotModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly idleSessionTtlInSeconds: number;
  readonly localeId: string;
  readonly nluConfidenceThreshold: number;
  readonly locale: LocaleDefinition;
  readonly intents: readonly IntentModel[];
  readonly fallback: IntentModel;
  readonly slotTypes: ReadonlyMap<string, SlotTypeDefinition>;
  intent(name: string): IntentModel | undefined;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

function compileSlots(
  intent: IntentDefinition,
  slotTypes: ReadonlyMap<string, SlotTypeDefinition>,
): SlotModel[] {
  const priorities = new Map((intent.slotPriorities ?? []).map((p) => [p.slotName, p.priority]));
  const missing = (intent.slots ?? []).filter((s) => !priorities.has(s.name)).map((s) => s.name);
  if (missing.length > 0) {
    throw new BotDefinitionError(
      `Slot ids [${missing.join(', ')}] in intent ${intent.name} don't define a slot priority`,
    );
  }
  const slots = (intent.slots ?? []).map((def): SlotModel => {
    const typeName = def.slotTypeName;
    if (!typeName.startsWith(BUILT_IN_SLOT_TYPE_PREFIX) && !slotTypes.has(typeName)) {
      throw new BotDefinitionError(
        `Slot ${def.name} in intent ${intent.name} uses unknown slot type ${typeName}`,
      );
    }
    return {
      name: def.name,
      slotTypeName: typeName,
      required: def.valueElicitationSetting.slotConstraint === 'Required',
      priority: priorities.get(def.name) ?? 0,
      def,
    };
  });
  return slots.sort((a, b) => a.priority - b.priority);
}

function checkUtterances(
  intent: IntentDefinition,
  utterances: readonly string[],
  slots: ReadonlySet<string>,
) {
  for (const utterance of utterances) {
    for (const match of utterance.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (!slots.has(name)) {
        throw new BotDefinitionError(
          `Utterance "${utterance}" of intent ${intent.name} references unknown slot {${name}}`,
        );
      }
    }
  }
}

/**
 * The sources Lex documents for a slot value set by a next step: a constant, a session attribute
 * `[name]`, or a JSON path into the event (`$.transcriptions[0]...`). A `{SlotDefinition}` reference is a
 * value only for session attributes; Lex would refuse it here, so the runtime does too.
 */
function checkSlotValueSources(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkSlotValueSources(item, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const override = (value as { slotValueOverride?: { value?: { interpretedValue?: unknown } } })
    .slotValueOverride;
  const text = override?.value?.interpretedValue;
  if (typeof text === 'string' && /\{[^{}]*\}/.test(text)) {
    throw new BotDefinitionError(
      `${path}: the slot value "${text}" references a slot; a next step sets a slot from a constant, a session attribute [name] or a $.transcriptions path`,
    );
  }
  for (const [key, item] of Object.entries(value)) checkSlotValueSources(item, `${path}.${key}`);
}

function compileIntent(
  def: IntentDefinition,
  slotTypes: ReadonlyMap<string, SlotTypeDefinition>,
): IntentModel {
  checkSlotValueSources(def, `intent ${def.name}`);
  const signature = def.parentIntentSignature;
  const isFallback = signature === FALLBACK_SIGNATURE;
  const slots = compileSlots(def, slotTypes);
  const builtIn = signature ? (BUILT_IN_INTENT_UTTERANCES[signature] ?? []) : [];
  const utterances = [...builtIn, ...(def.sampleUtterances ?? []).map((u) => u.utterance)];
  checkUtterances(def, utterances, new Set(slots.map((s) => s.name)));
  const unsupported = signature !== undefined && UNSUPPORTED_INTENT_SIGNATURES.includes(signature);
  return {
    name: def.name,
    def,
    signature,
    isFallback,
    recognisable: !isFallback && !unsupported && utterances.length > 0,
    utterances,
    slots,
    slotByName: new Map(slots.map((s) => [s.name, s])),
    dialogCodeHook: def.dialogCodeHook?.enabled === true,
    inputContexts: (def.inputContexts ?? []).map((c) => c.name),
    outputContexts: (def.outputContexts ?? []).map((c) => ({
      name: c.name,
      timeToLiveInSeconds: c.timeToLiveInSeconds,
      turnsToLive: c.turnsToLive,
    })),
  };
}

/** Lex adds a FallbackIntent to every locale; a definition without one gets a bare one. */
const DEFAULT_FALLBACK: IntentDefinition = {
  name: 'FallbackIntent',
  parentIntentSignature: FALLBACK_SIGNATURE,
};

/**
 * Compiles a bot definition into the model the NLU and the dialog manager use. `localeOverride`
 * replaces `definition.locale` (e.g. a test variant of the same bot).
 */
export function compileBotModel(
  definition: BotDefinition,
  localeOverride?: CfnBot.BotLocaleProperty,
): BotModel {
  const locale = resolveLocale(localeOverride ?? definition.locale);
  const slotTypes = new Map((locale.slotTypes ?? []).map((t) => [t.name, t]));
  const defs = locale.intents ?? [];
  const seen = new Set<string>();
  for (const def of defs) {
    if (seen.has(def.name)) throw new BotDefinitionError(`Duplicate intent name ${def.name}`);
    seen.add(def.name);
  }
  const intents = defs.map((def) => compileIntent(def, slotTypes));
  let fallback = intents.find((i) => i.isFallback);
  if (!fallback) {
    fallback = compileIntent(DEFAULT_FALLBACK, slotTypes);
    intents.push(fallback);
  }
  const byName = new Map(intents.map((i) => [i.name, i]));
  return {
    name: definition.name,
    description: definition.description,
    idleSessionTtlInSeconds: definition.idleSessionTtlInSeconds,
    localeId: locale.localeId,
    nluConfidenceThreshold: locale.nluConfidenceThreshold,
    locale,
    intents,
    fallback,
    slotTypes,
    intent: (name) => byName.get(name),
  };
}
