import type { CfnBot } from 'aws-cdk-lib/aws-lex';
import { checkBotBuild } from './build-check';
import { BotDefinitionError } from './errors';
import {
  BUILT_IN_INTENT_UTTERANCES,
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

export { BotDefinitionError } from './errors';

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

/** Slots in priority order (the build check has made sure each has one, and a known type). */
function compileSlots(intent: IntentDefinition): SlotModel[] {
  const priorities = new Map((intent.slotPriorities ?? []).map((p) => [p.slotName, p.priority]));
  const slots = (intent.slots ?? []).map((def): SlotModel => ({
    name: def.name,
    slotTypeName: def.slotTypeName,
    required: def.valueElicitationSetting.slotConstraint === 'Required',
    priority: priorities.get(def.name) ?? 0,
    def,
  }));
  return slots.sort((a, b) => a.priority - b.priority);
}

function compileIntent(def: IntentDefinition): IntentModel {
  const signature = def.parentIntentSignature;
  const isFallback = signature === FALLBACK_SIGNATURE;
  const slots = compileSlots(def);
  const builtIn = signature ? (BUILT_IN_INTENT_UTTERANCES[signature] ?? []) : [];
  const utterances = [...builtIn, ...(def.sampleUtterances ?? []).map((u) => u.utterance)];
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

/**
 * Compiles a bot definition into the model the NLU and the dialog manager use. `localeOverride`
 * replaces `definition.locale` (e.g. a test variant of the same bot).
 */
export function compileBotModel(
  definition: BotDefinition,
  localeOverride?: CfnBot.BotLocaleProperty,
): BotModel {
  const locale = resolveLocale(localeOverride ?? definition.locale);
  checkBotBuild(locale);
  const slotTypes = new Map((locale.slotTypes ?? []).map((t) => [t.name, t]));
  const intents = (locale.intents ?? []).map(compileIntent);
  const fallback = intents.find((i) => i.isFallback);
  if (!fallback) throw new BotDefinitionError([`Locale ${locale.localeId} has no fallback intent`]);
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
