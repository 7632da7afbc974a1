import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { errorText, safeJson, utf8Bytes } from './json-size';
import { describeValue, formatPath } from './problem-text';
import {
  CONFIRMATION_STATES,
  EVENT_DIALOG_ACTION_TYPES,
  INPUT_MODES,
  INTENT_STATES,
  INTERPRETATION_SOURCES,
  INVOCATION_SOURCES,
  LEX_LIMITS,
  MESSAGE_VERSIONS,
  PROMPT_ATTEMPTS,
  SENTIMENTS,
  SLOT_ELICITATION_STYLES,
  SLOT_SHAPES,
  type LexEvent,
  type LexEventDialogAction,
  type LexIntent,
  type LexRuntimeHintDetails,
  type LexSlot,
  type LexSlots,
  type LexSubSlotToElicit,
} from './types';

/**
 * Validation of the event Lex V2 sends to the Lambda.
 *
 * - Never throws, whatever it is given.
 * - Works on a JSON round-trip of the input, so the event it returns is a fresh plain-data
 *   copy: no getters, no class instances, nothing shared with the caller.
 * - Unknown fields are dropped (the result holds exactly the fields of `LexEvent`); `null` in
 *   an optional field means absent (Lex sends `requestAttributes: null`).
 * - The keys `__proto__`, `constructor` and `prototype` are dropped wherever they are (no Lex
 *   field has those names), and maps (sessionAttributes, requestAttributes, slots,
 *   contextAttributes, runtime hints) are null-prototype objects, so no lookup or later copy
 *   can reach or change a prototype.
 * - Events over the 12 KB Lambda input quota are refused: Lex never sends them.
 */
export type ParseEventResult = { ok: true; event: LexEvent } | { ok: false; problems: string[] };

const MAX_PROBLEMS = 20;
/**
 * zod's English messages, which a few problems quote. `zod/mini` sets no locale (the chained
 * `zod` API installs English globally); passing it per parse keeps the text without touching
 * zod's global configuration.
 */
const ZOD_MESSAGES = en().localeError;
const DANGEROUS_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function parseLexEvent(raw: unknown): ParseEventResult {
  try {
    return parseUnsafe(raw);
  } catch (error) {
    // Defence in depth: nothing above should throw, but a stack overflow is still an answer.
    return { ok: false, problems: [`event could not be validated: ${errorText(error)}`] };
  }
}

function parseUnsafe(raw: unknown): ParseEventResult {
  if (raw === null || typeof raw !== 'object') return notAnObject(raw);
  const text = safeJson(raw);
  if (!text.ok) return { ok: false, problems: [`event is not valid JSON data: ${text.reason}`] };
  const size = eventSize(text.json);
  if (size !== undefined) return { ok: false, problems: [size] };
  // The prototype-reaching keys go before validation: they are ignored, not reported.
  const data: unknown = JSON.parse(text.json, (key, value: unknown) =>
    DANGEROUS_KEYS.has(key) ? undefined : value,
  );
  if (Array.isArray(data)) return notAnObject(data);
  const result = eventSchema.safeParse(data, { reportInput: true, error: ZOD_MESSAGES });
  if (!result.success) return { ok: false, problems: problemsOf(result.error.issues) };
  return { ok: true, event: withoutUndefined(result.data) as LexEvent };
}

function notAnObject(raw: unknown): ParseEventResult {
  return { ok: false, problems: [`event must be a JSON object, got ${describeValue(raw)}`] };
}

function eventSize(json: string): string | undefined {
  const limit = LEX_LIMITS.eventBytes;
  // A UTF-16 length over the limit is already too many UTF-8 bytes: skip the exact count.
  const tooLong = json.length > limit;
  const bytes = tooLong ? json.length : utf8Bytes(json);
  if (bytes <= limit) return undefined;
  const size = `${tooLong ? 'at least ' : ''}${bytes} bytes`;
  return `event is ${size} of JSON; the Lex V2 Lambda input quota is ${limit} bytes (12 KB)`;
}

// ---------------------------------------------------------------------------------------------
// Schema
//
// Written with `zod/mini`, zod 4's functional API, so that only the schema kinds used here end up
// in the Lambda bundle (~25 KiB minified); the chained `zod` API pulled in every locale, JSON
// Schema conversion and the schema compiler (~440 KiB, half the bundle). The core parser is the
// same, so accepted events, issues and their order are those of the chained schema it replaced.

const nonEmpty = z.string().check(z.minLength(1));

/** Optional field: absent, `undefined` or `null` all mean absent. */
function optional<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value) => value ?? undefined),
  );
}

/** A string-keyed map as a null-prototype object without prototype-reaching keys. */
function map<T extends z.ZodMiniType>(values: T) {
  return z.pipe(
    z.nullish(z.record(nonEmpty, values)),
    z.transform((record) => safeRecord<z.output<T>>(record ?? {})),
  );
}

function safeRecord<V>(record: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of Object.entries(record)) {
    if (!DANGEROUS_KEYS.has(key)) out[key] = value;
  }
  return out;
}

// Non-empty as in the Runtime V2 model, so that slots read from an event can be sent back.
const slotValueSchema = z.object({
  originalValue: nonEmpty,
  interpretedValue: optional(nonEmpty),
  resolvedValues: z.pipe(
    z.nullish(z.array(nonEmpty)),
    z.transform((values) => values ?? []),
  ),
});

const SLOT_SHAPE_NEEDS = { Scalar: 'value', List: 'values', Composite: 'subSlots' } as const;

