import * as z from 'zod/mini';
import {
  INPUT_MODES,
  INTERPRETATION_SOURCES,
  INVOCATION_SOURCES,
  LEX_LIMITS,
  MESSAGE_VERSIONS,
  PROMPT_ATTEMPTS,
  SENTIMENTS,
  SLOT_SHAPES,
  type LexSessionSlotValue,
} from '../types';
import { lazily, map, nonEmpty, objectFor, optional, withDefault } from './kit';
import { message } from './messages';
import { ALWAYS, dialogActionRules, elicitSlotRule } from './rules';
import { eventSlotValue, sessionSlotValue, slotMap } from './slots';
import {
  activeContexts,
  eventDialogAction,
  eventIntent,
  partialIntent,
  responseDialogAction,
  runtimeHints,
  sessionAttributes,
} from './state';

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
 * What each produces is exactly a type of ../types.ts, checked by the compiler
 * (same-as-types.ts). Each schema is built on first use, not when the module loads: a cold
 * start pays for the schemas its invocation needs, when it needs them.
 */

function buildEventSchema() {
  const object = objectFor(false);
  const slots = slotMap(object, z.enum(SLOT_SHAPES), eventSlotValue(object));
  const intent = eventIntent(object, slots);
  const dialogAction = eventDialogAction(object);
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
        intent,
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
        intent,
        prompt: optional(z.object({ attempt: z.enum(PROMPT_ATTEMPTS) })),
      }),
    ),
    sessionState: z.object({
      activeContexts: optional(activeContexts(object)),
      sessionAttributes: withDefault(sessionAttributes(), () => ({})),
      runtimeHints: optional(runtimeHints()),
      dialogAction: optional(dialogAction),
      intent,
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
          resolvedSlots: optional(slots),
        }),
      ),
    ),
  });
}

function buildResponseSchema() {
  const object = objectFor(true);
  // The response may leave out a Scalar slot's shape; events and sessions always carry it.
  const shape = withDefault(z.enum(SLOT_SHAPES), () => 'Scalar' as const);
  const slots = slotMap<LexSessionSlotValue>(object, shape, sessionSlotValue(object));
  return object({
    sessionState: object({
      dialogAction: responseDialogAction(object),
      intent: optional(partialIntent(object, slots)),
      sessionAttributes: optional(sessionAttributes()),
      activeContexts: optional(activeContexts(object)),
      // Part of the runtime SessionState: echoing them back is fine.
      originatingRequestId: optional(z.string()),
      runtimeHints: optional(runtimeHints()),
    }),
    messages: optional(z.array(message(object)).check(z.maxLength(LEX_LIMITS.maxMessages))),
    requestAttributes: optional(map(z.string())),
  }).check(z.superRefine(dialogActionRules, ALWAYS));
}

function buildSessionSchema() {
  const object = objectFor(false);
  const slots = slotMap<LexSessionSlotValue>(object, z.enum(SLOT_SHAPES), sessionSlotValue(object));
  return object({
    dialogAction: optional(eventDialogAction(object)),
    intent: optional(partialIntent(object, slots)),
    activeContexts: optional(activeContexts(object)),
    sessionAttributes: optional(sessionAttributes()),
    originatingRequestId: optional(z.string()),
    runtimeHints: optional(runtimeHints()),
  }).check(z.superRefine(elicitSlotRule, ALWAYS));
}

/** PutSession's messages: the shapes of a response's messages (the runtime bounds their sizes). */
function buildMessagesSchema() {
  const object = objectFor(false);
  return object({ messages: z.array(message(object)) });
}

export const eventSchema = lazily(buildEventSchema);
export const responseSchema = lazily(buildResponseSchema);
export const sessionSchema = lazily(buildSessionSchema);
export const messagesSchema = lazily(buildMessagesSchema);
