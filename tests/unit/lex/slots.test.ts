import { describe, expect, it } from 'vitest';
import {
  clearSlot,
  getSlot,
  interpretedValue,
  originalValue,
  scalarSlot,
  setSlot,
  slotValue,
  type LexSlots,
} from '../../../src/lex';
import { deepFreeze, eventFixture } from './helpers';

describe('slot readers', () => {
  it('read the interpreted and the original value of a filled slot', () => {
    // Prepare
    const { slots } = eventFixture('create-vm-speech').sessionState.intent;

    // Act & Assess
    expect(interpretedValue(slots, 'ApplianceName')).toBe('database');
    expect(originalValue(slots, 'ApplianceName')).toBe('postgres');
    expect(slotValue(slots, 'MemoryGiB')).toBe('8');
    expect(getSlot(slots, 'ApplianceName')?.shape).toBe('Scalar');
  });

  it('give undefined (or null) for empty, missing and inherited names', () => {
    // Prepare
    const { slots } = eventFixture('create-vm-speech').sessionState.intent;
    const plain: LexSlots = { VmName: null };

    // Act & Assess
    expect(interpretedValue(slots, 'VmName')).toBeUndefined();
    expect(slotValue(slots, 'Nope')).toBeUndefined();
    expect(getSlot(plain, 'constructor')).toBeNull();
    expect(slotValue(plain, 'toString')).toBeUndefined();
    expect(slotValue(undefined, 'VmName')).toBeUndefined();
  });

  it('fall back to the original value when there is no interpreted one', () => {
    // Prepare
    const slots = eventFixture('create-vm-speech').transcriptions?.[0]?.resolvedSlots;

    // Act & Assess
    expect(interpretedValue(slots, 'MemoryGiB')).toBeUndefined();
    expect(slotValue(slots, 'MemoryGiB')).toBe('eight');
  });
});

describe('slot writers', () => {
  it('setSlot returns new slots with a scalar value, in the same key order', () => {
    // Prepare
    const slots = deepFreeze<LexSlots>({ A: null, VmName: null, B: scalarSlot('b') });

    // Act
    const updated = setSlot(slots, 'VmName', 'vm-3', 'VM three');

    // Assess
    expect(updated).toEqual({
      A: null,
      VmName: {
        shape: 'Scalar',
        value: { originalValue: 'VM three', interpretedValue: 'vm-3', resolvedValues: ['vm-3'] },
      },
      B: scalarSlot('b'),
    });
    expect(Object.keys(updated)).toEqual(['A', 'VmName', 'B']);
    expect(slots.VmName).toBeNull();
  });

  it('setSlot adds a slot that was not there; original defaults to interpreted', () => {
    expect(setSlot({}, 'TargetHost', 'host-b')).toEqual({
      TargetHost: scalarSlot('host-b', 'host-b'),
    });
    expect(setSlot(undefined, 'X', 'x')).toEqual({ X: scalarSlot('x') });
  });

  it('clearSlot empties a slot in a copy', () => {
    // Prepare
    const slots = deepFreeze(eventFixture('migrate-vm-fulfillment').sessionState.intent.slots);

    // Act
    const cleared = clearSlot(slots, 'TargetHost');

    // Assess
    expect(cleared.TargetHost).toBeNull();
    expect(interpretedValue(cleared, 'VmName')).toBe('vm-3');
    expect(interpretedValue(slots, 'TargetHost')).toBe('host-b');
  });

  it('writes a slot named __proto__ as a plain key, not a prototype', () => {
    // Act
    const slots = setSlot({}, '__proto__', 'x');

    // Assess
    expect(Object.getPrototypeOf(slots)).toBe(Object.prototype);
    expect(Object.keys(slots)).toEqual(['__proto__']);
  });
});
