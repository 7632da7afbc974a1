import { ConditionSyntaxError, parseCondition } from '../dialog/conditions';
import { BUILT_IN_SLOT_TYPE_PREFIX, FALLBACK_SIGNATURE } from './builtins';
import type { IntentDefinition, LocaleDefinition } from './definition';
import { BotDefinitionError } from './errors';

/**
 * What a Lex build (BuildBotLocale, or CloudFormation's auto-build) refuses, checked before the
 * runtime compiles a bot or the CDK app synthesises one. Every problem is one sentence naming the
 * intent (or slot type) and the rule; all of them are reported at once. The rules and where Lex
 * documents them are listed in src/runtime/README.md ("The build check").
 */

/** Names of intents, slots and slot types (the model API's pattern, 1 to 100 characters). */
const NAME = /^([0-9a-zA-Z][_-]?)+$/;
const MAX_NAME = 100;
/** Guidelines and quotas, build-time quotas. */
export const BUILD_QUOTAS = {
  charactersPerSampleUtterance: 500,
  sampleUtterancesPerIntent: 1500,
  slotsPerIntent: 100,
  textResponseLength: 4000,
} as const;
/** PromptSpecification and ResponseSpecification: 1 to 5 message groups, 0 to 5 retries. */
const MAX_MESSAGE_GROUPS = 5;
const MAX_VARIATIONS = 2;
const MAX_RETRIES = 5;
const PRIORITY = { min: 0, max: 100 } as const;

/** The problems a Lex build would report for this locale; empty when it builds. */
export function buildProblems(locale: LocaleDefinition): string[] {
  const problems: string[] = [];
  const intents = locale.intents ?? [];
  const slotTypes = new Set((locale.slotTypes ?? []).map((t) => t.name));
  const threshold = locale.nluConfidenceThreshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    problems.push(
      `Locale ${locale.localeId}: nluConfidenceThreshold must be 0 to 1, got ${threshold}`,
    );
  }
  const fallbacks = intents.filter((i) => i.parentIntentSignature === FALLBACK_SIGNATURE);
  if (fallbacks.length !== 1) {
    problems.push(
      `Locale ${locale.localeId} must have exactly one intent with parentIntentSignature ${FALLBACK_SIGNATURE}, has ${fallbacks.length}`,
    );
  }
  duplicates(intents.map((i) => i.name)).forEach((n) =>
    problems.push(`Intent name ${n} is used by more than one intent`),
  );
  duplicates([...(locale.slotTypes ?? []).map((t) => t.name)]).forEach((n) =>
    problems.push(`Slot type name ${n} is used by more than one slot type`),
  );
  for (const type of locale.slotTypes ?? []) checkName(problems, 'Slot type', type.name);
  for (const intent of intents) problems.push(...intentProblems(intent, slotTypes));
  return problems;
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const name of names) (seen.has(name) ? twice : seen).add(name);
  return [...twice];
}

function checkName(problems: string[], what: string, name: string): void {
  if (!NAME.test(name) || name.length > MAX_NAME) {
    problems.push(
      `${what} name ${JSON.stringify(name)} must be letters and digits, single _ or - between them, at most ${MAX_NAME} characters`,
    );
  }
}

function intentProblems(intent: IntentDefinition, slotTypes: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const at = `Intent ${intent.name}`;
  checkName(problems, 'Intent', intent.name);
  const utterances = (intent.sampleUtterances ?? []).map((u) => u.utterance);
  const slots = intent.slots ?? [];
  const signature = intent.parentIntentSignature;
  if (signature !== undefined) {
    // Built-in intents come with their own utterances and take no slots.
    if (utterances.length > 0) {
      problems.push(`${at}: a built-in intent (${signature}) takes no sample utterances`);
    }
    if (slots.length > 0) problems.push(`${at}: a built-in intent (${signature}) takes no slots`);
    if (signature === FALLBACK_SIGNATURE && intent.intentConfirmationSetting) {
      problems.push(`${at}: the fallback intent takes no confirmation prompt`);
    }
  }
  if (utterances.length > BUILD_QUOTAS.sampleUtterancesPerIntent) {
    problems.push(
      `${at}: at most ${BUILD_QUOTAS.sampleUtterancesPerIntent} sample utterances, has ${utterances.length}`,
    );
  }
  if (slots.length > BUILD_QUOTAS.slotsPerIntent) {
    problems.push(`${at}: at most ${BUILD_QUOTAS.slotsPerIntent} slots, has ${slots.length}`);
  }
  const slotNames = new Set(slots.map((s) => s.name));
  duplicates(slots.map((s) => s.name)).forEach((n) =>
    problems.push(`${at}: slot name ${n} is used by more than one slot`),
  );
  for (const slot of slots) {
    checkName(problems, `${at}: slot`, slot.name);
    const type = slot.slotTypeName;
    if (!type.startsWith(BUILT_IN_SLOT_TYPE_PREFIX) && !slotTypes.has(type)) {
      problems.push(`Slot ${slot.name} in intent ${intent.name} uses unknown slot type ${type}`);
    }
    for (const u of slot.valueElicitationSetting.sampleUtterances ?? []) {
      problems.push(
        ...utteranceProblems(intent.name, ` (slot ${slot.name})`, u.utterance, slotNames),
      );
    }
  }
  problems.push(...priorityProblems(intent, slotNames));
  for (const utterance of utterances) {
    problems.push(...utteranceProblems(intent.name, '', utterance, slotNames));
  }
  walk(intent, `intent ${intent.name}`, problems);
  return problems;
}

