import type { LexRequest, LexSlots } from '../../lex';
import { SLOT } from '../../../bot-definition';
import type { Entity } from '../../../bot-definition';
import { distance, normaliseApplianceName, normaliseHostName, normaliseVmName } from '../recognise';
import { allTasks, taskOf, type Task } from '../tasks';
import { valuesOf, type Mentions } from './mentions';
import type { Memory, OpenTask, Request } from './memory';
import { leavesChoiceToBot, plainWords, pointsBack, yesOrNo } from './phrases';

/**
 * Requests read from the words (understand.ts decides when to look for one): which task the
 * words ask for, and its slots from what Lex read, what the words name and the memory.
 */

/** What Lex recognised: the event's intent, with the values it read. */
export interface Picked extends Request {
  readonly confirmation: 'Confirmed' | 'Denied' | 'None';
}

/** One turn's input as understanding reads it. */
export interface Said {
  readonly text: string;
  readonly m: Mentions;
  readonly picked: Picked;
  readonly req: LexRequest;
}

/**
 * The request the words ask for among the tasks `allowed`: what Lex recognised when the words
 * bear it out (a change must be asked for with one of its verbs), else the task whose verbs the
 * words use (the longest match wins), with its slots filled from what Lex read and what the
 * words name.
 */
export function requestFromWords(
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
    const score = i.nluConfidence ?? 0;
    // A question Lex is fairly sure of needs none of its verbs ("is vm-8 busy migrating?"); a
    // change always does (fits checks it).
    const borne = t?.kind !== 'question' || score >= 0.6 || saysVerb(text, t);
    if (t && t !== lex && fits(t) && borne && score >= 0.3)
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
export function namesWhatItTakes(task: Task, m: Mentions): boolean {
  const takes = new Set(task.slots.map((s) => s.entity));
  return !(m.hosts.length > 0 && m.vms.length === 0 && !takes.has('host'));
}

/** Lex's best-scored reading of the input (above a floor), whatever intent it handed over. */
export function isBest(req: LexRequest, score: number): boolean {
  return score >= 0.35 && req.event.interpretations.every((i) => (i.nluConfidence ?? 0) <= score);
}

/** Lex's own pick counts when its score is not far below the best. */
function confident(req: LexRequest, intent: string): boolean {
  const scores = req.event.interpretations;
  const own = scores.find((i) => i.intent.name === intent)?.nluConfidence;
  return own === undefined || own >= 0.3 || scores.length <= 1;
}

/** The slots Lex read, with the names the words hold put in the slots Lex left empty. */
export function filled(
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
export function withOptions(request: Request, m: Mentions): Request {
  return m.autoConverge && taskOf(request.intent)?.slots.some((s) => s.entity === 'auto-converge')
    ? { ...request, slots: { ...request.slots, [SLOT.AutoConverge]: 'auto-converge' } }
    : request;
}

/** The values the words give the open request's slots, where they differ from its own. */
export function changedValues(said: Said, open: OpenTask, task: Task): Record<string, string> {
  const changes: Record<string, string> = {};
  for (const s of task.slots) {
    if (s.entity === 'yes-no') continue;
    const values = valuesOf(said.m, s.entity);
    if (values.length === 1 && values[0] !== open.slots[s.name]) changes[s.name] = values[0]!;
  }
  return changes;
}

export function entityOf(task: Task, slot: string) {
  return task.slots.find((s) => s.name === slot)?.entity;
}

export function saysVerb(text: string, task: Task): boolean {
  return verbLength(text, task) > 0;
}

/** The longest of the task's verbs the words use (in words), 0 for none. */
export function verbLength(text: string, task: Task): number {
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

export function yesNoValue(value: string | undefined): 'yes' | 'no' | undefined {
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
