import * as z from 'zod/mini';
import { base64Length, safeJson, utf8Bytes } from '../json-size';
import {
  CONFIRMATION_STATES,
  DIALOG_ACTION_TYPES,
  EVENT_DIALOG_ACTION_TYPES,
  INTENT_STATES,
  LEX_LIMITS,
  SLOT_ELICITATION_STYLES,
  type LexRuntimeHintDetails,
  type LexSlots,
  type LexSlotValue,
  type LexSubSlotToElicit,
} from '../types';
import { intIn, map, nonEmpty, optional, text, withDefault, type ObjectOf } from './kit';

/**
 * The parts of a session state: the intent, the dialog action, active contexts, session
 * attributes and runtime hints, each in the kinds the event, the response and a client's
 * session state need.
 */

/** An event's intent: Lex fills in what it left out (no slots, confirmationState None). */
export function eventIntent(object: ObjectOf, slots: z.ZodMiniType<LexSlots>) {
  return object({
    name: nonEmpty(),
    slots: withDefault(slots, () => ({})),
    state: z.enum(INTENT_STATES),
    confirmationState: withDefault(z.enum(CONFIRMATION_STATES), () => 'None' as const),
  });
}

/** A response's or a client's intent: everything but the name optional. */
export function partialIntent<V extends LexSlotValue>(
  object: ObjectOf,
  slots: z.ZodMiniType<LexSlots<V>>,
) {
  return object({
    name: nonEmpty(),
    slots: optional(slots),
    state: optional(z.enum(INTENT_STATES)),
    confirmationState: optional(z.enum(CONFIRMATION_STATES)),
  });
}

/** The dialog action an event reports or a client sets: the runtime model also knows `None`. */
export function eventDialogAction(object: ObjectOf) {
  return dialogAction(object, EVENT_DIALOG_ACTION_TYPES, z.string());
}

/** The dialog action a Lambda returns. */
export function responseDialogAction(object: ObjectOf) {
  return dialogAction(object, DIALOG_ACTION_TYPES, nonEmpty());
}

function dialogAction<T extends readonly string[]>(
  object: ObjectOf,
  types: T,
  slotName: z.ZodMiniString,
) {
  const subSlot: z.ZodMiniType<LexSubSlotToElicit> = z.lazy(() => subSlotObject(object, subSlot));
  return object({
    type: z.enum(types),
    slotToElicit: optional(slotName),
    slotElicitationStyle: optional(z.enum(SLOT_ELICITATION_STYLES)),
    subSlotToElicit: optional(subSlot),
  });
}

/** Which sub-slot of a composite slot to elicit, down to any depth. */
export function subSlotObject(object: ObjectOf, subSlot: z.ZodMiniType<LexSubSlotToElicit>) {
  return object({ name: nonEmpty(), subSlotToElicit: optional(subSlot) });
}

/** Runtime V2 ActiveContext name. */
const ACTIVE_CONTEXT_NAME = /^([A-Za-z0-9]_?)+$/;

export function activeContexts(object: ObjectOf) {
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
  return z.array(activeContext).check(z.maxLength(LEX_LIMITS.maxActiveContexts));
}

/**
 * The quota Lex sets on the Lambda's output, which also bounds what a session can carry:
 * attributes the Lambda cannot send back would be stuck in the session.
 */
export function sessionAttributes() {
  return map(z.string()).check(
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
}

/** intent name → slot name → hints; the objects drop unknown fields in every kind. */
export function runtimeHints() {
  const details: z.ZodMiniType<LexRuntimeHintDetails> = z.lazy(() => hintDetailsObject(details));
  return z.object({ slotHints: optional(map(map(details))) });
}

export function hintDetailsObject(details: z.ZodMiniType<LexRuntimeHintDetails>) {
  return z.object({
    runtimeHintValues: optional(z.array(z.object({ phrase: z.string() }))),
    subSlotHints: optional(map(details)),
  });
}
