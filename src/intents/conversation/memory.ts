import * as z from 'zod/mini';
import { SESSION_ATTRIBUTE } from '../../../bot-definition/names';
import { taskOf } from '../tasks';

/**
 * What the Lambda remembers of the conversation, in one session attribute (`memory`): Lex
 * switches intents when the user cancels, digresses or asks for a repeat, and the new intent's
 * event carries nothing of the old one but the session attributes. So every answer writes down
 * what is open (the request, its slots, what was asked), and the next turn, whichever intent Lex
 * picked, can name, drop, repeat, correct or resume it.
 *
 * Session attributes come back from the client too: the Lambda reads this one only under its
 * own seal (trust/sealed-session.ts), and even then checks it against the bot definition (each
 * request an intent's task, with that intent's slots only); anything that does not hold is
 * treated as absent, never as an error.
 */
export interface Request {
  readonly intent: string;
  /** Interpreted values of its filled slots. */
  readonly slots: Readonly<Record<string, string>>;
}

export interface OpenTask extends Request {
  /** The slot asked for; null for a yes-or-no confirmation. */
  readonly awaiting: string | null;
  /** What the bot said when it asked (for "repeat" and for resuming). */
  readonly question: string;
  /** How many times in a row the same question has been asked again after an answer. */
  readonly retries: number;
  /** Offered back once already after a digression: not again. */
  readonly resumed: boolean;
}

export interface Memory {
  /** The request whose question is open. */
  readonly open?: OpenTask;
  /** A request set aside, to be offered back once the one in between is done. */
  readonly paused?: OpenTask;
  /** The last change refused, for "try again with auto-converge". */
  readonly refused?: Request;
  /** What a yes to the bot's last suggestion starts ("say 'migrate vm-6 ... with auto-converge'"). */
  readonly suggestion?: Request;
  /** The choices the bot just listed for a slot ("the first", "the second one"). */
  readonly options?: { readonly slot: string; readonly values: readonly string[] };
  /** The VM and the host last talked about ("it", "that VM", "evacuate it"). */
  readonly lastVm?: string;
  readonly lastHost?: string;
  /** The last question answered, for "and now?" and "again?". */
  readonly lastAnswer?: Request;
  /** Turns in a row not understood with nothing open: the bot says it differently each time. */
  readonly misses?: number;
  /** The last answer's fingerprint and how many times running it was given. */
  readonly said?: { readonly hash: number; readonly times: number };
}

const MAX_QUESTION = 1000;
const MAX_VALUE = 100;
const MAX_BYTES = 6000;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

// Built on the first memory read (a turn after the bot said something), not when the Lambda loads.
let schema: ReturnType<typeof buildSchema> | undefined;
function buildSchema() {
  const slots = z.record(z.string().check(z.regex(NAME)), z.string().check(z.maxLength(MAX_VALUE)));
  const request = z.object({ intent: z.string().check(z.regex(NAME)), slots });
  const task = z.object({
    intent: z.string().check(z.regex(NAME)),
    slots,
    awaiting: z.nullable(z.string().check(z.regex(NAME))),
    question: z.string().check(z.maxLength(MAX_QUESTION)),
    retries: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
    resumed: z.boolean(),
  });
  return z.object({
    open: z.optional(task),
    paused: z.optional(task),
    refused: z.optional(request),
    suggestion: z.optional(request),
    options: z.optional(
      z.object({
        slot: z.string().check(z.regex(NAME)),
        values: z.array(z.string().check(z.regex(ID))).check(z.maxLength(10)),
      }),
    ),
    lastVm: z.optional(z.string().check(z.regex(ID))),
    lastHost: z.optional(z.string().check(z.regex(ID))),
    lastAnswer: z.optional(request),
    misses: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
    said: z.optional(
      z.object({
        hash: z.number().check(z.int(), z.minimum(0), z.maximum(0xffffffff)),
        times: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
      }),
    ),
  });
}

/** A request of an intent that holds requests, with that intent's slots only. */
function known<R extends Request>(request: R | undefined): R | undefined {
  if (!request) return undefined;
  const task = taskOf(request.intent);
  const has = (slot: string) => task?.slots.some((s) => s.name === slot) ?? false;
  if (!task || !Object.keys(request.slots).every(has)) return undefined;
  const awaiting = (request as Partial<OpenTask>).awaiting;
  if (awaiting !== undefined && awaiting !== null && !has(awaiting)) return undefined;
  // A null-prototype copy: slot names are data, whatever they are.
  return { ...request, slots: Object.assign(Object.create(null) as object, request.slots) };
}

export function readMemory(attribute: (name: string) => string | undefined): Memory {
  const raw = attribute(SESSION_ATTRIBUTE.memory);
  if (raw === undefined || raw.length > MAX_BYTES) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  const parsed = (schema ??= buildSchema()).safeParse(json);
  if (!parsed.success) return {};
  const m = parsed.data;
  return dropUndefined({
    open: known(m.open),
    paused: known(m.paused),
    refused: known(m.refused),
    suggestion: known(m.suggestion),
    options: m.options,
    lastVm: m.lastVm,
    lastHost: m.lastHost,
    lastAnswer: known(m.lastAnswer),
    misses: m.misses,
    said: m.said,
  });
}

/** The session attribute change that stores `memory` (null removes the attribute). */
export function memoryAttributes(memory: Memory): Record<string, string | null> {
  const kept = dropUndefined({
    ...memory,
    open: memory.open && { ...memory.open, question: memory.open.question.slice(0, MAX_QUESTION) },
    paused: memory.paused && {
      ...memory.paused,
      question: memory.paused.question.slice(0, MAX_QUESTION),
    },
  });
  const json = JSON.stringify(kept);
  return { [SESSION_ATTRIBUTE.memory]: json === '{}' ? null : json };
}

/** Every request forgotten (cancel, stop, goodbye); the VM and host last talked about kept. */
export function forgetRequests(memory: Memory): Memory {
  return dropUndefined({ lastVm: memory.lastVm, lastHost: memory.lastHost });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
