import * as z from 'zod/mini';
import { base64Length, DANGEROUS_KEYS, safeJson, utf8Bytes } from './json-size';
import { SENTENCE } from './issues';
import { orList } from './problem-text';
import {
  CLOSE_INTENT_STATES,
  CONFIRMATION_STATES,
  DIALOG_ACTION_TYPES,
  EVENT_DIALOG_ACTION_TYPES,
  INPUT_MODES,
  INTENT_STATES,
  INTERPRETATION_SOURCES,
  INVOCATION_SOURCES,
  LEX_LIMITS,
  MESSAGE_CONTENT_TYPES,
  MESSAGE_VERSIONS,
  PROMPT_ATTEMPTS,
  SENTIMENTS,
  SLOT_ELICITATION_STYLES,
  SLOT_SHAPES,
  type LexActiveContext,
  type LexEvent,
  type LexEventDialogAction,
  type LexIntent,
  type LexResponseDialogAction,
  type LexResponseIntent,
  type LexRuntimeHintDetails,
  type LexRuntimeHints,
  type LexSlot,
  type LexSlots,
  type LexSubSlotToElicit,
} from './types';

/**
 * The Lex V2 contract as one set of zod pieces (slots, intents, dialog actions, active contexts,
 * attribute maps, messages), assembled three ways:
 *
 * - `event`: what Lex sends the Lambda. Unknown fields are dropped (Lex adds fields without
 *   notice); `null` means absent; Lex's defaults are filled in (empty maps, confirmationState
 *   None, resolvedValues []).
 * - `response`: what the Lambda returns. Unknown fields are reported (they are typos Lex would
 *   ignore); the rules that span fields (what each dialog action requires) are refinements.
 *   The output is what Lex keeps: a slot without shape is Scalar, a value without
 *   originalValue was said as interpreted.
 * - `session`: the session state a client sends the Runtime API (PutSession, RecognizeText):
 *   the API's own rules (interpretedValue required, intent and its state optional) and the
 *   event's (shape, context names, the attribute quota), so that whatever a runtime accepts is
 *   an event sessionState the Lambda can read; and PutSession's messages, shaped as a
 *   response's.
 *
 * Written with `zod/mini`, zod 4's functional API, so that only the schema kinds used here end up
 * in the Lambda bundle; the chained `zod` API pulls in every locale, JSON Schema conversion and
 * the schema compiler. Each schema is built on first use, not when the module loads: a cold
 * start pays for the schemas its invocation needs, when it needs them.
 */

type Mode = 'event' | 'response' | 'session';

const nonEmpty = () => z.string().check(z.minLength(1));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const intIn = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/** Optional field: absent, `undefined` or `null` all mean absent. */
function optional<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value) => value ?? undefined),
  );
}

/** With a default when absent or null. */
function withDefault<T extends z.ZodMiniType>(schema: T, fallback: () => z.output<T>) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value) => value ?? fallback()),
  );
}

/** A string-keyed map as a null-prototype object without prototype-reaching keys. */
function map<T extends z.ZodMiniType>(values: T) {
  return z.pipe(
    z.record(nonEmpty(), values),
    z.transform((record) => safeRecord<z.output<T>>(record)),
  );
}

function safeRecord<V>(record: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of Object.entries(record)) {
    if (!DANGEROUS_KEYS.has(key)) out[key] = value;
  }
  return out;
}