function priorityProblems(intent: IntentDefinition, slotNames: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const priorities = intent.slotPriorities ?? [];
  const listed = priorities.map((p) => p.slotName);
  const missing = [...slotNames].filter((s) => !listed.includes(s));
  if (missing.length > 0) {
    // Lex's own words for it (BuildBotLocale).
    problems.push(
      `Slot ids [${missing.join(', ')}] in intent ${intent.name} don't define a slot priority`,
    );
  }
  duplicates(listed).forEach((s) =>
    problems.push(`Intent ${intent.name}: slot ${s} has more than one slot priority`),
  );
  for (const p of priorities) {
    if (!slotNames.has(p.slotName)) {
      problems.push(
        `Intent ${intent.name}: slot priority for ${p.slotName}, which is no slot of it`,
      );
    }
    if (!(p.priority >= PRIORITY.min && p.priority <= PRIORITY.max)) {
      problems.push(
        `Intent ${intent.name}: slot priority of ${p.slotName} must be ${PRIORITY.min} to ${PRIORITY.max}, got ${p.priority}`,
      );
    }
  }
  return problems;
}

/** `{Slot}` names a slot of the intent; braces pair up, never nest, never empty. */
function utteranceProblems(
  intent: string,
  where: string,
  utterance: string,
  slots: ReadonlySet<string>,
): string[] {
  const at = `Intent ${intent}${where}`;
  const quoted = JSON.stringify(utterance);
  if (utterance.trim().length === 0) return [`${at}: an empty sample utterance`];
  if (utterance.length > BUILD_QUOTAS.charactersPerSampleUtterance) {
    return [
      `${at}: sample utterance ${quoted.slice(0, 40)}… is over ${BUILD_QUOTAS.charactersPerSampleUtterance} characters`,
    ];
  }
  const problems: string[] = [];
  let open = -1;
  for (let i = 0; i < utterance.length; i += 1) {
    const c = utterance[i];
    if (c === '{') {
      if (open >= 0) return [`${at}: sample utterance ${quoted} nests braces`];
      open = i;
    } else if (c === '}') {
      if (open < 0) return [`${at}: sample utterance ${quoted} closes a brace it never opened`];
      const name = utterance.slice(open + 1, i);
      if (name.trim() === '') problems.push(`${at}: sample utterance ${quoted} has empty braces`);
      else if (!slots.has(name)) {
        problems.push(`${at}: sample utterance ${quoted} references unknown slot {${name}}`);
      }
      open = -1;
    }
  }
  if (open >= 0) problems.push(`${at}: sample utterance ${quoted} leaves a brace open`);
  return problems;
}

/**
 * What holds anywhere in an intent's settings: message groups and their lengths, prompt retries,
 * condition syntax, and where a next step may take a slot's value from.
 */
function walk(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, problems));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  const groups = node.messageGroupsList;
  if (Array.isArray(groups) && (groups.length < 1 || groups.length > MAX_MESSAGE_GROUPS)) {
    problems.push(`${path}: 1 to ${MAX_MESSAGE_GROUPS} message groups, has ${groups.length}`);
  }
  const variations = node.variations;
  if (Array.isArray(variations) && variations.length > MAX_VARIATIONS) {
    problems.push(`${path}: at most ${MAX_VARIATIONS} variations, has ${variations.length}`);
  }
  const retries = node.maxRetries;
  if (typeof retries === 'number' && !(retries >= 0 && retries <= MAX_RETRIES)) {
    problems.push(`${path}: maxRetries must be 0 to ${MAX_RETRIES}, got ${retries}`);
  }
  for (const kind of ['plainTextMessage', 'ssmlMessage', 'customPayload'] as const) {
    const text = (node[kind] as { value?: unknown } | undefined)?.value;
    if (typeof text !== 'string') continue;
    if (text.length < 1 || text.length > BUILD_QUOTAS.textResponseLength) {
      problems.push(
        `${path}.${kind}: a message is 1 to ${BUILD_QUOTAS.textResponseLength} characters, has ${text.length}`,
      );
    }
  }
  const expression = (node.condition as { expressionString?: unknown } | undefined)
    ?.expressionString;
  if (typeof expression === 'string') {
    try {
      parseCondition(expression);
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      problems.push(`${path}.condition: ${error.message}`);
    }
  }
  const override = (node.slotValueOverride as { value?: { interpretedValue?: unknown } })?.value
    ?.interpretedValue;
  if (typeof override === 'string' && /\{[^{}]*\}/.test(override)) {
    problems.push(
      `${path}: the slot value "${override}" references a slot; a next step sets a slot from a constant, a session attribute [name] or a $.transcriptions path`,
    );
  }
  for (const [key, item] of Object.entries(node)) walk(item, `${path}.${key}`, problems);
}

/**
 * Refuses a bot the Lex build would refuse, with every problem: what the CDK app runs before it
 * synthesises the bot, and what compiling a bot for the runtime runs.
 */
export function checkBotBuild(locale: LocaleDefinition): void {
  const problems = buildProblems(locale);
  if (problems.length > 0) throw new BotDefinitionError(problems);
}
