/** AMAZON.Number: digits or English number words, normalised to a decimal string. */

// prettier-ignore
const UNITS: Readonly<Record<string, number>> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
  nine: 9,
};
// prettier-ignore
const TEENS: Readonly<Record<string, number>> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};
// prettier-ignore
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80,
  ninety: 90,
};
// prettier-ignore
const SCALES: Readonly<Record<string, number>> = {
  thousand: 1_000, million: 1_000_000, billion: 1_000_000_000,
};
const NEGATIVE = new Set(['minus', 'negative']);
const DECIMAL_POINT = new Set(['point', 'dot']);
const DIGITS = /^-?\d+(?:,\d{3})*(?:\.\d+)?$/;

type Kind = 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' | 'a';

/** Parses "twenty one", "one hundred and five", "two thousand": a non-negative integer. */
function parseIntegerWords(words: readonly string[]): number | undefined {
  let total = 0;
  let current = 0;
  let last: Kind | undefined;
  for (const word of words) {
    if (word in UNITS) {
      if (last === 'unit' || last === 'teen') return undefined;
      current += UNITS[word] ?? 0;
      last = 'unit';
    } else if (word in TEENS) {
      if (last === 'unit' || last === 'teen' || last === 'tens') return undefined;
      current += TEENS[word] ?? 0;
      last = 'teen';
    } else if (word in TENS) {
      if (last === 'unit' || last === 'teen' || last === 'tens') return undefined;
      current += TENS[word] ?? 0;
      last = 'tens';
    } else if (word === 'hundred') {
      if (last === 'hundred' || last === 'and' || last === 'scale') return undefined;
      current = (current === 0 ? 1 : current) * 100;
      last = 'hundred';
    } else if (word in SCALES) {
      if (last === 'and' || last === 'scale') return undefined;
      total += (current === 0 ? 1 : current) * (SCALES[word] ?? 1);
      current = 0;
      last = 'scale';
    } else if (word === 'and') {
      // "one hundred and five"
      if (last !== 'hundred' && last !== 'scale') return undefined;
      last = 'and';
    } else if (word === 'a') {
      // "a hundred", "a thousand"
      if (last !== undefined) return undefined;
      last = 'a';
    } else {
      return undefined;
    }
  }
  if (last === undefined || last === 'and' || last === 'a') return undefined;
  return total + current;
}

/** "four two" after "point": each word one digit. */
function parseDigitWords(words: readonly string[]): string | undefined {
  let digits = '';
  for (const word of words) {
    if (/^\d+$/.test(word)) digits += word;
    else if (word in UNITS) digits += String(UNITS[word]);
    else return undefined;
  }
  return digits.length > 0 ? digits : undefined;
}

function normaliseDigits(token: string): string {
  const plain = token.replace(/,/g, '');
  const n = Number(plain);
  if (!Number.isFinite(n)) return plain;
  // Keep what was written ("1.50" stays "1.50"); only canonicalise "-0" and leading zeros.
  return plain.includes('.') ? plain : String(n === 0 ? 0 : n);
}

/**
 * Returns the number the words say, as Lex's AMAZON.Number resolves it ("minus 15" → "-15",
 * "point four two" → "0.42", "1,024" → "1024"), or undefined when they are not (only) a number.
 */
export function parseNumber(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  let rest = words;
  let sign = '';
  if (NEGATIVE.has(rest[0] ?? '')) {
    sign = '-';
    rest = rest.slice(1);
  }
  if (rest.length === 0) return undefined;
  if (rest.length === 1 && DIGITS.test(rest[0] ?? '')) {
    const value = normaliseDigits(rest[0] ?? '');
    if (sign && value.startsWith('-')) return undefined;
    return sign + value;
  }
  const point = rest.findIndex((w) => DECIMAL_POINT.has(w));
  const integerWords = point === -1 ? rest : rest.slice(0, point);
  let integer: string;
  if (integerWords.length === 0) integer = '0';
  else if (integerWords.length === 1 && /^\d+$/.test(integerWords[0] ?? '')) {
    integer = normaliseDigits(integerWords[0] ?? '');
  } else {
    const n = parseIntegerWords(integerWords);
    if (n === undefined) return undefined;
    integer = String(n);
  }
  if (point === -1) return sign + integer;
  const fraction = parseDigitWords(rest.slice(point + 1));
  if (fraction === undefined) return undefined;
  return `${sign}${integer}.${fraction}`;
}
