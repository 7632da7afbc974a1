import { bot } from '../../bot-definition';
import type { SlotTypeDefinition } from '../../bot-definition';
import type { LexEvent, LexIntent, LexSlot, LexSlots } from '../../src/lex';

/**
 * Lex V2 code-hook events as Lex sends them to the Lambda (test alias, DRAFT, text input), for
 * tests and the sample events in lambda/events/. Slots are given as what the user said and
 * resolved as Lex resolves them against the bot's slot types: `resolvedValues` holds the
 * canonical values the text is a value or synonym of (none for a value the type does not list);
 * the interpreted value is the text for ORIGINAL_VALUE types, the canonical value for
 * TOP_RESOLUTION ones. The input is transcribed as Lex does for text: one transcription,
 * confidence 1, the intent, and the slots read from that input.
 */
export interface EventSpec {
  intent: string;
  slots?: Record<string, string | null>;
  source?: 'DialogCodeHook' | 'FulfillmentCodeHook';
  confirmationState?: 'None' | 'Confirmed' | 'Denied';
  invocationLabel?: string;
  sessionAttributes?: Record<string, string>;
  sessionId?: string;
  originatingRequestId?: string;
  inputTranscript?: string;
  /** The slot Lex plans to ask for next: the event then carries proposedNextState, as Lex's do. */
  proposedSlot?: string;
}

const FALLBACK = 'FallbackIntent';

export function lexEvent(spec: EventSpec): LexEvent {
  const source = spec.source ?? 'DialogCodeHook';
  const slots: LexSlots = {};
  for (const [name, value] of Object.entries(spec.slots ?? {})) {
    slots[name] = value === null ? null : resolvedSlot(spec.intent, name, value);
  }
  const intent: LexIntent = {
    name: spec.intent,
    slots,
    state: source === 'FulfillmentCodeHook' ? 'ReadyForFulfillment' : 'InProgress',
    confirmationState: spec.confirmationState ?? 'None',
  };
  const inputTranscript = spec.inputTranscript ?? defaultTranscript(spec);
  const fallback = {
    intent: { name: FALLBACK, slots: {}, state: 'InProgress', confirmationState: 'None' },
    interpretationSource: 'Lex',
  } as const;
  return {
    messageVersion: '1.0',
    invocationSource: source,
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: spec.sessionId ?? '475183931217345',
    inputTranscript,
    ...(spec.invocationLabel ? { invocationLabel: spec.invocationLabel } : {}),
    ...(spec.proposedSlot
      ? {
          proposedNextState: {
            dialogAction: { type: 'ElicitSlot', slotToElicit: spec.proposedSlot },
            intent,
            prompt: { attempt: 'Initial' },
          },
        }
      : {}),
    bot: {
      id: 'VMBOTLOCAL',
      name: 'vmbot',
      aliasId: 'TSTALIASID',
      aliasName: 'TestBotAlias',
      localeId: 'en_US',
      version: 'DRAFT',
    },
    // The FallbackIntent is listed once, without a confidence: as the top interpretation when
    // nothing else matched, else after the intent that did.
    interpretations:
      spec.intent === FALLBACK
        ? [{ ...fallback, intent }]
        : [{ intent, nluConfidence: 0.93, interpretationSource: 'Lex' }, fallback],
    sessionState: {
      sessionAttributes: spec.sessionAttributes ?? {},
      activeContexts: [],
      intent,
      originatingRequestId: spec.originatingRequestId ?? 'c2d8a1f4-6b1e-4f3a-9d2e-1b7e0f5a9c31',
    },
    requestAttributes: {},
    transcriptions: [
      {
        transcription: inputTranscript,
        transcriptionConfidence: 1,
        resolvedContext: { intent: spec.intent },
        resolvedSlots: slotsSaidIn(inputTranscript, slots),
      },
    ],
  };
}

function resolvedSlot(intentName: string, slotName: string, said: string): LexSlot {
  const type = slotTypeOf(intentName, slotName);
  const canonical = type ? canonicalValues(type, said) : [said];
  const restrict = type?.valueSelectionSetting?.resolutionStrategy === 'TOP_RESOLUTION';
  return {
    shape: 'Scalar',
    value: {
      originalValue: said,
      interpretedValue: restrict ? (canonical[0] ?? said) : said,
      resolvedValues: canonical,
    },
  };
}

/**
 * The bot's slot type of a slot; undefined for a built-in type (AMAZON.Number resolves to the
 * number itself) or a slot the bot does not have (hand-made events in tests).
 */
function slotTypeOf(intentName: string, slotName: string): SlotTypeDefinition | undefined {
  const intent = bot.locale.intents?.find((i) => i.name === intentName);
  const typeName = intent?.slots?.find((s) => s.name === slotName)?.slotTypeName;
  return bot.locale.slotTypes?.find((t) => t.name === typeName);
}

/** Lex matches values and synonyms regardless of case, spacing and punctuation. */
function canonicalValues(type: SlotTypeDefinition, said: string): string[] {
  const key = compact(said);
  return (type.slotTypeValues ?? [])
    .filter(({ sampleValue, synonyms }) =>
      [sampleValue.value, ...(synonyms ?? []).map((s) => s.value)].some((v) => compact(v) === key),
    )
    .map(({ sampleValue }) => sampleValue.value);
}

function compact(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The slots whose value was said in this input, as transcriptions report them. */
function slotsSaidIn(transcript: string, slots: LexSlots): LexSlots {
  const said: LexSlots = {};
  for (const [name, slot] of Object.entries(slots)) {
    const value = slot?.value;
    if (!value || !transcript.toLowerCase().includes(value.originalValue.toLowerCase())) continue;
    said[name] = {
      shape: 'Scalar',
      value: { originalValue: value.originalValue, resolvedValues: [...value.resolvedValues] },
    };
  }
  return said;
}

function defaultTranscript(spec: EventSpec): string {
  if (spec.confirmationState === 'Confirmed') return 'yes';
  if (spec.confirmationState === 'Denied') return 'no';
  const values = Object.values(spec.slots ?? {}).filter(Boolean);
  return values.length ? `${spec.intent} ${values.join(' ')}` : spec.intent;
}
