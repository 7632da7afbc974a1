import { describe, expect, it } from 'vitest';
import { compileBotModel } from '../../../../src/runtime';
import { createSlotResolver } from '../../../../src/runtime/nlu/slot-types';
import { words } from '../../../../src/runtime/nlu/text';
import { fleetBot } from '../fixtures/fleet-bot';

const model = compileBotModel(fleetBot);
const vocabulary = new Set(['move', 'to', 'order', 'ticket', 'server', 'rack']);
const resolve = (type: string, text: string) =>
  createSlotResolver(type, model.slotTypes, vocabulary).match(words(text), text);

describe('custom slot type, ORIGINAL_VALUE (expand values)', () => {
  it('returns what the user said and lists the canonical value of a synonym', () => {
    expect(resolve('ServerType', 'Server 3')?.value).toEqual({
      originalValue: 'Server 3',
      interpretedValue: 'Server 3',
      resolvedValues: ['server-3'],
    });
  });

  it('accepts a value it does not list, with nothing resolved', () => {
    // Act
    const match = resolve('ServerType', 'web-9');
    // Assess
    expect(match?.known).toBe(false);
    expect(match?.value).toEqual({
      originalValue: 'web-9',
      interpretedValue: 'web-9',
      resolvedValues: [],
    });
  });

  it('forgives a typo in a listed value', () => {
    const match = resolve('ServerType', 'sever-2');
    expect(match?.known).toBe(true);
    expect(match?.value.resolvedValues).toEqual(['server-2']);
    expect(match?.cost).toBeGreaterThan(0);
  });

  it('does not guess between values a typo is equally near to', () => {
    expect(resolve('RackType', 'rack-z')?.value.resolvedValues).toEqual([]);
  });

  it('does not take sentence words or fillers for a value', () => {
    expect(resolve('ServerType', 'the server')).toBeUndefined();
    expect(resolve('ServerType', 'please')).toBeUndefined();
  });
});

describe('custom slot type, TOP_RESOLUTION (restrict to values)', () => {
  it('returns the canonical value of a synonym', () => {
    expect(resolve('DrinkType', 'short black')?.value).toEqual({
      originalValue: 'short black',
      interpretedValue: 'espresso',
      resolvedValues: ['espresso'],
    });
  });

  it('is case and punctuation insensitive', () => {
    expect(resolve('DrinkType', 'Caffe-Latte')?.value.interpretedValue).toBe('latte');
  });

  it('has no value for a word it does not list: the span is only marked unresolved', () => {
    // "a tea": the request is recognised, the slot stays empty and is asked for.
    expect(resolve('DrinkType', 'tea')).toMatchObject({ known: false, unresolved: true });
    // Words of the bot's own utterances are no attempt at a value.
    expect(resolve('DrinkType', 'server')).toBeUndefined();
  });
});

describe('AMAZON.AlphaNumeric', () => {
  it('with a regexFilter: only values matching the whole pattern', () => {
    expect(resolve('TicketType', 'AB1234')?.value.interpretedValue).toBe('AB1234');
    expect(resolve('TicketType', 'AB 1234')?.value.interpretedValue).toBe('AB1234');
    expect(resolve('TicketType', 'ABC123')).toBeUndefined();
  });

  it('without a filter: letters and digits', () => {
    expect(resolve('AMAZON.AlphaNumeric', 'APQ123')?.known).toBe(true);
  });
});

describe('AMAZON.Number and AMAZON.Confirmation', () => {
  it('normalises number words', () => {
    expect(resolve('AMAZON.Number', 'twenty one')?.value).toEqual({
      originalValue: 'twenty one',
      interpretedValue: '21',
      resolvedValues: ['21'],
    });
  });

  it('maps yes and no phrasings', () => {
    expect(resolve('AMAZON.Confirmation', 'yep')?.value.interpretedValue).toBe('Yes');
    expect(resolve('AMAZON.Confirmation', 'nope')?.value.interpretedValue).toBe('No');
    expect(resolve('AMAZON.Confirmation', 'maybe')?.value.interpretedValue).toBe('Maybe');
  });
});

describe('answers that are no values', () => {
  it.each(['yes', 'no thanks', 'ok'])('%j is not a new value of an expand slot type', (text) => {
    expect(resolve('ServerType', text)).toBeUndefined();
  });
});