/** Objects of the response are strict: an unknown field is reported with the allowed ones. */
function objectFor(mode: Mode) {
  return <S extends z.core.$ZodLooseShape>(shape: S) =>
    mode === 'response'
      ? z.strictObject(shape, {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `allowed: ${Object.keys(shape).join(', ')}`
              : undefined,
        })
      : z.object(shape);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// The pieces

const SHAPE_NEEDS = {
  Scalar: ['value', 'a value'],
  List: ['values', 'values'],
  Composite: ['subSlots', 'subSlots'],
} as const;

/** Runtime V2 ActiveContext name. */
const ACTIVE_CONTEXT_NAME = /^([A-Za-z0-9]_?)+$/;

interface Pieces<Intent, Action> {
  object: ReturnType<typeof objectFor>;
  slots: z.ZodMiniType<LexSlots>;
  intent: z.ZodMiniType<Intent>;
  dialogAction: z.ZodMiniType<Action>;
  activeContexts: z.ZodMiniType<LexActiveContext[]>;
  sessionAttributes: z.ZodMiniType<Record<string, string>>;
  runtimeHints: z.ZodMiniType<LexRuntimeHints>;
}

function pieces(mode: 'event'): Pieces<LexIntent, LexEventDialogAction>;
function pieces(mode: 'response'): Pieces<LexResponseIntent, LexResponseDialogAction>;
function pieces(mode: 'session'): Pieces<LexResponseIntent, LexEventDialogAction>;
function pieces(mode: Mode): Pieces<unknown, unknown> {
  const object = objectFor(mode);
  const event = mode === 'event';

  // Lex's events carry what was said (transcriptions' resolvedSlots have no interpretedValue);
  // the API's Value requires interpretedValue, and an originalValue left out is what was said.
  const slotValue = event
    ? object({
        originalValue: nonEmpty(),
        interpretedValue: optional(nonEmpty()),
        resolvedValues: withDefault(z.array(nonEmpty()), () => []),
      })
    : z.pipe(
        object({
          originalValue: optional(nonEmpty()),
          interpretedValue: nonEmpty(),
          resolvedValues: withDefault(z.array(nonEmpty()), () => []),
        }),
        z.transform((v) => ({ ...v, originalValue: v.originalValue ?? v.interpretedValue })),
      );

  // The response may leave out a Scalar slot's shape; events and sessions always carry it.
  const shape =
    mode === 'response'
      ? withDefault(z.enum(SLOT_SHAPES), () => 'Scalar' as const)
      : z.enum(SLOT_SHAPES);

  const slot: z.ZodMiniType<LexSlot> = z.lazy(() =>
    object({
      shape,
      value: optional(slotValue),
      values: optional(z.array(slot)),
      subSlots: optional(slots),
    }).check(
      z.superRefine((s, ctx) => {
        const [field, what] = SHAPE_NEEDS[s.shape];
        if (s[field] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            input: undefined,
            message: `is missing: a ${s.shape} slot has ${what} (use null for an empty slot)`,
          });
        }
      }),
    ),
  );
  const slots: z.ZodMiniType<LexSlots> = z.lazy(() => map(z.nullable(slot)));

  const intent = event
    ? object({
        name: nonEmpty(),
        slots: withDefault(slots, () => ({})),
        state: z.enum(INTENT_STATES),
        confirmationState: withDefault(z.enum(CONFIRMATION_STATES), () => 'None' as const),
      })
    : object({
        name: nonEmpty(),
        slots: optional(slots),
        state: optional(z.enum(INTENT_STATES)),
        confirmationState: optional(z.enum(CONFIRMATION_STATES)),
      });

  const subSlotToElicit: z.ZodMiniType<LexSubSlotToElicit> = z.lazy(() =>
    object({ name: nonEmpty(), subSlotToElicit: optional(subSlotToElicit) }),
  );
  const dialogAction = object({
    type: z.enum(mode === 'response' ? DIALOG_ACTION_TYPES : EVENT_DIALOG_ACTION_TYPES),
    slotToElicit: optional(mode === 'response' ? nonEmpty() : z.string()),
    slotElicitationStyle: optional(z.enum(SLOT_ELICITATION_STYLES)),
    subSlotToElicit: optional(subSlotToElicit),
  });

  const contextAttributes = map(text(LEX_LIMITS.contextAttributeValueMax)).check(
    z.superRefine((attributes, ctx) => {
      const names = Object.keys(attributes);
      if (names.length > LEX_LIMITS.maxContextAttributes) {
        ctx.addIssue({
          code: 'custom',
          input: attributes,
          message: `must hold at most ${LEX_LIMITS.maxContextAttributes} attributes, got ${names.length}`,
        });
      }
      for (const name of names) {
        if (name.length > LEX_LIMITS.contextAttributeNameMax) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            input: name,
            message: `is a name of more than ${LEX_LIMITS.contextAttributeNameMax} characters`,
          });
        }
      }
    }),
  );
  const activeContext = object({
    name: z
      .string()
      .check(
        z.maxLength(LEX_LIMITS.activeContextNameMax),
        z.regex(ACTIVE_CONTEXT_NAME, { error: 'must be letters, digits or single underscores' }),
      ),
    contextAttributes: withDefault(contextAttributes, () => ({})),
    timeToLive: object({
      timeToLiveInSeconds: intIn(LEX_LIMITS.timeToLiveSecondsMin, LEX_LIMITS.timeToLiveSecondsMax),
      turnsToLive: intIn(LEX_LIMITS.turnsToLiveMin, LEX_LIMITS.turnsToLiveMax),
    }),
  });
  const activeContexts = z.array(activeContext).check(z.maxLength(LEX_LIMITS.maxActiveContexts));

  // The quota Lex sets on the Lambda's output, which also bounds what a session can carry:
  // attributes the Lambda cannot send back would be stuck in the session.
  const sessionAttributes = map(z.string()).check(
    z.superRefine((attributes, ctx) => {
      const json = safeJson(attributes);
      const size = json.ok ? base64Length(utf8Bytes(json.json)) : 0;
      const limit = LEX_LIMITS.sessionAttributesBase64Bytes;
      if (size > limit) {
        ctx.addIssue({
          code: 'custom',
          input: attributes,
          message: `must take at most ${limit} bytes after base64 (12 KB), got ${size}`,
        });
      }
    }),
  );

  const runtimeHintDetails: z.ZodMiniType<LexRuntimeHintDetails> = z.lazy(() =>
    z.object({
      runtimeHintValues: optional(z.array(z.object({ phrase: z.string() }))),
      subSlotHints: optional(map(runtimeHintDetails)),
    }),
  );
  const runtimeHints = z.object({ slotHints: optional(map(map(runtimeHintDetails))) });

  return {
    object,
    slots,
    intent,
    dialogAction,
    activeContexts,
    sessionAttributes,
    runtimeHints,
  };
}

