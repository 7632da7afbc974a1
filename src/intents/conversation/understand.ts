import type { RepairAct } from '../../../bot-definition';
import type { LexRequest } from '../../lex';
import { INTENT, SLOT } from '../../../bot-definition';
import { intentNamed, taskOf, type Task } from '../tasks';
import { mentions, valuesOf, valueWords, type Mentions } from './mentions';
import type { Memory, OpenTask, Request } from './memory';
import {
  changedValues,
  entityOf,
  isBest,
  requestFromWords,
  saysVerb,
  slotValues,
  withOptions,
  yesNoValue,
  type Said,
} from './read-request';
import {
  asksAgain,
  asksForSuggestion,
  asksAboutAnother,
  asksForUpdate,
  isQuestion,
  isReference,
  leavesChoiceToBot,
  onlyHedgedAround,
  plainWords,
  pointsBack,
  repairAct,
  soundsLikeCorrection,
  soundsLikeYes,
  startsWithNo,
  unsupported,
  yesOrNo,
} from './phrases';

/**
 * Understanding: what the user's turn means, given what the conversation holds. One input and
 * the memory in, one command out; nothing is run, nothing is read from the fleet (execute.ts
 * does that). The rules, in the order they apply:
 *
 * - a repair said in words (cancel, stop, start over, repeat, help) is that, whatever Lex picked;
 * - at a confirmation: a new value with a correction cue ("make it host-d", "no, vm-5") corrects
 *   the request; a question is answered and the same confirmation asked again; a value without
 *   a cue is asked about, never taken; yes and no are yes and no;
 * - at a slot question: an answer that holds a value of the slot asked (with hedges: "hmm,
 *   host-d maybe") fills it; "no" leaves; a question is answered and the slot asked again;
 * - with nothing open: what Lex recognised, when the words bear it out (a change needs one of
 *   its verbs: "shift the nginx vm" is never a creation); a bare name asks what to do with it;
 *   things the bot cannot do are named.
 *
 * The same words reach the same command whichever intent Lex recognised, and whatever the order
 * of its interpretations: Lex's reading is a hint, the words and the memory decide.
 */
export type Command =
  /** The event as Lex sent it: its intent's own hook (a fulfillment, a chain step, no input). */
  | { readonly kind: 'run' }
  /** Values for the open request: the slot asked for (and corrections said with it). */
  | { readonly kind: 'answer'; readonly slots: Readonly<Record<string, string>> }
  /** New values for the open request, said as a correction. */
  | { readonly kind: 'correct'; readonly slots: Readonly<Record<string, string>> }
  | { readonly kind: 'confirm' }
  | { readonly kind: 'decline' }
  | { readonly kind: 'repair'; readonly act: RepairAct }
  /** A request of its own: a change, or a question (with one open: a digression). */
  | { readonly kind: 'start'; readonly request: Request; readonly queued?: readonly Request[] }
  /** A question about the open request itself ("how long will it be down?"). */
  | { readonly kind: 'about-open' }
  | { readonly kind: 'chitchat'; readonly intent: string }
  | { readonly kind: 'unsupported'; readonly operation: string }
  /** A name on its own, with nothing open: what should happen with it? */
  | { readonly kind: 'clarify'; readonly entity: 'vm' | 'host'; readonly id: string }
  /** At a confirmation, another value said without a correction cue: ask, don't take. */
  | { readonly kind: 'clarify-change'; readonly slot: string; readonly value: string }
  /** A bare yes or no with nothing asked and nothing suggested. */
  | { readonly kind: 'nothing-asked'; readonly answer: 'yes' | 'no' }
  | { readonly kind: 'not-understood' };

