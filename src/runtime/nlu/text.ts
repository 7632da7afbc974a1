import porter2 from 'wink-porter2-stemmer';

/** A word of the user's input: its normalised form and where it sits in the original text. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGIT = /[0-9]/;

/** Units people glue to a number: sizes, rates, times. */
const UNIT_SUFFIX =
  /^(?:[kmgtp]i?b?|[kmgtp]ib?s?|gigs?|megs?|bytes?|[kmgt]?bps|ms|s|sec|secs|min|mins|h|hrs?|x)$/;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && DIGIT.test(ch);
}

/**
 * Splits text into lower-case words; punctuation separates words ("vm-3" is "vm" "3", "I'm" is
 * "i" "m"), except inside numbers ("1.5", "1,024", "-15") so that numbers stay whole. Offsets let
 * a slot value be reported as the user typed it ("vm-3", not "vm 3").
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    const startsNumber =
      isDigit(ch) || (ch === '-' && isDigit(input[i + 1]) && !isWordChar(input[i - 1]));
    if (startsNumber) {
      const start = i;
      i += 1;
      while (i < input.length) {
        const c = input[i];
        if (isDigit(c)) i += 1;
        else if ((c === '.' || c === ',') && isDigit(input[i + 1]) && isDigit(input[i - 1])) i += 1;
        else break;
      }
      // "4GiB", "16gb": a number glued to a unit is two words, so that the number reads as one
      // wherever it stands; "2nd" and "3par" stay whole ("vm3" starts with a letter: one word).
      let end = i;
      while (isWordChar(input[end])) end += 1;
      const suffix = input.slice(i, end).toLowerCase();
      if (suffix === '' || !UNIT_SUFFIX.test(suffix)) i = end;
      tokens.push({ text: input.slice(start, i).toLowerCase(), start, end: i });
    } else if (isWordChar(ch)) {
      const start = i;
      while (isWordChar(input[i])) i += 1;
      tokens.push({ text: input.slice(start, i).toLowerCase(), start, end: i });
    } else {
      i += 1;
    }
  }
  return tokens;
}

/** The words of a phrase, normalised as the input is. */
export function words(phrase: string): string[] {
  return tokenize(phrase.replace(/[’‘]/g, "'")).map((t) => t.text);
}

/**
 * Words people add around a request that carry no meaning for intent recognition: cheap to
 * ignore in the input.
 */
export const FILLERS: ReadonlySet<string> = new Set(
  (
    'please pls plz kindly can could would will you u just the a an hey hi hello ok ' +
    'okay so um uh er erm now quickly maybe also then thanks thank oh well right i d ' +
    'like to want need ll ve m s for me us lets let go ahead actually really basically ' +
    'possible possibly currently presently asap mate guys folks sorry bother kind chance ' +
    'whenever convenient much lot appreciate appreciated grateful moment'
  ).split(' '),
);

/** Function words: cheap to miss from a sample utterance, and weigh little in its score. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the to of for on in at by with from into onto is are be was do does did me ' +
    'my i it its s and or we our you your this that there please can could would ' +
    'will m d ll ve re t some any up over about if as than but because though they them ' +
    'their these those been being has have had am were before during since else elsewhere ' +
    'something someone anyone must might sure most too quite rather even'
  ).split(' '),
);

/**
 * The Porter2 stem of a word ("migrating", "migration" and "migrated" are all "migrat"), so that
 * any inflection or derivation of an utterance's word meets it.
 */
export function stem(word: string): string {
  return porter2(word);
}