const slotSchema: z.ZodMiniType<LexSlot> = z.lazy(() =>
  z
    .object({
      shape: z.enum(SLOT_SHAPES),
      value: optional(slotValueSchema),
      values: optional(z.array(slotSchema)),
      subSlots: optional(slotsSchema),
    })
    .check(
      z.superRefine((slot, ctx) => {
        const field = SLOT_SHAPE_NEEDS[slot.shape];
        if (slot[field] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `a ${slot.shape} slot has ${field}`,
          });
        }
      }),
    ),
);

const slotsSchema: z.ZodMiniType<LexSlots> = z.lazy(() => map(z.nullable(slotSchema)));

const intentSchema: z.ZodMiniType<LexIntent> = z.object({
  name: nonEmpty,
  slots: map(z.nullable(slotSchema)),
  state: z.enum(INTENT_STATES),
  confirmationState: z.pipe(
    z.nullish(z.enum(CONFIRMATION_STATES)),
    z.transform((state) => state ?? 'None'),
  ),
});

const subSlotToElicitSchema: z.ZodMiniType<LexSubSlotToElicit> = z.lazy(() =>
  z.object({ name: nonEmpty, subSlotToElicit: optional(subSlotToElicitSchema) }),
);

const dialogActionSchema: z.ZodMiniType<LexEventDialogAction> = z.object({
  type: z.enum(EVENT_DIALOG_ACTION_TYPES),
  slotToElicit: optional(z.string()),
  slotElicitationStyle: optional(z.enum(SLOT_ELICITATION_STYLES)),
  subSlotToElicit: optional(subSlotToElicitSchema),
});

const runtimeHintDetailsSchema: z.ZodMiniType<LexRuntimeHintDetails> = z.lazy(() =>
  z.object({
    runtimeHintValues: optional(z.array(z.object({ phrase: z.string() }))),
    subSlotHints: optional(map(runtimeHintDetailsSchema)),
  }),
);

const activeContextSchema = z.object({
  name: nonEmpty,
  contextAttributes: map(z.string()),
  timeToLive: z.object({ timeToLiveInSeconds: z.number(), turnsToLive: z.number() }),
});

const interpretationSchema = z.object({
  intent: intentSchema,
  nluConfidence: optional(z.number()),
  sentimentResponse: optional(
    z.object({
      sentiment: z.enum(SENTIMENTS),
      sentimentScore: z.object({
        mixed: z.number(),
        negative: z.number(),
        neutral: z.number(),
        positive: z.number(),
      }),
    }),
  ),
  interpretationSource: optional(z.enum(INTERPRETATION_SOURCES)),
});

const eventSchema = z.object({
  messageVersion: z.enum(MESSAGE_VERSIONS),
  invocationSource: z.enum(INVOCATION_SOURCES),
  inputMode: z.enum(INPUT_MODES),
  responseContentType: z.string(),
  sessionId: nonEmpty,
  inputTranscript: z.string(),
  invocationLabel: optional(z.string()),
  bot: z.object({
    id: nonEmpty,
    name: nonEmpty,
    aliasId: nonEmpty,
    aliasName: z.string(),
    localeId: nonEmpty,
    version: nonEmpty,
  }),
  interpretations: z.array(interpretationSchema),
  proposedNextState: optional(
    z.object({
      dialogAction: dialogActionSchema,
      intent: intentSchema,
      prompt: optional(z.object({ attempt: z.enum(PROMPT_ATTEMPTS) })),
    }),
  ),
  sessionState: z.object({
    activeContexts: optional(z.array(activeContextSchema)),
    sessionAttributes: map(z.string()),
    runtimeHints: optional(z.object({ slotHints: optional(map(map(runtimeHintDetailsSchema))) })),
    dialogAction: optional(dialogActionSchema),
    intent: intentSchema,
    originatingRequestId: optional(z.string()),
  }),
  requestAttributes: optional(map(z.string())),
  transcriptions: optional(
    z.array(
      z.object({
        transcription: z.string(),
        transcriptionConfidence: z.number(),
        resolvedContext: optional(z.object({ intent: z.string() })),
        resolvedSlots: optional(slotsSchema),
      }),
    ),
  ),
});

// Compile-time check that the schema produces the hand-written type.
const _schemaMatchesType: z.ZodMiniType<LexEvent> = eventSchema;
void _schemaMatchesType;

// ---------------------------------------------------------------------------------------------
// Results

/** Transforms leave `key: undefined` behind for absent optional fields; a plain copy has none. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) withoutUndefined(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined) delete record[key];
      else withoutUndefined(record[key]);
    }
  }
  return value;
}

function problemsOf(issues: readonly z.core.$ZodIssue[]): string[] {
  const problems = [...new Set(issues.map(problemOf))];
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    `… and ${problems.length - MAX_PROBLEMS} more problems`,
  ];
}

function problemOf(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path) || 'event';
  const got = 'input' in issue ? describeValue(issue.input) : 'nothing';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${field} is missing`;
      return `${field} must be ${article(issue.expected)}, got ${got}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map(String).join(', ')}, got ${got}`;
    case 'too_small':
      if (issue.origin === 'string') return `${field} must not be empty`;
      return `${field} is too small: ${issue.message}`;
    case 'invalid_key':
      return `${formatPath(issue.path.slice(0, -1)) || 'event'} keys must not be empty`;
    case 'custom':
      return `${field} is missing (${issue.message})`;
    default:
      return `${field}: ${issue.message}`;
  }
}

function article(expected: string): string {
  if (expected === 'array' || expected === 'object') return `an ${expected}`;
  if (expected === 'record') return 'an object';
  return `a ${expected}`;
}
