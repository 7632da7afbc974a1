import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../../src/runtime/nlu/numbers';
import { words } from '../../../../src/runtime/nlu/text';

const parse = (text: string) => parseNumber(words(text));

const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** An independent English rendering of 0..999999 for the property test. */
function inWords(n: number): string {
  if (n < 20) return SMALL[n] ?? '';
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? ` ${SMALL[n % 10]}` : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${SMALL[Math.floor(n / 100)]} hundred${rest ? ` and ${inWords(rest)}` : ''}`;
  }
  const rest = n % 1000;
  return `${inWords(Math.floor(n / 1000))} thousand${rest ? ` ${inWords(rest)}` : ''}`;
}

describe('AMAZON.Number', () => {
  it.each([
    ['4', '4'],
    ['four', '4'],
    ['twenty one', '21'],
    ['minus 15', '-15'],
    ['negative three', '-3'],
    ['-15', '-15'],
    ['point four two', '0.42'],
    ['two point five', '2.5'],
    ['1.5', '1.5'],
    ['1,024', '1024'],
    ['one hundred and five', '105'],
    ['a hundred', '100'],
    ['two thousand', '2000'],
    ['sixteen', '16'],
  ])('%s → %s', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it.each(['', 'lots', 'four five', 'twenty twenty', 'minus', 'point', 'one and', 'vm 3', 'a'])(
    'rejects %j',
    (text) => {
      expect(parse(text)).toBeUndefined();
    },
  );

  it('reads back every integer written in words (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
        expect(parse(inWords(n))).toBe(String(n));
      }),
    );
  });
});
