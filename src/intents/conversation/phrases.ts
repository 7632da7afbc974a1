import type { RepairAct } from '../../../bot-definition';

/**
 * What a user's words do to the conversation itself, read from the raw input: yes and no, drop
 * the request, start it over, hear the question again, ask for help, leave the choice to the bot,
 * point back at what was last talked about, hedge an answer, ask a question, ask for something
 * the bot cannot do. Phrase lists and patterns, not a model: these are short and formulaic, and
 * reading them here keeps the Lambda right whatever intent Lex recognised, or whether it took the
 * words as a slot value.
 */

export type { RepairAct };

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

const plain = (text: string) => plainWords(text).join(' ');

/** A phrase list as one anchored pattern over plain words. */
const anyOf = (phrases: readonly string[]) =>
  new RegExp(`^(?:${phrases.map((p) => p.replace(/ /g, ' ')).join('|')})$`);

/** Words around a short answer that change nothing: "oh, cancel that please", "ok thanks". */
const AROUND = new Set(
  'oh ok okay um uh er err erm hmm hm well so just actually please pls thanks thank you yes yeah ah sorry hey then now alright right'.split(
    ' ',
  ),
);

function core(words: readonly string[]): string {
  let start = 0;
  let end = words.length;
  while (start < end && AROUND.has(words[start] ?? '')) start += 1;
  while (end > start && AROUND.has(words[end - 1] ?? '')) end -= 1;
  return words.slice(start, end).join(' ');
}

