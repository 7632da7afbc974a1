/**
 * What a user's words do to the conversation itself, read from the raw input: drop the request,
 * start it over, hear the question again, ask for help, leave the choice to the bot, or point
 * back at the VM last talked about. Whole-utterance phrase lists, not a model: these answers are
 * short and formulaic, and reading them here keeps the Lambda right whether Lex recognised a
 * built-in intent or took the words as a slot value.
 */

export type RepairAct = 'cancel' | 'stop' | 'startOver' | 'repeat' | 'help';

const PHRASES: Readonly<Record<RepairAct, readonly string[]>> = {
  cancel: [
    'cancel',
    'cancel that',
    'cancel it',
    'cancel this',
    'cancel the request',
    'never mind',
    'nevermind',
    'forget it',
    'forget about it',
    'forget that',
    'forget this',
    'drop it',
    'drop that',
    'scratch that',
    'abort',
    'abort that',
    'don t bother',
    'leave it',
    'skip it',
    'i changed my mind',
    'changed my mind',
    'i ve changed my mind',
    'not anymore',
    'i don t want to anymore',
    'i don t want that anymore',
    'no forget it',
    'no cancel',
  ],
  stop: ['stop', 'stop it', 'stop that', 'quit', 'exit', 'shut up', 'enough', 'halt'],
  startOver: [
    'start over',
    'start again',
    'restart',
    'begin again',
    'from the top',
    'let s start over',
    'start from scratch',
    'start from the beginning',
    'reset',
    'let s try again from the start',
  ],
  repeat: [
    'repeat',
    'repeat that',
    'repeat please',
    'repeat the question',
    'say that again',
    'say it again',
    'say again',
    'come again',
    'what did you say',
    'what was the question',
    'pardon',
    'sorry what',
    'what',
  ],
  help: [
    'help',
    'help me',
    'what can i say',
    'what do you need',
    'what should i say',
    'what are my options',
    'options',
    'i don t know',
    'i m not sure',
    'not sure',
  ],
};

/** Words around an act that change nothing: "oh, cancel that please", "ok never mind thanks". */
const AROUND = new Set(
  'oh ok okay um uh er erm hmm well so just actually please pls thanks thank you no yes yeah ah sorry hey'.split(
    ' ',
  ),
);

/** Lower-case words, apostrophes and punctuation as spaces, emoji dropped. */
export function plainWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

function core(words: string[]): string {
  let start = 0;
  let end = words.length;
  while (start < end && AROUND.has(words[start] ?? '')) start += 1;
  while (end > start && AROUND.has(words[end - 1] ?? '')) end -= 1;
  return words.slice(start, end).join(' ');
}

/** The act when the whole input is one of the phrasings (give or take "please", "oh", "no"). */
export function repairAct(text: string): RepairAct | undefined {
  const words = plainWords(text);
  if (words.length === 0 || words.length > 12) return undefined;
  const candidates = new Set([words.join(' '), core(words)]);
  for (const act of Object.keys(PHRASES) as RepairAct[]) {
    if (PHRASES[act].some((p) => candidates.has(p))) return act;
  }
  return undefined;
}

const ANYWHERE =
  /\b(anywhere|any ?where|wherever|any host( that (fits|works|has room))?|any of them|you (pick|choose|decide)|your (pick|choice|call)|up to you|pick (one|for me|a host)|choose (one|for me)|best (one|host|place|option)|whatever (works|fits|is best)|doesn t matter|don t care|surprise me|somewhere( else)?)\b/;

/** "anywhere", "you pick", "any host that fits": the destination is the bot's to choose. */
export function leavesChoiceToBot(text: string): boolean {
  return ANYWHERE.test(plainWords(text).join(' '));
}

const REFERENCE =
  /\b(it|that vm|this vm|that machine|this machine|that one|this one|the same (vm|one|machine)|same (vm|one)|that guy|that box|this box)\b/;

/** "it", "that VM", "the same one": the VM last talked about. */
export function pointsBack(text: string): boolean {
  return REFERENCE.test(plainWords(text).join(' '));
}

const WHOLE_REFERENCE = new RegExp(`^(the |that |this )?(${REFERENCE.source})$`);

/** A slot value that is only a reference ("it", "that one"), not a name. */
export function isReference(value: string): boolean {
  return WHOLE_REFERENCE.test(plainWords(value).join(' '));
}

/** Words that mark a correction of what was said before. */
const CORRECTION =
  /^(actually|no|nope|sorry|oops|wait|i meant|i mean|make (it|that)|change (it|that)|rather|instead)\b|\b(instead|i meant|not\s+\S+\s*$)/;

export function soundsLikeCorrection(text: string): boolean {
  return CORRECTION.test(plainWords(text).join(' '));
}

const AGAIN =
  /\b(again|retry|one more time|try (it |that )?(with|using)|same (thing|request) (with|but))\b/;

/** "try again with auto-converge", "retry": the last refused request, changed. */
export function asksAgain(text: string): boolean {
  return AGAIN.test(plainWords(text).join(' '));
}
