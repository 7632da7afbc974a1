import type { LexSlot, LexSlots } from './types';

/**
 * Reading and writing slots. Lookups only see a map's own keys (a slot named `constructor`
 * is not Object's), and writers return a new map, leaving the given one untouched.
 */

export function getSlot(slots: Readonly<LexSlots> | undefined, name: string): LexSlot | null {
  if (!slots || !Object.prototype.hasOwnProperty.call(slots, name)) return null;
  return slots[name] ?? null;
}

/** What Lex resolved the slot to; undefined when the slot is empty. */
export function interpretedValue(
  slots: Readonly<LexSlots> | undefined,
  name: string,
): string | undefined {
  return getSlot(slots, name)?.value?.interpretedValue;
}

/** What the user said for the slot; undefined when the slot is empty. */
export function originalValue(
  slots: Readonly<LexSlots> | undefined,
  name: string,
): string | undefined {
  return getSlot(slots, name)?.value?.originalValue;
}

/** The interpreted value, else the original one: what intent code usually wants. */
export function slotValue(slots: Readonly<LexSlots> | undefined, name: string): string | undefined {
  const value = getSlot(slots, name)?.value;
  return value?.interpretedValue ?? value?.originalValue;
}

export function scalarSlot(interpreted: string, original: string = interpreted): LexSlot {
  return {
    shape: 'Scalar',
    value: {
      originalValue: original,
      interpretedValue: interpreted,
      resolvedValues: [interpreted],
    },
  };
}

/** A copy of `slots` with `name` set to a scalar value. */
export function setSlot(
  slots: Readonly<LexSlots> | undefined,
  name: string,
  interpreted: string,
  original: string = interpreted,
): LexSlots {
  return withSlot(slots, name, scalarSlot(interpreted, original));
}

/** A copy of `slots` with `name` empty (null), which is how Lex is told to elicit it again. */
export function clearSlot(slots: Readonly<LexSlots> | undefined, name: string): LexSlots {
  return withSlot(slots, name, null);
}

function withSlot(
  slots: Readonly<LexSlots> | undefined,
  name: string,
  slot: LexSlot | null,
): LexSlots {
  // fromEntries defines keys, so even a slot named __proto__ stays a plain key.
  const entries: [string, LexSlot | null][] = Object.entries(slots ?? {});
  const at = entries.findIndex(([key]) => key === name);
  if (at >= 0) entries[at] = [name, slot];
  else entries.push([name, slot]);
  return Object.fromEntries(entries);
}
