import * as z from 'zod/mini';
import type { LexSlot, LexSlots, LexSlotValue, SlotShape } from '../types';
import { map, missing, nonEmpty, optional, withDefault, type ObjectOf } from './kit';

/** Slot values and slots, in their two kinds: an event's, and a session's. */

/** What an event carries: what was said (a transcription's resolvedSlots have no interpretedValue). */
export function eventSlotValue(object: ObjectOf) {
  return object({
    originalValue: nonEmpty(),
    interpretedValue: optional(nonEmpty()),
    resolvedValues: withDefault(z.array(nonEmpty()), () => []),
  });
}

/**
 * What a Lambda response or a client's session state gives: the API's Value requires
 * interpretedValue, and an originalValue left out is what was said.
 */
export function sessionSlotValue(object: ObjectOf) {
  return z.pipe(
    object({
      originalValue: optional(nonEmpty()),
      interpretedValue: nonEmpty(),
      resolvedValues: withDefault(z.array(nonEmpty()), () => []),
    }),
    z.transform((v) => ({ ...v, originalValue: v.originalValue ?? v.interpretedValue })),
  );
}

const SHAPE_NEEDS = {
  Scalar: ['value', 'a value'],
  List: ['values', 'values'],
  Composite: ['subSlots', 'subSlots'],
} as const;

/** Slots by name, each with values read by `value` and its shape by `shape`; empty ones null. */
export function slotMap<V extends LexSlotValue>(
  object: ObjectOf,
  shape: z.ZodMiniType<SlotShape>,
  value: z.ZodMiniType<V>,
): z.ZodMiniType<LexSlots<V>> {
  // Annotated: TypeScript cannot infer a type through its own recursion (same-as-types.ts
  // checks slotObject's fields against LexSlot).
  const slot: z.ZodMiniType<LexSlot<V>> = z.lazy(() =>
    slotObject(object, shape, value, slot, slots),
  );
  const slots: z.ZodMiniType<LexSlots<V>> = z.lazy(() => map(z.nullable(slot)));
  return slots;
}

/** One slot: its shape, and the value, values or sub-slots that shape has. */
export function slotObject<V extends LexSlotValue>(
  object: ObjectOf,
  shape: z.ZodMiniType<SlotShape>,
  value: z.ZodMiniType<V>,
  slot: z.ZodMiniType<LexSlot<V>>,
  slots: z.ZodMiniType<LexSlots<V>>,
) {
  return object({
    shape,
    value: optional(value),
    values: optional(z.array(slot)),
    subSlots: optional(slots),
  }).check(
    z.superRefine((s, ctx) => {
      const [field, what] = SHAPE_NEEDS[s.shape];
      if (s[field] === undefined) {
        missing(
          ctx,
          field,
          `is missing: a ${s.shape} slot has ${what} (use null for an empty slot)`,
        );
      }
    }),
  );
}