export function understand(req: LexRequest, memory: Memory): Command {
  if (req.invocationSource === 'FulfillmentCodeHook' && taskOf(req.intent.name)) return RUN;
  const text = req.inputTranscript.trim();
  if (text === '') return RUN;
  const said: Said = {
    text,
    m: mentions(text),
    picked: {
      intent: req.intent.name,
      slots: slotValues(req.intent.slots),
      confirmation: req.intent.confirmationState,
    },
    req,
  };
  // Lex's own yes or no to this intent's confirmation, with no other question of ours open
  // ("no, host-d", heard by Lex as a no, is still a correction of the open request).
  const open = memory.open;
  const own = taskOf(req.intent.name);
  if (own && said.picked.confirmation !== 'None' && (!open || open.intent === own.intent)) {
    const changes = open ? changedValues(said, open, own) : {};
    if (Object.keys(changes).length === 0)
      return said.picked.confirmation === 'Denied' ? DECLINE : RUN;
  }
  // No to "did you mean vm-9 instead of vm-5?" (whatever Lex made of the no): the request as
  // it stood, asked again.
  if (memory.kept && memory.kept.intent === open?.intent && yesOrNo(text) === 'no')
    return { kind: 'start', request: memory.kept };
  // A plain no at a question for a value ("don't", "nah") leaves the request, whatever Lex
  // made of it (a yes-or-no slot takes it as its answer).
  const noToValue =
    open?.awaiting &&
    entityOf(taskOf(open.intent)!, open.awaiting) !== 'yes-no' &&
    yesOrNo(text) === 'no';
  const act = repairAct(text) ?? (noToValue ? 'cancel' : builtInAct(said));
  if (act) return act === 'cancel' && open?.awaiting === null ? DECLINE : { kind: 'repair', act };
  const task = open && taskOf(open.intent);
  if (open && task) {
    return open.awaiting === null
      ? atConfirmation(said, open, task, memory)
      : atSlot(said, open, task, open.awaiting, memory);
  }
  return withNothingOpen(said, memory);
}

const RUN: Command = { kind: 'run' };
const DECLINE: Command = { kind: 'decline' };
const NOT_UNDERSTOOD: Command = { kind: 'not-understood' };

/** A built-in repair intent Lex recognised, unless the words ask for something else. */
function builtInAct(said: Said): RepairAct | undefined {
  const intent = intentNamed(said.picked.intent);
  if (intent?.kind !== 'repair' || unsupported(said.text)) return undefined;
  const { m } = said;
  const names = m.vms.length + m.hosts.length + m.appliances.length;
  return names === 0 ? intent.act : undefined;
}

// ---------------------------------------------------------------------------------------------
// At a confirmation

function atConfirmation(said: Said, open: OpenTask, task: Task, memory: Memory): Command {
  const { text, picked } = said;
  const cannot = unsupported(text);
  if (cannot?.firm) return { kind: 'unsupported', operation: cannot.operation };
  const changes = changedValues(said, open, task);
  const corrects = soundsLikeCorrection(text) || startsWithNo(text);
  if (Object.keys(changes).length > 0) {
    // A question first ("wait, where's vm-5?"): it is answered, the confirmation stays as it is;
    // only an explicit correction ("instead", "I meant") inside a question changes it.
    if (isQuestion(text) && !EXPLICIT_CORRECTION.test(plainWords(text).join(' ')))
      return question(said, open, memory) ?? NOT_UNDERSTOOD;
    // The request said again with another value ("hmm wait, delete vm-9"): a correction.
    if (corrects || saysVerb(text, task)) return { kind: 'correct', slots: changes };
    // "yes, with auto-converge": the detail is part of the yes.
    if (
      soundsLikeYes(text) &&
      Object.keys(changes).every((s) => entityOf(task, s) === 'auto-converge')
    )
      return { kind: 'correct', slots: changes };
    if (newRequest(said, open)) return newRequest(said, open)!;
    const [slot, value] = Object.entries(changes)[0]!;
    return { kind: 'clarify-change', slot, value };
  }
  const lexSays = picked.intent === open.intent ? picked.confirmation : 'None';
  const answer =
    yesOrNo(text) ?? (lexSays === 'Confirmed' ? 'yes' : lexSays === 'Denied' ? 'no' : undefined);
  if (answer === 'yes') return { kind: 'confirm' };
  if (answer === 'no') return DECLINE;
  // "no no, don't delete vm-5", "nah, I asked where it is": a no that says more, and no question.
  if (!isQuestion(text) && (startsWithNo(text) || REFUSES.test(plainWords(text).join(' '))))
    return DECLINE;
  return elsewhere(said, open, memory);
}

