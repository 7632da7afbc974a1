/**
 * When is a value a slot type does not list "similar to the slot values"? Lex's ORIGINAL_VALUE
 * returns what the user said only then, and re-elicits otherwise; how Lex judges it is not
 * documented. Here a new value is similar when it is written like the listed ones, in one of
 * two ways:
 *
 * 1. Word for word like a listed value or synonym: as many words, the words that several values
 *    share in that place repeated ("host", "vm", "virtual machine"), each other word of the same
 *    kind (letters, digits, or both). "host z" is like "host a", "vm twelve" like "vm one",
 *    "virtual machine 12" like "virtual machine 1"; "every hypervisor" is not like
 *    "hypervisor a", nor "zzzz qqqq" like anything.
 * 2. What is left of a listed form without its shared words: "b" for "host b", "bravo" for
 *    "host bravo", "3" for "vm 3" (people leave out what every value says).
 * 3. One name written as the values are: letters and digits, possibly joined by dashes, with no
 *    space; carrying a digit when every listed value has one, and a digit or a dash when every
 *    listed value has a dash (a mark that it names something rather than being a word). With
 *    vm-1..vm-8 listed: vm-9, web-2, db-eu-1, vm12; not "frontend" or "16 gigs". With host-a..
 *    host-f: host-z, esx01; not "joke".
 *
 * 4. A description by a catalogue value of the bot (a value or synonym of a TOP_RESOLUTION
 *    type), with or without the words this type's values share: "the web server vm", "cache"
 *    for a VM that runs the cache appliance. The Lambda resolves such a reference.
 *
 * A type that lists no values accepts any value.
 */

type Kind = 'letters' | 'digits' | 'mixed';

type Slot = { readonly fixed: string } | { readonly kind: Kind };

function kindOf(word: string): Kind {
  const digits = /\d/.test(word);
  const letters = /\p{L}/u.test(word);
  return digits && letters ? 'mixed' : digits ? 'digits' : 'letters';
}

const NAME = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

export interface ListedForm {
  /** The canonical value the form (value or synonym) stands for. */
  readonly canonical: string;
  /** The form's words, as the tokenizer splits them. */
  readonly words: readonly string[];
}

export type Similarity = (words: readonly string[], original: string) => boolean;

export function valueSimilarity(
  forms: readonly ListedForm[],
  catalogue: (words: readonly string[]) => boolean = () => false,
): Similarity {
  const canonicals = [...new Set(forms.map((f) => f.canonical))];
  if (canonicals.length === 0) return () => true;
  // Which word, in which place of a form of which length, occurs for more than one value.
  const owners = new Map<string, Set<string>>();
  const key = (length: number, at: number, word: string) => `${length}\u0000${at}\u0000${word}`;
  for (const form of forms) {
    form.words.forEach((word, at) => {
      const k = key(form.words.length, at, word);
      const set = owners.get(k) ?? new Set<string>();
      set.add(form.canonical);
      owners.set(k, set);
    });
  }
  const patterns: Slot[][] = [];
  const remainders = new Set<string>();
  const seen = new Set<string>();
  for (const form of forms) {
    const pattern = form.words.map((word, at): Slot => {
      const shared = (owners.get(key(form.words.length, at, word))?.size ?? 0) > 1;
      return shared ? { fixed: word } : { kind: kindOf(word) };
    });
    // A form with nothing shared ("hosta") says only "a word": too loose to compare with.
    if (!pattern.some((s) => 'fixed' in s)) continue;
    remainders.add(form.words.filter((_, i) => !('fixed' in (pattern[i] ?? {}))).join(' '));
    const id = JSON.stringify(pattern);
    if (!seen.has(id)) {
      seen.add(id);
      patterns.push(pattern);
    }
  }
  const shared = new Set(
    patterns.flatMap((p) => p.flatMap((s) => ('fixed' in s ? [s.fixed] : []))),
  );
  const describes = (words: readonly string[]) => {
    const rest = words.filter((w) => !shared.has(w));
    return rest.length > 0 && catalogue(rest);
  };
  const everyDigit = canonicals.every((c) => /\d/.test(c));
  const everyDash = canonicals.every((c) => c.includes('-'));

  const likeAForm = (words: readonly string[]) =>
    patterns.some(
      (p) =>
        p.length === words.length &&
        p.every((s, i) => {
          const word = words[i] ?? '';
          return 'fixed' in s ? s.fixed === word : s.kind === kindOf(word);
        }),
    );
  const likeAName = (original: string) => {
    const text = original.trim();
    if (!NAME.test(text)) return false;
    const digit = /\d/.test(text);
    // "16" is a number, not a name.
    if (!/\p{L}/u.test(text)) return false;
    if (everyDigit && !digit) return false;
    return !everyDash || digit || text.includes('-');
  };
  return (words, original) =>
    likeAForm(words) || remainders.has(words.join(' ')) || likeAName(original) || describes(words);
}