// ---------------------------------------------------------------------------------------------
// Rules that span fields

type Issues = { addIssue(issue: z.core.$ZodSuperRefineIssue): void };

function sentence(ctx: Issues, input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', input, message, params: SENTENCE });
}

/** ElicitSlot names the slot: the one rule a client's dialog action and the Lambda's share. */
function elicitSlotRule(state: unknown, ctx: Issues): void {
  if (!isRecord(state) || !isRecord(state.dialogAction)) return;
  const action = state.dialogAction;
  if (action.type === 'ElicitSlot' && action.slotToElicit === undefined) {
    sentence(
      ctx,
      action,
      'dialogAction ElicitSlot requires sessionState.dialogAction.slotToElicit',
    );
  }
}

/** What each dialog action of a Lambda response requires (Lex V2 developer guide). */
function dialogActionRules(response: unknown, ctx: Issues): void {
  if (!isRecord(response) || !isRecord(response.sessionState)) return;
  const state = response.sessionState;
  const action = state.dialogAction;
  if (!isRecord(action)) return;
  const type = action.type;
  if (typeof type !== 'string' || !(DIALOG_ACTION_TYPES as readonly string[]).includes(type)) {
    return;
  }
  const intent = isRecord(state.intent) ? state.intent : undefined;
  const named = typeof intent?.name === 'string' && intent.name.length > 0;
  const messages = Array.isArray(response.messages) ? response.messages.length : 0;
  const fail = (message: string) => sentence(ctx, response, message);
  const requireIntentName = () => {
    if (!named) fail(`dialogAction ${type} requires sessionState.intent.name`);
  };
  const requireMessage = () => {
    if (messages < 1) fail(`dialogAction ${type} requires at least one message in messages`);
  };

  switch (type) {
    case 'Close':
      requireIntentName();
      if (intent && !(CLOSE_INTENT_STATES as readonly unknown[]).includes(intent.state)) {
        const got = typeof intent.state === 'string' ? `"${intent.state}"` : 'nothing';
        fail(
          `dialogAction Close requires sessionState.intent.state to be ${orList(CLOSE_INTENT_STATES)}, got ${got}`,
        );
      }
      break;
    case 'ConfirmIntent':
      requireIntentName();
      if (intent && intent.slots === undefined) {
        fail('dialogAction ConfirmIntent requires sessionState.intent.slots');
      }
      requireMessage();
      break;
    case 'ElicitIntent':
      requireMessage();
      break;
    case 'ElicitSlot':
      requireIntentName();
      elicitSlotRule(state, ctx);
      break;
  }
  if (type !== 'ElicitSlot') {
    for (const field of ['slotToElicit', 'slotElicitationStyle', 'subSlotToElicit']) {
      if (action[field] !== undefined)
        fail(`dialogAction ${field} is only allowed with ElicitSlot`);
    }
  }
  if (type !== 'Delegate' && intent?.state === 'ReadyForFulfillment') {
    fail(
      `sessionState.intent.state ReadyForFulfillment is only allowed with dialogAction Delegate, got ${type}`,
    );
  }
}

/** Runs whatever else failed: every broken rule is reported at once. */
const ALWAYS = { when: () => true };

// ---------------------------------------------------------------------------------------------
// The three schemas