const PHRASES: Readonly<Record<Exclude<RepairAct, 'help'> | 'help', readonly string[]>> = {
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
    'no leave it',
    'nah leave it',
    'leave it be',
    'let s not',
    'no let s not',
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

/** The act when the whole input is one of the phrasings (give or take "please", "oh", "no"). */
export function repairAct(text: string): RepairAct | undefined {
  const words = plainWords(text);
  if (words.length === 0 || words.length > 12) return undefined;
  const candidates = new Set([words.join(' '), core(words)]);
  for (const act of Object.keys(PHRASES) as RepairAct[]) {
    if (PHRASES[act].some((p) => candidates.has(p))) return act;
  }
  // "forget vm-4", "cancel the migration of vm-4" is another matter (unsupported): only the
  // request itself, named, is dropped here.
  if (
    /^(?:forget|drop|cancel|scrap) (?:about )?(?:vm|host|it|that|this|the request)\b/.test(
      words.join(' '),
    )
  )
    return /\bmigration\b/.test(words.join(' ')) ? undefined : 'cancel';
  return undefined;
}

const YES = anyOf([
  'y',
  'yes',
  'yeah',
  'yea',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'k',
  'correct',
  'confirm',
  'confirmed',
  'affirmative',
  'absolutely',
  'of course',
  'right',
  'that s right',
  'sounds good',
  'sounds great',
  'good',
  'great',
  'perfect',
  'definitely',
  'alright',
  'all right',
  'fine',
  'fine by me',
  'go',
  'go ahead',
  'go for it',
  'go on',
  'go on then',
  'do it',
  'do that',
  'please do',
  'proceed',
  'let s do it',
  'let s go',
  'why not',
  'sure thing',
  'make it so',
  'that one',
  'that works',
  'works for me',
  'go with it',
  'go with that',
  'use that',
  'take it',
  'yes please',
  'yes do it',
  'yes go ahead',
]);
const NO = anyOf([
  'n',
  'no',
  'nope',
  'nah',
  'no thanks',
  'no thank you',
  'don t',
  'do not',
  'dont',
  'don t do it',
  'don t do that',
  'wait don t',
  'wait no',
  'hold on',
  'hold off',
  'negative',
  'not now',
  'not yet',
  'not really',
  'no way',
  'wrong',
  'better not',
  'i d rather not',
]);

/** "yesss" → "yes", "nooo" → "no": people stretch short answers. */
function collapse(word: string): string {
  return word.replace(/(.)\1{2,}/g, '$1').replace(/^(ye|no)s+$/, '$1s');
}

/** A plain yes or no (give or take "please", "thanks", "ok", "then"); undefined otherwise. */
export function yesOrNo(text: string): 'yes' | 'no' | undefined {
  const words = plainWords(text).map(collapse);
  if (words.length === 0 || words.length > 8) return undefined;
  for (const candidate of [words.join(' '), core(words)]) {
    if (NO.test(candidate)) return 'no';
    if (YES.test(candidate)) return 'yes';
  }
  return undefined;
}

/** A no that goes on to say something else: "no, host-d", "nope, make it vm-5". */
export function startsWithNo(text: string): boolean {
  return /^(?:no|nope|nah|not)\b/.test(plain(text));
}

/** "sounds good, go with auto-converge", "alright, throttle it then": a yes with details. */
export function soundsLikeYes(text: string): boolean {
  return /^(?:yes|yeah|yep|sure|ok|okay|alright|all right|fine|fair enough|sounds good|go on|go ahead|do it|let s)\b/.test(
    plain(text),
  );
}

const ANYWHERE =
  /\b(anywhere|any ?where|wherever|any host( that (fits|works|has room))?|any of them|you (pick|choose|decide)|your (pick|choice|call)|up to you|pick (one|for me|a host)|choose (one|for me)|best (one|host|place|option)|whatever (works|fits|is best)|doesn t matter|don t care|surprise me|somewhere( else)?)\b/;

/** "anywhere", "you pick", "any host that fits": the destination is the bot's to choose. */
export function leavesChoiceToBot(text: string): boolean {
  return ANYWHERE.test(plain(text));
}

const SUGGEST =
  /\b(what (would|do) you (suggest|recommend|propose)|what s (best|your suggestion|your recommendation)|which (one|host) (is best|would you (pick|choose|suggest|recommend))|any (ideas|suggestions)|where (should|would|could) it go|recommend (one|a host|something)|suggest (one|a host|something)|why that (host|one))\b/;

/** "what would you suggest?", "which is best?": a recommendation asked for. */
export function asksForSuggestion(text: string): boolean {
  return SUGGEST.test(plain(text));
}

const REFERENCE =
  /\b(it|that vm|this vm|that machine|this machine|that one|this one|the same (vm|one|machine)|same (vm|one)|that guy|that box|this box)\b/;

/** "it", "that VM", "the same one": what was last talked about. */
export function pointsBack(text: string): boolean {
  return REFERENCE.test(plain(text));
}

const WHOLE_REFERENCE = new RegExp(`^(the |that |this )?(${REFERENCE.source})$`);

/** A slot value that is only a reference ("it", "that one"), not a name. */
export function isReference(value: string): boolean {
  return WHOLE_REFERENCE.test(plain(value));
}

/** Words that mark a correction of what was said before. */
const CORRECTION =
  /^(actually|no|nope|nah|sorry|oops|wait|i meant|i mean|make (it|that)|change (it|that)|rather|instead|switch (it|that) to|let s (make it|do)|how about|what about)\b|\b(instead|i meant|not\s+\S+\s*$|rather than)/;

export function soundsLikeCorrection(text: string): boolean {
  return CORRECTION.test(plain(text));
}

const AGAIN =
  /\b(again|retry|one more time|try (it |that )?(with|using)|same (thing|request) (with|but)|throttle it|go (with|on with) auto ?converge|with auto ?converge then|use auto ?converge)\b/;

/** "try again with auto-converge", "alright, throttle it then": the last refused request, changed. */
export function asksAgain(text: string): boolean {
  return AGAIN.test(plain(text));
}

const STILL =
  /^(and )?(now|again|still|how about now|what about now|and now|any change|update|refresh|once more)$/;

/** "and now?", "again?": the last question, asked again. */
export function asksForUpdate(text: string): boolean {
  return STILL.test(core(plainWords(text)));
}

const QUESTION_START =
  /^(how|what|which|where|why|when|who|whose|is|are|was|were|does|do|did|can|could|will|would|should|has|have|tell me|show me|explain)\b/;

/** A question rather than an answer or a command ("how busy is host-c?", "is vm-8 migrating"). */
export function isQuestion(text: string): boolean {
  return text.trim().endsWith('?') || QUESTION_START.test(core(plainWords(text)));
}

/**
 * Words around an answer that leave it an answer: hedges and fillers ("hmm, host-d maybe",
 * "let's say host c", "host-a, I'd say", "go with vm-5 I guess").
 */
const HEDGES = new Set(
  (
    'um uh er err erm hmm hm well so ok okay oh ah maybe probably perhaps possibly i think guess ' +
    'suppose say d let s lets go with use take try pick choose how about what about the a an ' +
    'to on onto into over please just one that s it s is it be would should could mean meant ' +
    'for then sure yes yeah actually rather instead prefer like want put move send migrate'
  ).split(' '),
);

/** Whether the input is only `value` with hedges and fillers around it. */
export function onlyHedgedAround(text: string, valueWords: readonly string[]): boolean {
  const words = plainWords(text);
  const rest = [...words];
  for (const w of valueWords) {
    const at = rest.indexOf(w);
    if (at >= 0) rest.splice(at, 1);
  }
  return rest.every((w) => HEDGES.has(w));
}

/** What the bot cannot do, said back in a few words: "reboot hosts", "take snapshots". */
export interface Unsupported {
  readonly operation: string;
}

const UNSUPPORTED: readonly [RegExp, string][] = [
  [
    /\b(reboot|restart|reset) (the )?(host|server|node|hypervisor)\b|\breboot host\b/,
    'reboot hosts',
  ],
  [/\b(reboot|restart)\b/, 'reboot VMs'],
  [
    /\b(power|switch|turn|shut|shutdown)\b.*\b(off|down)\b|\bpower (on|up)\b|\bshut ?down\b|\bswitch off\b/,
    'switch machines on or off',
  ],
  [
    /\b(boot|start|startup|start up|power up)\b (the )?(vm|guest|machine|it)\b|\bboot\b/,
    'start or stop VMs',
  ],
  [/\b(pause|suspend|hibernate|resume|unpause|freeze)\b/, 'pause or resume VMs'],
  [
    /\b(resize|scale (up|down|out)|upsize|downsize)\b|\b(add|give|more|increase|raise|bump)\b.*\b(memory|ram|gib|gb|cpu|cpus|vcpu|vcpus|cores|disk|storage)\b/,
    'resize a VM (its memory and vCPUs are fixed once it is created)',
  ],
  [/\b(clone|duplicate|copy)\b/, 'clone VMs'],
  [/\b(snapshot|snapshots|back ?up|backups|restore)\b/, 'take snapshots or backups'],
  [
    /\b(remove|delete|decommission|retire|drop) (the |a )?(host|server|node|hypervisor)\b|\b(add|buy|provision|install|rack) (a |an |another |one |new |more )*(hosts?|servers?|nodes?|hypervisors?)\b/,
    'add or remove hosts',
  ],
  [/\blogs?\b|\bconsole\b|\bssh\b|\bpassword\b/, 'show logs or open consoles'],
  [
    /\b(abort|cancel|kill|stop|halt|roll ?back|undo|revert)\b.*\bmigrat/,
    'stop a migration once it has started (it ends by itself, or is aborted by the rules that guard it)',
  ],
  [
    /\b(upgrade|patch|update)\b.*\b(host|hypervisor|kernel|firmware|server)\b/,
    'upgrade or patch hosts',
  ],
];

/** A request for something the bot cannot do, read from the words; undefined otherwise. */
export function unsupported(text: string): Unsupported | undefined {
  const t = plain(text);
  for (const [pattern, operation] of UNSUPPORTED) if (pattern.test(t)) return { operation };
  return undefined;
}
