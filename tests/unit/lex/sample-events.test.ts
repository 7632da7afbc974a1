import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bot } from '../../../bot-definition';
import { parseLexEvent, type LexEvent, type LexSlots } from '../../../src/lex';
import { lexEvent } from '../../support/lex-events';
import { SAMPLE_EVENTS } from '../../support/sample-events';

/** lambda/events/*.json: the events Lex would send, and what scripts/sample-events.ts writes. */
const DIR = fileURLToPath(new URL('../../../lambda/events/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const sample = (name: string) => JSON.parse(readFileSync(`${DIR}${name}.json`, 'utf8')) as LexEvent;

/** The canonical values of each custom slot type, by intent and slot. */
function canonicalValuesOf(intent: string, slot: string): string[] | undefined {
  const typeName = bot.locale.intents
    ?.find((i) => i.name === intent)
    ?.slots?.find((s) => s.name === slot)?.slotTypeName;
  const type = bot.locale.slotTypes?.find((t) => t.name === typeName);
  return type?.slotTypeValues?.map((v) => v.sampleValue.value);
}

function slotsOf(event: LexEvent): [string, LexSlots][] {
  return [
    [event.sessionState.intent.name, event.sessionState.intent.slots],
    ...event.interpretations.map((i): [string, LexSlots] => [i.intent.name, i.intent.slots]),
    ...(event.transcriptions ?? []).map((t): [string, LexSlots] => [
      t.resolvedContext?.intent ?? '',
      t.resolvedSlots ?? {},
    ]),
  ];
}

describe('the sample events', () => {
  it('are exactly what scripts/sample-events.ts writes (run it after changing them)', () => {
    expect(files).toEqual(Object.keys(SAMPLE_EVENTS).sort());
    for (const name of files) expect(sample(name), name).toEqual(lexEvent(SAMPLE_EVENTS[name]!));
  });

  it.each(files)('%s reads, with the text transcribed as Lex does', (name) => {
    // Act
    const event = sample(name);
    const parsed = parseLexEvent(event);

    // Assess
    expect(parsed.ok).toBe(true);
    expect(event.transcriptions).toHaveLength(1);
    const [transcription] = event.transcriptions ?? [];
    expect(transcription).toMatchObject({
      transcription: event.inputTranscript,
      transcriptionConfidence: 1,
      resolvedContext: { intent: event.sessionState.intent.name },
    });
    for (const [slot, value] of Object.entries(transcription?.resolvedSlots ?? {})) {
      expect(value?.value, slot).not.toHaveProperty('interpretedValue');
      expect(event.inputTranscript.toLowerCase()).toContain(
        value?.value?.originalValue.toLowerCase(),
      );
    }
  });

  it.each(files)('%s resolves slots to canonical values, or to none', (name) => {
    for (const [intent, slots] of slotsOf(sample(name))) {
      for (const [slot, value] of Object.entries(slots)) {
        const canonical = canonicalValuesOf(intent, slot);
        if (!canonical || !value?.value) continue;
        for (const resolved of value.value.resolvedValues) expect(canonical).toContain(resolved);
      }
    }
  });

  it.each(files)('%s lists the FallbackIntent once, without a confidence', (name) => {
    const fallbacks = sample(name).interpretations.filter(
      (i) => i.intent.name === 'FallbackIntent',
    );
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).not.toHaveProperty('nluConfidence');
  });

  it('resolve what was said the way Lex does: synonyms to their value, unknown values to none', () => {
    const slot = (name: string, s: string) =>
      sample(name).sessionState.intent.slots[s]?.value?.resolvedValues;
    expect(slot('MigrateVm-dialog', 'VmName')).toEqual(['vm-3']);
    expect(slot('MigrateVm-dialog', 'TargetHost')).toEqual(['host-b']);
    expect(slot('WhereIsVm-dialog', 'VmName')).toEqual([]);
    expect(slot('ListHosts-dialog', 'HostName')).toEqual([]);
  });
});