const EXPLICIT_CORRECTION = /\b(instead|i meant|i mean|make it|rather|change it|switch it)\b/;
const REFUSES = /\b(don t|dont|do not|never mind|keep it|leave it)\b/;

// ---------------------------------------------------------------------------------------------
// At a slot question

function atSlot(said: Said, open: OpenTask, task: Task, slot: string, memory: Memory): Command {
  const { text } = said;
  const cannot = unsupported(text);
  if (cannot?.firm) return { kind: 'unsupported', operation: cannot.operation };
  const entity = entityOf(task, slot);
  if (entity === 'yes-no') {
    const yn = yesOrNo(text) ?? yesNoValue(said.picked.slots[slot]);
    if (yn) return { kind: 'answer', slots: { [slot]: yn === 'yes' ? 'Yes' : 'No' } };
    return elsewhere(said, open, memory);
  }
  // "Did you mean vm-3?" answered yes: the one value offered.
  const offered = memory.options?.slot === slot ? memory.options.values : [];
  // ("ok, goodbye" is a goodbye, not a yes.)
  const agrees = yesOrNo(text) === 'yes' || (soundsLikeYes(text) && !chitchat(said));
  if (offered.length === 1 && agrees) return { kind: 'answer', slots: { [slot]: offered[0]! } };
  const suggested = memory.suggestion;
  if (suggested?.intent === open.intent && agrees) {
    const slots = { ...suggested.slots, ...changedValues(said, open, task) };
    return { kind: 'answer', slots };
  }

  const value = answerValue(said, task, slot, memory);
  if (value !== undefined) {
    // Only an unmistakable request for something else switches: words beyond the value and
    // its hedges, asking for another change or a question ("show me host b").
    if (!onlyHedgedAround(text, valueWords(text, entity ?? 'vm')) && !correctedInPassing(text)) {
      const other = newRequest(said, open, memory) ?? questionAsked(said, open, memory);
      if (other) return other;
    }
    const changes = soundsLikeCorrection(text) ? changedValues(said, open, task) : {};
    return { kind: 'answer', slots: { ...changes, [slot]: value } };
  }
  if (entity === 'host' && asksForSuggestion(text) && open.slots.VmName !== undefined)
    return recommendationFor(open.slots[SLOT.VmName]!);
  if (yesOrNo(text) === 'no') return { kind: 'repair', act: 'cancel' };
  const changes = changedValues(said, open, task);
  if (Object.keys(changes).length > 0 && soundsLikeCorrection(text))
    return { kind: 'correct', slots: changes };
  return elsewhere(said, open, memory);
}

/** The last question asked again of the one VM or host the words name, if it takes one. */
function aboutAnother(last: Request, m: Mentions): Request | undefined {
  const task = taskOf(last.intent);
  const named = m.vms.length + m.hosts.length === 1 ? (m.vms[0] ? 'vm' : 'host') : undefined;
  const slot = named && task?.slots.find((s) => s.entity === named);
  if (!slot) return undefined;
  return { intent: last.intent, slots: { [slot.name]: (m.vms[0] ?? m.hosts[0])! } };
}

/** "host-c, no, host-a": two values, the first taken back in the same breath. */
function correctedInPassing(text: string): boolean {
  return /\b(no|not|i mean|i meant|actually|sorry|rather|make (it|that))\b/.test(
    plainWords(text).slice(1).join(' '),
  );
}

