import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bot, type BotDefinition } from '../../../bot-definition';
import { registerExportBot } from '../../../src/cli/commands/export-bot';
import { buildLexImportArchive } from '../../../src/cli/lex-archive';
import { UsageError } from '../../../src/cli/usage-error';

type Doc = Record<string, unknown> & { name: string; identifier: string };

function unzipJson(archive: Uint8Array): Map<string, Doc> {
  return new Map(
    Object.entries(unzipSync(archive)).map(([path, bytes]) => [
      path,
      JSON.parse(strFromU8(bytes)) as Doc,
    ]),
  );
}

const intents = bot.locale.intents ?? [];
const slotTypes = bot.locale.slotTypes ?? [];
const LOCALE_DIR = 'vmbot/BotLocales/en_US';

describe('buildLexImportArchive', () => {
  const files = unzipJson(buildLexImportArchive(bot));
  const doc = (path: string) => {
    const found = files.get(path);
    if (!found) throw new Error(`no ${path} in the archive`);
    return found;
  };

  it('lays the files out as a Lex V2 export of the whole bot', () => {
    // Prepare
    const expected = [
      'Manifest.json',
      'vmbot/Bot.json',
      `${LOCALE_DIR}/BotLocale.json`,
      ...intents.flatMap((i) => [
        `${LOCALE_DIR}/Intents/${i.name}/Intent.json`,
        ...(i.slots ?? []).map((s) => `${LOCALE_DIR}/Intents/${i.name}/Slots/${s.name}/Slot.json`),
      ]),
      ...slotTypes.map((t) => `${LOCALE_DIR}/SlotTypes/${t.name}/SlotType.json`),
    ];
    // Assess
    expect([...files.keys()].sort()).toEqual(expected.sort());
    // The manifest, the bot, the locale; an Intent.json per intent, a Slot.json per slot.
    const slots = intents.reduce((n, i) => n + (i.slots?.length ?? 0), 0);
    expect(expected).toHaveLength(3 + intents.length + slots + slotTypes.length);
  });

  it('declares a LexJson bot in the manifest', () => {
    expect(doc('Manifest.json')).toEqual({
      metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' },
    });
  });

  it('carries the bot and locale settings', () => {
    // Assess
    expect(doc('vmbot/Bot.json')).toMatchObject({
      name: 'vmbot',
      version: 'DRAFT',
      description: bot.description,
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: 300,
    });
    expect(doc(`${LOCALE_DIR}/BotLocale.json`)).toMatchObject({
      name: 'English (US)',
      identifier: 'en_US',
      nluConfidenceThreshold: 0.4,
    });
    expect(doc(`${LOCALE_DIR}/BotLocale.json`)).not.toHaveProperty('intents');
  });

  it.each(intents.map((i) => [i.name, i] as const))(
    '%s: same utterances, hooks and priorities, slots in their own files',
    (name, intent) => {
      // Act
      const exported = doc(`${LOCALE_DIR}/Intents/${name}/Intent.json`);
      // Assess
      expect(exported.name).toBe(name);
      expect(exported.sampleUtterances).toEqual(intent.sampleUtterances);
      expect(exported.slotPriorities).toEqual(intent.slotPriorities);
      expect(exported.dialogCodeHook).toEqual(intent.dialogCodeHook);
      expect(exported.fulfillmentCodeHook).toEqual(intent.fulfillmentCodeHook);
      expect(exported.intentConfirmationSetting).toEqual(intent.intentConfirmationSetting);
      expect(exported).not.toHaveProperty('slots');
      for (const slot of intent.slots ?? []) {
        const { name: slotName, ...rest } = slot;
        expect(doc(`${LOCALE_DIR}/Intents/${name}/Slots/${slotName}/Slot.json`)).toEqual({
          name: slotName,
          identifier: expect.stringMatching(/^[A-Z0-9]{10}$/),
          ...rest,
        });
      }
    },
  );

  it.each(slotTypes.map((t) => [t.name, t] as const))(
    'slot type %s: same values, upper-case resolution strategy',
    (name, type) => {
      // Act
      const exported = doc(`${LOCALE_DIR}/SlotTypes/${name}/SlotType.json`);
      // Assess
      expect(exported.slotTypeValues).toEqual(type.slotTypeValues);
      expect(exported.valueSelectionSetting).toEqual(type.valueSelectionSetting);
      expect(
        (exported.valueSelectionSetting as { resolutionStrategy: string }).resolutionStrategy,
      ).toMatch(/^(ORIGINAL_VALUE|TOP_RESOLUTION)$/);
    },
  );

  it('writes the chains as the export format does', () => {
    // Act
    const closing = (name: string) =>
      doc(`${LOCALE_DIR}/Intents/${name}/Intent.json`).intentClosingSetting;
    // Assess
    expect(closing('AboutBot')).toMatchObject({
      isActive: true,
      nextStep: { dialogAction: { type: 'StartIntent' }, intent: { name: 'HelpIntent' } },
    });
  });

  it('gives every resource a distinct 10-character identifier, FALLBCKINT for the fallback', () => {
    // Act
    const ids = [...files.entries()]
      .filter(([path]) => path !== 'Manifest.json' && !path.endsWith('BotLocale.json'))
      .map(([, d]) => d.identifier);
    // Assess
    for (const id of ids) expect(id).toMatch(/^[A-Z0-9]{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc(`${LOCALE_DIR}/Intents/FallbackIntent/Intent.json`).identifier).toBe('FALLBCKINT');
  });

  it('is deterministic: the same definition gives the same bytes', () => {
    expect(buildLexImportArchive(bot)).toEqual(buildLexImportArchive(bot));
  });

  it('converts any definition, not just this one', () => {
    // Prepare
    const tiny: BotDefinition = {
      name: 'tiny',
      description: 'one intent',
      idleSessionTtlInSeconds: 60,
      dataPrivacy: { childDirected: true },
      locale: {
        localeId: 'en_GB',
        nluConfidenceThreshold: 0.5,
        intents: [
          {
            name: 'Greet',
            sampleUtterances: [{ utterance: 'hello' }],
            intentClosingSetting: {
              nextStep: {
                dialogAction: { type: 'ElicitIntent' },
                sessionAttributes: [{ key: 'greeted', value: 'yes' }],
              },
            },
          },
        ],
      },
    };
    // Act
    const tinyFiles = unzipJson(buildLexImportArchive(tiny));
    // Assess
    expect([...tinyFiles.keys()].sort()).toEqual([
      'Manifest.json',
      'tiny/Bot.json',
      'tiny/BotLocales/en_GB/BotLocale.json',
      'tiny/BotLocales/en_GB/Intents/Greet/Intent.json',
    ]);
    expect(tinyFiles.get('tiny/BotLocales/en_GB/BotLocale.json')?.name).toBe('en_GB');
    expect(
      tinyFiles.get('tiny/BotLocales/en_GB/Intents/Greet/Intent.json')?.intentClosingSetting,
    ).toEqual({
      nextStep: { dialogAction: { type: 'ElicitIntent' }, sessionAttributes: { greeted: 'yes' } },
    });
  });
});

describe('vmbot export-bot', () => {
  let dir: string;
  let out: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmbot-export-'));
    out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const program = () => {
    const p = new Command('vmbot').exitOverride();
    registerExportBot(p);
    return p;
  };

  it('writes the archive and prints a one-line summary', async () => {
    // Prepare
    const file = join(dir, 'vmbot.zip');
    // Act
    await program().parseAsync(['export-bot', file], { from: 'user' });
    // Assess
    expect(new Uint8Array(readFileSync(file))).toEqual(buildLexImportArchive(bot));
    const printed = out.mock.calls.map((c: unknown[]) => String(c[0])).join('');
    expect(printed).toMatch(
      new RegExp(
        `^Wrote .*vmbot\\.zip \\(\\d+\\.\\d KiB\\): bot vmbot, locale en_US, ${intents.length} intents, ${intents.reduce((n, i) => n + (i.slots?.length ?? 0), 0)} slots, ${slotTypes.length} slot types\\.\\n$`,
      ),
    );
  });

  it('refuses a file name that is not a .zip', async () => {
    // Act
    const run = program().parseAsync(['export-bot', join(dir, 'vmbot.json')], { from: 'user' });
    // Assess
    await expect(run).rejects.toBeInstanceOf(UsageError);
  });
});
