import { describe, expect, it } from 'vitest';
import { editDistance, typoDistance } from '../../../../src/runtime/nlu/edit-distance';
import { stem, tokenize, words } from '../../../../src/runtime/nlu/text';

describe('tokenize', () => {
  it('lower-cases words and splits on punctuation, keeping offsets into the original', () => {
    // Prepare
    const input = 'Migrate VM-3, to host B!';
    // Act
    const tokens = tokenize(input);
    // Assess
    expect(tokens.map((t) => t.text)).toEqual(['migrate', 'vm', '3', 'to', 'host', 'b']);
    expect(input.slice(tokens[1]?.start, tokens[2]?.end)).toBe('VM-3');
  });

  it('keeps numbers whole: decimals, thousands separators and a leading minus', () => {
    expect(words('give it 1.5 GiB, -15 or 1,024')).toEqual([
      'give',
      'it',
      '1.5',
      'gib',
      '-15',
      'or',
      '1,024',
    ]);
  });

  it('splits a number from the unit glued to it, and keeps names and ordinals whole', () => {
    expect(words('4GiB web, 16gb, 8G of ram, 16gigs')).toEqual([
      '4',
      'gib',
      'web',
      '16',
      'gb',
      '8',
      'g',
      'of',
      'ram',
      '16',
      'gigs',
    ]);
    expect(words('vm3 2nd 3par db-eu-1')).toEqual(['vm3', '2nd', '3par', 'db', 'eu', '1']);
  });

  it('splits contractions the same way in utterances and in input', () => {
    expect(words("I'm lost, don't")).toEqual(['i', 'm', 'lost', 'don', 't']);
  });
});

describe('stem (Porter2)', () => {
  it.each([
    ['hosts', 'host'],
    ['moving', 'move'],
    ['move', 'move'],
    ['moved', 'move'],
    ['migration', 'migrat'],
    ['migrating', 'migrat'],
    ['evacuation', 'evacu'],
    ['vm', 'vm'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('typoDistance', () => {
  it('forgives one typo in a word of four letters only when two letters are swapped', () => {
    expect(typoDistance('hots', 'host')).toBe(1);
    expect(typoDistance('lsit', 'list')).toBe(1);
    expect(typoDistance('mars', 'mark')).toBeUndefined();
    expect(typoDistance('mass', 'mars')).toBeUndefined();
  });

  it('forgives one typo from five letters, two from eight', () => {
    expect(typoDistance('dran', 'drain')).toBeUndefined();
    expect(typoDistance('drian', 'drain')).toBe(1);
    expect(typoDistance('evacuaet', 'evacuate')).toBe(1);
    expect(typoDistance('evacaute', 'evacuate')).toBe(1);
    expect(typoDistance('maintnance', 'maintenance')).toBe(1);
  });
});

describe('editDistance', () => {
  it.each([
    ['migrate', 'migrate', 0],
    ['migrate', 'migarte', 1],
    ['migrate', 'migrat', 1],
    ['evacuate', 'evacuaet', 1],
    ['host', 'hots', 1],
    ['abc', 'xyz', 3],
  ])('%s ~ %s = %i', (a, b, d) => {
    expect(editDistance(a, b, 5)).toBe(d);
  });

  it('stops at the bound', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