/** The value the input gives for the slot asked, if it gives one. */
function answerValue(said: Said, task: Task, slot: string, memory: Memory): string | undefined {
  const { text, m, picked } = said;
  const entity = entityOf(task, slot);
  if (!entity) return undefined;
  const options = memory.options?.slot === slot ? memory.options.values : [];
  if (m.ordinal !== undefined && options.length > 0) {
    const i = m.ordinal === 'last' ? options.length - 1 : m.ordinal - 1;
    if (options[i]) return options[i];
  }
  const named = valuesOf(m, entity);
  if (named.length === 1) return named[0];
  // "host-c, no, host-a": the value said last, after a correction in the same breath.
  if (named.length > 1 && correctedInPassing(text)) return named.at(-1);
  if (named.length > 1) return undefined;
  if (entity === 'host' && leavesChoiceToBot(text)) return 'anywhere';
  if (entity === 'vm') {
    if (isReference(text) || (pointsBack(text) && plainWords(text).length <= 4)) return text;
    // A description: "the stress-test one", "the nginx box" (resolved against the fleet).
    if (m.appliances.length === 1 && !isQuestion(text)) return text.slice(0, 100);
  }
  // What Lex put in the slot, when the words bear it out (a value the Lambda does not spot).
  const lex = picked.intent === task.intent ? picked.slots[slot] : undefined;
  if (lex !== undefined && plainWords(text).length <= 4 && !isQuestion(text)) return lex;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Anything but an answer, with a request open

function elsewhere(said: Said, open: OpenTask, memory: Memory): Command {
  const other = newRequest(said, open);
  if (other) return other;
  const chat = chitchat(said);
  if (chat) return chat;
  const asked = question(said, open, memory);
  if (asked) return asked;
  const cannot = unsupported(said.text);
  if (cannot) return { kind: 'unsupported', operation: cannot.operation };
  return NOT_UNDERSTOOD;
}

/** A new change asked for in so many words: the words carry one of its verbs. */
function newRequest(said: Said, open: OpenTask, memory: Memory = {}): Command | undefined {
  const request = requestFromWords(said, (t) => t.kind === 'change', memory);
  if (!request || request.intent === open.intent) return undefined;
  return { kind: 'start', request };
}

/** A question the words ask in so many words (its verbs), at an open slot. */
function questionAsked(said: Said, open: OpenTask, memory: Memory): Command | undefined {
  const request = requestFromWords(
    said,
    (t) => t.kind === 'question' && saysVerb(said.text, t),
    memory,
  );
  return request && request.intent !== open.intent ? { kind: 'start', request } : undefined;
}

/** "what would you suggest?": the recommendation for that VM, whose yes can be taken. */
const recommendationFor = (vm: string): Command => ({
  kind: 'start',
  request: { intent: INTENT.RecommendHost, slots: { [SLOT.VmName]: vm } },
});

/** A question asked in the middle of a request: about something named, or about the request. */
function question(said: Said, open: OpenTask | undefined, memory: Memory): Command | undefined {
  const { text, m } = said;
  if (asksForSuggestion(text)) {
    const vm = m.vms[0] ?? open?.slots[SLOT.VmName] ?? memory.lastVm;
    return vm ? recommendationFor(vm) : undefined;
  }
  const request = requestFromWords(said, (t) => t.kind === 'question', memory);
  if (request) {
    // "how is it doing?" in the middle of moving vm-1: about vm-1 ("where is a VM": which?).
    const indefinite = /\b(a|an|any|some|another|other) (vm|machine|host|one)\b/.test(
      plainWords(text).join(' '),
    );
    const vm = indefinite ? undefined : (open?.slots[SLOT.VmName] ?? memory.lastVm);
    const task = taskOf(request.intent)!;
    const slot = task.slots.find((s) => s.entity === 'vm' && s.required && !request.slots[s.name]);
    return {
      kind: 'start',
      request: slot && vm ? { ...request, slots: { ...request.slots, [slot.name]: vm } } : request,
    };
  }
  if (
    open &&
    /\b(down|downtime|how long|take|estimate|pause|paused)\b/.test(plainWords(text).join(' '))
  ) {
    // About another VM than the open request's ("how long will vm-8 be paused?"): what the bot
    // knows of that one, never the open request's plan as if it were its answer.
    const other = m.vms.find((vm) => vm !== open.slots[SLOT.VmName]);
    if (other)
      return {
        kind: 'start',
        request: { intent: INTENT.WhereIsVm, slots: { [SLOT.VmName]: other } },
      };
    return { kind: 'about-open' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// With nothing open

function withNothingOpen(said: Said, memory: Memory): Command {
  const { text, m } = said;
  const yn = yesOrNo(text);
  if (
    memory.suggestion &&
    (yn === 'yes' || (soundsLikeYes(text) && !newRequest(said, NONE)) || asksAgain(text))
  )
    return { kind: 'start', request: withOptions(memory.suggestion, m) };
  if (memory.refused && asksAgain(text))
    return { kind: 'start', request: withOptions(memory.refused, m) };
  if (memory.lastAnswer && asksForUpdate(text))
    return { kind: 'start', request: memory.lastAnswer };
  const another = memory.lastAnswer && asksAboutAnother(text) && aboutAnother(memory.lastAnswer, m);
  if (another) return { kind: 'start', request: another };
  // (Unless Lex read it as the value of a slot it asked for: its own state says what was asked.)
  const lexAnswered = !!taskOf(said.picked.intent) && Object.keys(said.picked.slots).length > 0;
  if (yn && !lexAnswered && plainWords(text).length <= 3 && m.vms.length + m.hosts.length === 0)
    return { kind: 'nothing-asked', answer: yn };
  const cannot = unsupported(text);
  const request = requestFromWords(said, () => true, memory);
  if (
    cannot &&
    !(
      !cannot.firm &&
      request &&
      taskOf(request.intent)?.kind === 'change' &&
      saysVerb(text, taskOf(request.intent)!)
    )
  )
    return { kind: 'unsupported', operation: cannot.operation };
  if (request) return startOf(request, m);
  const chat = chitchat(said);
  if (chat) return chat;
  const asked = question(said, undefined, memory);
  if (asked) return asked;
  const bare = bareName(said);
  if (bare) return bare;
  return NOT_UNDERSTOOD;
}

const NONE: OpenTask = {
  intent: '',
  slots: {},
  awaiting: null,
  question: '',
  retries: 0,
  resumed: false,
};

/** A request to start; several VMs in one: the first now, the others after it. */
function startOf(request: Request, m: Mentions): Command {
  const task = taskOf(request.intent)!;
  const vmSlot = task.slots.find((s) => s.entity === 'vm');
  if (task.kind === 'change' && m.vms.length > 1 && vmSlot) {
    const [first, ...rest] = m.vms;
    const one = (vm: string) => ({ ...request, slots: { ...request.slots, [vmSlot.name]: vm } });
    return { kind: 'start', request: one(first!), queued: rest.map(one) };
  }
  return { kind: 'start', request };
}

/** "host c", "vm-4": a name and nothing else. */
function bareName(said: Said): Command | undefined {
  const { text, m } = said;
  if (m.vms.length === 1 && m.hosts.length === 0 && onlyHedgedAround(text, valueWords(text, 'vm')))
    return { kind: 'clarify', entity: 'vm', id: m.vms[0]! };
  if (
    m.hosts.length === 1 &&
    m.vms.length === 0 &&
    onlyHedgedAround(text, valueWords(text, 'host'))
  )
    return { kind: 'clarify', entity: 'host', id: m.hosts[0]! };
  return undefined;
}

/** Small talk Lex recognised, first or as a clear alternative, in words that name nothing. */
function chitchat(said: Said): Command | undefined {
  const { m } = said;
  if (m.vms.length + m.hosts.length + m.appliances.length > 0) return undefined;
  for (const i of said.req.event.interpretations) {
    const intent = intentNamed(i.intent.name);
    const score = i.nluConfidence ?? 0;
    const sure = i.intent.name === said.picked.intent || score >= 0.5 || isBest(said.req, score);
    if (intent?.kind === 'chitchat' && sure) return { kind: 'chitchat', intent: intent.name };
    if (intent?.kind === 'repair' && intent.act === 'help' && sure)
      return { kind: 'repair', act: 'help' };
  }
  return undefined;
}
