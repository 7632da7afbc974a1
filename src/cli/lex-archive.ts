/**
 * The bot definition as a Lex V2 import archive (the "LexJson" format of the console's
 * Bots → Actions → Import and of CreateExport):
 *
 *   Manifest.json
 *   <Bot>/Bot.json
 *   <Bot>/BotLocales/<locale>/BotLocale.json
 *   <Bot>/BotLocales/<locale>/Intents/<Intent>/Intent.json
 *   <Bot>/BotLocales/<locale>/Intents/<Intent>/Slots/<Slot>/Slot.json
 *   <Bot>/BotLocales/<locale>/SlotTypes/<Type>/SlotType.json
 *
 * Field names follow real console exports, which are closer to CloudFormation than to the model
 * API: `isActive`, `messageGroupsList`, upper-case resolution strategies, `slotPriorities` by
 * slot name. Two shapes differ from CloudFormation and are converted: a dialog state's intent
 * slots and its session attributes are maps, not lists of pairs. The manifest is spelled as in
 * real exports (`Manifest.json`, `metaData`, `BOT`), not as in the guide's example.
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type {
  BotDefinition,
  IntentDefinition,
  SlotDefinition,
  SlotTypeDefinition,
} from '../../bot-definition';

export const MANIFEST_PATH = 'Manifest.json';

/** What a real export of a whole bot says about itself. */
export const MANIFEST = {
  metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' },
} as const;

const LOCALE_NAMES: Record<string, string> = { en_US: 'English (US)' };

/** Lex's own identifier for the built-in fallback intent, the same in every export. */
const FALLBACK_INTENT_IDENTIFIER = 'FALLBCKINT';

// Zip entries get a fixed time, so the same definition always gives the same bytes.
const ENTRY_TIME = new Date(2020, 0, 1);

/** The archive's files, path → JSON document, in a stable order. */
export function lexImportFiles(bot: BotDefinition): Map<string, unknown> {
  const { locale } = bot;
  const botDir = bot.name;
  const localeDir = `${botDir}/BotLocales/${locale.localeId}`;
  const files = new Map<string, unknown>();

  files.set(MANIFEST_PATH, MANIFEST);
  files.set(`${botDir}/Bot.json`, {
    name: bot.name,
    identifier: identifier('bot', bot.name),
    version: 'DRAFT',
    description: bot.description,
    dataPrivacy: { childDirected: bot.dataPrivacy.childDirected },
    idleSessionTTLInSeconds: bot.idleSessionTtlInSeconds,
  });
  const { intents = [], slotTypes = [], localeId, ...localeSettings } = locale;
  files.set(`${localeDir}/BotLocale.json`, {
    name: LOCALE_NAMES[localeId] ?? localeId,
    identifier: localeId,
    ...toExportShape(localeSettings),
  });
  for (const intent of intents) {
    const intentDir = `${localeDir}/Intents/${intent.name}`;
    files.set(`${intentDir}/Intent.json`, intentDocument(intent));
    for (const slot of intent.slots ?? []) {
      files.set(`${intentDir}/Slots/${slot.name}/Slot.json`, slotDocument(intent, slot));
    }
  }
  for (const slotType of slotTypes) {
    files.set(`${localeDir}/SlotTypes/${slotType.name}/SlotType.json`, slotTypeDocument(slotType));
  }
  return files;
}

/** The zip to import into Lex V2. Pure: the same definition always gives the same bytes. */
export function buildLexImportArchive(bot: BotDefinition): Uint8Array {
  const entries: Zippable = {};
  for (const [path, document] of lexImportFiles(bot)) {
    entries[path] = [strToU8(`${JSON.stringify(document, null, 2)}\n`), { mtime: ENTRY_TIME }];
  }
  return zipSync(entries, { level: 9 });
}

function intentDocument(intent: IntentDefinition) {
  // Slots live in their own files; the intent keeps only their priorities.
  const { name, slots: _slots, ...settings } = intent;
  const id =
    intent.parentIntentSignature === 'AMAZON.FallbackIntent'
      ? FALLBACK_INTENT_IDENTIFIER
      : identifier('intent', name);
  return { name, identifier: id, ...toExportShape(settings) };
}

function slotDocument(intent: IntentDefinition, slot: SlotDefinition) {
  const { name, ...settings } = slot;
  return { name, identifier: identifier('slot', intent.name, name), ...toExportShape(settings) };
}

function slotTypeDocument(slotType: SlotTypeDefinition) {
  const { name, ...settings } = slotType;
  return { name, identifier: identifier('slot-type', name), ...toExportShape(settings) };
}

/**
 * CloudFormation writes a dialog state's slots as `[{slotName, slotValueOverride}]` and its
 * session attributes as `[{key, value}]`; the export format, like the model API, uses maps.
 */
function toExportShape(settings: object): Record<string, unknown> {
  return convert(settings) as Record<string, unknown>;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = convert(inner);
  if ('dialogAction' in out) {
    const intent = out.intent as { slots?: unknown } | undefined;
    if (intent && Array.isArray(intent.slots)) {
      intent.slots = Object.fromEntries(
        (intent.slots as { slotName: string; slotValueOverride: unknown }[]).map((s) => [
          s.slotName,
          s.slotValueOverride,
        ]),
      );
    }
    if (Array.isArray(out.sessionAttributes)) {
      out.sessionAttributes = Object.fromEntries(
        (out.sessionAttributes as { key: string; value: string }[]).map((a) => [a.key, a.value]),
      );
    }
  }
  return out;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stable 10-character identifier, the form Lex uses for bots, intents, slots and types. */
function identifier(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return Array.from(digest.subarray(0, 10), (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}
