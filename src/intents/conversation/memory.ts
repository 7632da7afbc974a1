import * as z from 'zod/mini';
import { SESSION_ATTRIBUTE } from '../../../bot-definition/names';
import { taskOf } from './tasks';

/**
 * What the Lambda remembers of the conversation, in session attributes: Lex switches intents
 * when the user cancels, digresses or asks for a repeat, and the new intent's event carries
 * nothing of the old one but the session attributes. So every answer that leaves a question
 * open writes it down here (the request, its slots, what was asked), and the next turn's Lambda,
 * whichever intent it runs for, can name, drop, repeat or resume it.
 *
 * Session attributes come back from the client too: the Lambda reads them only under its own
 * seal (trust/sealed-session.ts), and even then checks them against the bot definition (a task
 * of an intent that has one, with that intent's slots only); anything that does not hold is
 * treated as absent, never as an error.
 */
export interface OpenTask {
  /** The intent that asked. */
  readonly intent: string;
  /** Interpreted values of its filled slots. */
  readonly slots: Readonly<Record<string, string>>;
  /** The slot asked for; null for a yes-or-no confirmation. */
  readonly awaiting: string | null;
  /** What the bot said when it asked (for "repeat" and for resuming). */
  readonly question: string;
  /** How many times in a row the same slot has been asked again after an answer. */
  readonly retries: number;
  /** Offered back once already after a digression: not again. */
  readonly resumed: boolean;
}

export interface Memory {
  /** The request whose question is open. */
  readonly open?: OpenTask;
  /** A request set aside while a digression asks a question of its own. */
  readonly paused?: OpenTask;
  /** The last request refused, for "try again with auto-converge". */
  readonly refused?: OpenTask;
  /** The VM last talked about ("it", "that VM"). */
  readonly lastVm?: string;
}

const MAX_QUESTION = 1000;
const MAX_VALUE = 100;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

// Built on the first task read (a turn after a question was asked), not when the Lambda loads.
let schema: ReturnType<typeof buildTaskSchema> | undefined;
const taskSchema = () => (schema ??= buildTaskSchema());
function buildTaskSchema() {
  return z.object({
    intent: z.string().check(z.regex(NAME)),
    slots: z.record(z.string().check(z.regex(NAME)), z.string().check(z.maxLength(MAX_VALUE))),
    awaiting: z.nullable(z.string().check(z.regex(NAME))),
    question: z.string().check(z.maxLength(MAX_QUESTION)),
    retries: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
    resumed: z.boolean(),
  });
}

function parseTask(raw: string | undefined): OpenTask | undefined {
  if (raw === undefined || raw.length > 4 * MAX_QUESTION) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = taskSchema().safeParse(json);
  if (!parsed.success) return undefined;
  const task = taskOf(parsed.data.intent);
  const known = (slot: string) => task?.slots.includes(slot) ?? false;
  if (!task || !Object.keys(parsed.data.slots).every(known)) return undefined;
  if (parsed.data.awaiting !== null && !known(parsed.data.awaiting)) return undefined;
  // A null-prototype copy: slot names are data, whatever they are.
  const slots: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(parsed.data.slots)) slots[k] = v;
  return { ...parsed.data, slots };
}

export function readMemory(attribute: (name: string) => string | undefined): Memory {
  const lastVm = attribute(SESSION_ATTRIBUTE.lastVm);
  return {
    open: parseTask(attribute(SESSION_ATTRIBUTE.openTask)),
    paused: parseTask(attribute(SESSION_ATTRIBUTE.pausedTask)),
    refused: parseTask(attribute(SESSION_ATTRIBUTE.refusedTask)),
    lastVm: lastVm !== undefined && /^[a-z0-9-]{1,40}$/.test(lastVm) ? lastVm : undefined,
  };
}

/** Session attribute changes that store `memory` (null removes an attribute). */
export function memoryAttributes(memory: Memory): Record<string, string | null> {
  const task = (t: OpenTask | undefined) =>
    t ? JSON.stringify({ ...t, question: t.question.slice(0, MAX_QUESTION) }) : null;
  return {
    [SESSION_ATTRIBUTE.openTask]: task(memory.open),
    [SESSION_ATTRIBUTE.pausedTask]: task(memory.paused),
    [SESSION_ATTRIBUTE.refusedTask]: task(memory.refused),
    [SESSION_ATTRIBUTE.lastVm]: memory.lastVm ?? null,
  };
}

/** Forgets every open request (cancel, stop, goodbye); keeps the VM last talked about. */
export const FORGET_REQUESTS: Readonly<Record<string, null>> = {
  [SESSION_ATTRIBUTE.openTask]: null,
  [SESSION_ATTRIBUTE.pausedTask]: null,
  [SESSION_ATTRIBUTE.refusedTask]: null,
};
