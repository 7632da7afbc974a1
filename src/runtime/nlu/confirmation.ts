import { FILLERS, words } from './text';

export type ConfirmationAnswer = 'yes' | 'no';

const YES = (
  'yes|yeah|yea|yep|yup|ya|y|sure|ok|okay|k|please do|go ahead|do it|correct|' +
  'confirm|confirmed|affirmative|absolutely|of course|right|that s right|' +
  'sounds good|definitely|alright|all right|fine|go for it|proceed|yes please|' +
  'let s do it|why not|sure thing'
).split('|');
const NO = (
  'no|nope|nah|n|don t|do not|dont|cancel|stop|negative|no thanks|not now|' +
  'never mind|nevermind|wrong|abort|don t do it|not really|no way|forget it|' +
  'not yet'
).split('|');

const yesPhrases = YES.map(words);
const noPhrases = NO.map(words);

/** "yesss" → "yes", "nooo" → "no": people stretch short answers. */
function collapseRepeats(word: string): string {
  return word.replace(/(.)\1{2,}/g, '$1').replace(/^(ye|no)s?s+$/, (m) => m.replace(/s+$/, 's'));
}

function startsWith(tokens: readonly string[], phrase: readonly string[]): boolean {
  return phrase.length <= tokens.length && phrase.every((w, i) => tokens[i] === w);
}

function longestPrefix(tokens: readonly string[], phrases: readonly string[][]): number {
  let best = 0;
  for (const phrase of phrases) {
    if (phrase.length > best && startsWith(tokens, phrase)) best = phrase.length;
  }
  return best;
}

const POLITE = new Set([...FILLERS, 'thanks', 'thank', 'you', 'that', 'it', 'this', 'one']);

/**
 * Classifies an answer to a confirmation prompt: the usual yes/no phrasings, possibly followed by
 * polite words ("yes please", "no thanks", "ok, go ahead"). Anything else is neither.
 */
export function classifyConfirmation(text: string): ConfirmationAnswer | undefined {
  let tokens = words(text).map(collapseRepeats);
  let answer: ConfirmationAnswer | undefined;
  while (tokens.length > 0) {
    const yes = longestPrefix(tokens, yesPhrases);
    const no = longestPrefix(tokens, noPhrases);
    if (yes === 0 && no === 0) break;
    const current: ConfirmationAnswer = no >= yes ? 'no' : 'yes';
    if (answer !== undefined && answer !== current) return undefined;
    answer = current;
    tokens = tokens.slice(Math.max(yes, no));
  }
  if (answer === undefined) return undefined;
  return tokens.every((t) => POLITE.has(t)) ? answer : undefined;
}