function buildEventSchema() {
  const p = pieces('event');
  const dialogAction = p.dialogAction;
  return z.object({
    messageVersion: z.enum(MESSAGE_VERSIONS),
    invocationSource: z.enum(INVOCATION_SOURCES),
    inputMode: z.enum(INPUT_MODES),
    responseContentType: z.string(),
    sessionId: nonEmpty(),
    inputTranscript: z.string(),
    invocationLabel: optional(z.string()),
    bot: z.object({
      id: nonEmpty(),
      name: nonEmpty(),
      aliasId: nonEmpty(),
      aliasName: z.string(),
      localeId: nonEmpty(),
      version: nonEmpty(),
    }),
    interpretations: z.array(
      z.object({
        intent: p.intent,
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
      }),
    ),
    proposedNextState: optional(
      z.object({
        dialogAction,
        intent: p.intent,
        prompt: optional(z.object({ attempt: z.enum(PROMPT_ATTEMPTS) })),
      }),
    ),
    sessionState: z.object({
      activeContexts: optional(p.activeContexts),
      sessionAttributes: withDefault(p.sessionAttributes, () => ({})),
      runtimeHints: optional(p.runtimeHints),
      dialogAction: optional(dialogAction),
      intent: p.intent,
      originatingRequestId: optional(z.string()),
    }),
    requestAttributes: optional(map(z.string())),
    // Text and speech alike: text mode has one, the input itself, with confidence 1.
    transcriptions: optional(
      z.array(
        z.object({
          transcription: z.string(),
          transcriptionConfidence: z.number(),
          resolvedContext: optional(z.object({ intent: z.string() })),
          resolvedSlots: optional(p.slots),
        }),
      ),
    ),
  });
}

function buildResponseSchema() {
  const p = pieces('response');
  return p
    .object({
      sessionState: p.object({
        dialogAction: p.dialogAction,
        intent: optional(p.intent),
        sessionAttributes: optional(p.sessionAttributes),
        activeContexts: optional(p.activeContexts),
        // Part of the runtime SessionState: echoing them back is fine.
        originatingRequestId: optional(z.string()),
        runtimeHints: optional(p.runtimeHints),
      }),
      messages: optional(z.array(message(p.object)).check(z.maxLength(LEX_LIMITS.maxMessages))),
      requestAttributes: optional(map(z.string())),
    })
    .check(z.superRefine(dialogActionRules, ALWAYS));
}

function message(object: ReturnType<typeof objectFor>) {
  const card = object({
    title: text(LEX_LIMITS.cardTextMax),
    subtitle: optional(text(LEX_LIMITS.cardTextMax)),
    imageUrl: optional(text(LEX_LIMITS.cardTextMax)),
    buttons: optional(
      z
        .array(
          object({ text: text(LEX_LIMITS.buttonTextMax), value: text(LEX_LIMITS.buttonValueMax) }),
        )
        .check(z.maxLength(LEX_LIMITS.maxButtons)),
    ),
  });
  return object({
    contentType: z.enum(MESSAGE_CONTENT_TYPES),
    content: optional(text(LEX_LIMITS.messageContentMax)),
    imageResponseCard: optional(card),
  }).check(
    z.superRefine((m, ctx) => {
      const field = m.contentType === 'ImageResponseCard' ? 'imageResponseCard' : 'content';
      if (m[field] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: undefined,
          message: `is missing: ${m.contentType === 'ImageResponseCard' ? 'an' : 'a'} ${m.contentType} message has ${field}`,
        });
      }
    }),
  );
}

function buildSessionSchema() {
  const p = pieces('session');
  return p
    .object({
      dialogAction: optional(p.dialogAction),
      intent: optional(p.intent),
      activeContexts: optional(p.activeContexts),
      sessionAttributes: optional(p.sessionAttributes),
      originatingRequestId: optional(z.string()),
      runtimeHints: optional(p.runtimeHints),
    })
    .check(z.superRefine(elicitSlotRule, ALWAYS));
}

/** PutSession's messages: the shapes of a response's messages (the runtime bounds their sizes). */
function buildMessagesSchema() {
  const object = objectFor('session');
  return object({ messages: z.array(message(object)) });
}

/** The schema built on first use, then kept. */
function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

export const eventSchema = lazily(buildEventSchema);
export const responseSchema = lazily(buildResponseSchema);
export const sessionSchema = lazily(buildSessionSchema);
export const messagesSchema = lazily(buildMessagesSchema);

// Compile-time check that the event schema produces the hand-written type.
const _eventMatchesType: () => z.ZodMiniType<LexEvent> = eventSchema;
void _eventMatchesType;
