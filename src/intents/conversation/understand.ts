import type { RepairAct } from '../../../bot-definition';
import type { LexRequest, LexSlots } from '../../lex';
import { INTENT, SLOT } from '../../../bot-definition';
import type { Entity } from '../../../bot-definition';
import { distance, normaliseApplianceName, normaliseHostName, normaliseVmName } from '../recognise';
import { allTasks, intentNamed, taskOf, type Task } from '../tasks';
import { mentions, valuesOf, valueWords, type Mentions } from './mentions';
import type { Memory, OpenTask, Request } from './memory';
import {
  asksAgain,
  asksForSuggestion,
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

/** What Lex recognised: the event's intent, with the values it read. */
interface Picked extends Request {
  readonly confirmation: 'Confirmed' | 'Denied' | 'None';
}

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
  const act = repairAct(text) ?? builtInAct(said);
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

interface Said {
  readonly text: string;
  readonly m: Mentions;
  readonly picked: Picked;
  readonly req: LexRequest;
}

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
  const changes = changedValues(said, open, task);
  const corrects = soundsLikeCorrection(text) || startsWithNo(text);
  if (Object.keys(changes).length > 0) {
    if (corrects) return { kind: 'correct', slots: changes };
    if (isQuestion(text)) return question(said, open, memory) ?? NOT_UNDERSTOOD;
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
  return elsewhere(said, open, memory);
}

// ---------------------------------------------------------------------------------------------
// At a slot question

function atSlot(said: Said, open: OpenTask, task: Task, slot: string, memory: Memory): Command {
  const { text } = said;
  const entity = entityOf(task, slot);
  if (entity === 'yes-no') {
    const yn = yesOrNo(text) ?? yesNoValue(said.picked.slots[slot]);
    if (yn) return { kind: 'answer', slots: { [slot]: yn === 'yes' ? 'Yes' : 'No' } };
    return elsewhere(said, open, memory);
  }
  const suggested = memory.suggestion;
  if (suggested?.intent === open.intent && (yesOrNo(text) === 'yes' || soundsLikeYes(text))) {
    const slots = { ...suggested.slots, ...changedValues(said, open, task) };
    return { kind: 'answer', slots };
  }
  const value = answerValue(said, task, slot, memory);
  if (value !== undefined) {
    // Only an unmistakable request for something else switches: words beyond the value and
    // its hedges, asking for another change or a question ("show me host b").
    if (!onlyHedgedAround(text, valueWords(text, entity ?? 'vm'))) {
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
  // (Unless Lex read it as the value of a slot it asked for: its own state says what was asked.)
  const lexAnswered = !!taskOf(said.picked.intent) && Object.keys(said.picked.slots).length > 0;
  if (yn && !lexAnswered && plainWords(text).length <= 3 && m.vms.length + m.hosts.length === 0)
    return { kind: 'nothing-asked', answer: yn };
  const cannot = unsupported(text);
  const request = requestFromWords(said, () => true, memory);
  if (
    cannot &&
    !(
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
    const sure = i.intent.name === said.picked.intent || (i.nluConfidence ?? 0) >= 0.5;
    if (intent?.kind === 'chitchat' && sure) return { kind: 'chitchat', intent: intent.name };
    if (intent?.kind === 'repair' && intent.act === 'help' && sure)
      return { kind: 'repair', act: 'help' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Requests read from the words

/**
 * The request the words ask for among the tasks `allowed`: what Lex recognised when the words
 * bear it out (a change must be asked for with one of its verbs), else the task whose verbs the
 * words use (the longest match wins), with its slots filled from what Lex read and what the
 * words name.
 */
function requestFromWords(
  said: Said,
  allowed: (t: Task) => boolean,
  memory: Memory = {},
): Request | undefined {
  const { text, picked, req, m } = said;
  const fits = (t: Task | undefined): t is Task =>
    !!t && allowed(t) && (t.kind === 'question' || (saysVerb(text, t) && namesWhatItTakes(t, m)));
  const lex = taskOf(picked.intent);
  if (fits(lex) && confident(req, lex.intent)) return filled(lex, picked.slots, said, memory);
  // Another interpretation Lex offered, when the words bear it out.
  for (const i of req.event.interpretations) {
    const t = taskOf(i.intent.name);
    if (t && t !== lex && fits(t) && saysVerb(text, t) && (i.nluConfidence ?? 0) >= 0.3)
      return filled(t, slotValues(i.intent.slots), said, memory);
  }
  // The words alone.
  let best: { task: Task; length: number } | undefined;
  for (const t of allTasks()) {
    if (!allowed(t) || !namesWhatItTakes(t, said.m)) continue;
    const length = verbLength(text, t);
    if (length > (best?.length ?? 0)) best = { task: t, length };
  }
  if (!best) return undefined;
  const request = filled(best.task, {}, said, memory);
  return best.task.slots.every((s) => !s.required || request.slots[s.name]) ? request : undefined;
}

/**
 * A change about a host the task cannot take ("delete host-a" is not deleting a VM): the words
 * name hosts and nothing the task acts on.
 */
function namesWhatItTakes(task: Task, m: Mentions): boolean {
  const takes = new Set(task.slots.map((s) => s.entity));
  return !(m.hosts.length > 0 && m.vms.length === 0 && !takes.has('host'));
}

/** Lex's own pick counts when its score is not far below the best. */
function confident(req: LexRequest, intent: string): boolean {
  const scores = req.event.interpretations;
  const own = scores.find((i) => i.intent.name === intent)?.nluConfidence;
  return own === undefined || own >= 0.3 || scores.length <= 1;
}

/** The slots Lex read, with the names the words hold put in the slots Lex left empty. */
function filled(
  task: Task,
  slots: Readonly<Record<string, string>>,
  said: Said,
  memory: Memory,
): Request {
  const { m, text } = said;
  const values: Record<string, string> = {};
  for (const s of task.slots) {
    const lex = slots[s.name];
    const words = valuesOf(m, s.entity);
    const back = words.length === 0 && pointsBack(text);
    if (back && s.entity === 'vm' && memory.lastVm) {
      values[s.name] = memory.lastVm;
    } else if (back && s.entity === 'host' && memory.lastHost && s.required) {
      values[s.name] = memory.lastHost;
    } else if (s.entity === 'host' && s.required && words.length === 0 && leavesChoiceToBot(text)) {
      values[s.name] = 'anywhere';
    } else if (
      s.entity === 'vm' &&
      words.length === 0 &&
      m.appliances.length === 1 &&
      lex === undefined
    ) {
      values[s.name] = `the ${m.appliances[0]} vm`;
    } else if (
      words.length >= 1 &&
      (lex === undefined || !words.some((w) => sameValue(s.entity, lex, w)))
    ) {
      values[s.name] = words[0]!;
    } else if (
      lex !== undefined &&
      (s.entity !== 'appliance' || m.appliances.length > 0 || task.intent === 'CreateVm')
    ) {
      values[s.name] = lex;
    }
  }
  return { intent: task.intent, slots: values };
}

/** Whether what Lex read and a name the words hold are the same value, as the intents read it. */
function sameValue(entity: Entity, lex: string, word: string): boolean {
  const as =
    entity === 'vm'
      ? normaliseVmName
      : entity === 'host'
        ? normaliseHostName
        : entity === 'appliance'
          ? normaliseApplianceName
          : undefined;
  return (as?.(lex) ?? plainWords(lex).join('-')) === word;
}

/** The request with auto-converge when the words ask for it. */
function withOptions(request: Request, m: Mentions): Request {
  return m.autoConverge && taskOf(request.intent)?.slots.some((s) => s.entity === 'auto-converge')
    ? { ...request, slots: { ...request.slots, [SLOT.AutoConverge]: 'auto-converge' } }
    : request;
}

/** The values the words give the open request's slots, where they differ from its own. */
function changedValues(said: Said, open: OpenTask, task: Task): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const s of task.slots) {
    if (s.entity === 'yes-no') continue;
    const values = valuesOf(said.m, s.entity);
    if (values.length === 1 && values[0] !== open.slots[s.name]) changes[s.name] = values[0]!;
  }
  return changes;
}

function entityOf(task: Task, slot: string) {
  return task.slots.find((s) => s.name === slot)?.entity;
}

function saysVerb(text: string, task: Task): boolean {
  return verbLength(text, task) > 0;
}

/** The longest of the task's verbs the words use (in words), 0 for none. */
function verbLength(text: string, task: Task): number {
  const words = plainWords(text);
  let best = 0;
  for (const verb of task.spec.verbs) {
    const v = plainWords(verb);
    for (let i = 0; i + v.length <= words.length; i += 1) {
      if (v.every((w, j) => sameWord(words[i + j]!, w))) best = Math.max(best, v.length);
    }
  }
  return best;
}

/** The same word, give or take its ending or a typo ("migrating", "migate" for "migrate"). */
function sameWord(said: string, verb: string): boolean {
  if (said === verb) return true;
  if (verb.length < 5 || said.length < 4) return said === `${verb}s` || said === `${verb}ing`;
  return said.slice(0, 5) === verb.slice(0, 5) || distance(said, verb) <= 1;
}

function yesNoValue(value: string | undefined): 'yes' | 'no' | undefined {
  if (value === undefined) return undefined;
  return yesOrNo(value);
}

/** Interpreted values of filled slots (at most 100 characters: longer is not a value). */
export function slotValues(slots: LexSlots | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, slot] of Object.entries(slots ?? {})) {
    const value = slot?.value?.interpretedValue ?? slot?.value?.originalValue;
    if (value !== undefined && value.length <= 100) values[name] = value;
  }
  return values;
}
