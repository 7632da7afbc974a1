import { createHash } from 'node:crypto';
import { close, lexResponseProblems, mergeAttributes, type LexResponse } from '../../lex';
import { normaliseHostName, normaliseVmName } from '../recognise';
import { hooksOf } from '../registry';
import { missingSlot, questionFor, taskOf } from '../tasks';
import { memoryAttributes, type Memory, type OpenTask, type Request } from './memory';
import { askAgain, lexSlots, requestFor, textsOf, withMessagesBefore } from './requests';
import { slotValues } from './read-request';
import { backTo, type Step, type Turn } from './execute';

/**
 * After the command: what is open now is read from the answer itself (a question asked is the
 * open request; a request closed is done), a question asked too often is given up, a request
 * set aside is offered back once the one in between is done, and the memory goes into the
 * session with the answer.
 */

/** A question asked again this many times after an answer is given up. */
const MAX_RETRIES = 2;

export interface Offers {
  suggestion?: Request;
  options?: { slot: string; values: readonly string[] };
  /** Values listed for whichever slot the answer asks. */
  choices?: readonly string[];
}

export async function remember(t: Turn, step: Step, offers: Offers): Promise<LexResponse> {
  const { response } = step;
  const asked = response.sessionState.dialogAction;
  const listed =
    offers.choices?.length && asked.type === 'ElicitSlot' && asked.slotToElicit
      ? { slot: asked.slotToElicit, values: offers.choices }
      : undefined;
  let memory: Memory = {
    ...step.memory,
    suggestion: offers.suggestion,
    options: offers.options ?? listed,
    kept: step.kept,
  };
  const state = response.sessionState;
  const intent = state.intent?.name ?? t.req.intent.name;
  const slots = slotValues(state.intent?.slots);
  memory = { ...memory, ...talkedAbout(intent, slots) };
  const action = state.dialogAction;

  // A Delegate that leaves a required slot empty: Lex asks for it next, with its prompt.
  const missing = action.type === 'Delegate' ? missingSlot(intent, slots) : undefined;
  if (action.type === 'ElicitSlot' || action.type === 'ConfirmIntent' || missing) {
    const awaiting =
      action.type === 'ElicitSlot' ? (action.slotToElicit ?? null) : (missing ?? null);
    const prev = step.memory.open;
    const same = !!prev && prev.intent === intent && prev.awaiting === awaiting;
    const retries = same && step.answered && action.type === 'ElicitSlot' ? prev.retries + 1 : 0;
    if (retries > MAX_RETRIES && taskOf(intent)) {
      return store(t, giveUp(response, intent, slots), { ...memory, open: undefined });
    }
    const texts = textsOf(response);
    const open: OpenTask = {
      intent,
      slots,
      awaiting,
      question:
        unled(texts.at(-1) ?? '') ||
        (awaiting ? questionFor(intent, awaiting, slots) : undefined) ||
        prev?.question ||
        '',
      retries,
      resumed: same ? prev.resumed : false,
    };
    // The request set aside is this one, asked again (unless it was queued behind it: the
    // second VM of "move vm-1 and vm-3", still to be asked about).
    const queued = memory.paused?.question === '' && !sameSlots(memory.paused.slots, slots);
    const paused =
      memory.paused?.intent === intent && open.awaiting === null && !queued
        ? undefined
        : memory.paused;
    return store(t, response, { ...memory, open: taskOf(intent) ? open : undefined, paused });
  }
  if (action.type === 'Delegate') return store(t, response, memory);

  // Close or ElicitIntent: this request is done.
  const task = taskOf(intent);
  const closed = state.intent?.state;
  if (
    task?.kind === 'change' &&
    closed === 'Failed' &&
    state.intent?.confirmationState !== 'Denied' &&
    !step.dropped
  )
    memory = { ...memory, refused: { intent, slots } };
  else if (task?.kind === 'change') memory = { ...memory, refused: undefined };
  if (task?.kind === 'question' && closed === 'Fulfilled')
    memory = { ...memory, lastAnswer: { intent, slots } };
  const waiting = step.dropped ? undefined : memory.paused;
  memory = { ...memory, open: undefined, paused: undefined };
  if (!waiting || waiting.resumed || (waiting.intent === intent && sameSlots(waiting.slots, slots)))
    return store(t, response, memory);
  return resume(t, response, waiting, memory);
}

/** A request set aside, offered back after the answer: "Back to moving vm-3: ...". */
async function resume(
  t: Turn,
  answer: LexResponse,
  task: OpenTask,
  memory: Memory,
): Promise<LexResponse> {
  const offered = { ...task, resumed: true };
  let asked: LexResponse;
  if (task.question) {
    asked = askAgain(t.req, offered, textsOf(answer), backTo(task));
  } else {
    // A request queued without a question yet (the second VM of "move vm-1 and vm-2"): its own.
    const hooks = await hooksOf(task.intent);
    if (!hooks) return store(t, answer, memory);
    const own = await hooks.dialog(t.ctx, requestFor(t.req, task));
    const missing =
      own.sessionState.dialogAction.type === 'Delegate' && missingSlot(task.intent, task.slots);
    asked = withMessagesBefore(
      missing
        ? askAgain(
            t.req,
            {
              ...offered,
              awaiting: missing,
              question: questionFor(task.intent, missing, task.slots) ?? '',
            },
            [],
          )
        : own,
      [...textsOf(answer), backTo(task).replace(/: $/, ':')],
    );
  }
  const action = asked.sessionState.dialogAction.type;
  if (action !== 'ElicitSlot' && action !== 'ConfirmIntent')
    return store(t, { ...asked, sessionState: { ...asked.sessionState } }, memory);
  const slots = slotValues(asked.sessionState.intent?.slots);
  const texts = textsOf(asked);
  const open: OpenTask = {
    intent: task.intent,
    slots,
    awaiting:
      action === 'ElicitSlot' ? (asked.sessionState.dialogAction.slotToElicit ?? null) : null,
    question: unled(texts.at(-1) ?? '') || task.question,
    retries: 0,
    resumed: true,
  };
  // The answer's session attributes (its progress attribute...) go on with the question.
  const attributes = mergeAttributes(
    asked.sessionState.sessionAttributes ?? {},
    answer.sessionState.sessionAttributes ?? {},
  );
  return store(
    t,
    { ...asked, sessionState: { ...asked.sessionState, sessionAttributes: attributes } },
    { ...memory, open },
  );
}

/** The VM and host a request names, as what "it" and "that host" mean next. */
function talkedAbout(intent: string, slots: Readonly<Record<string, string>>): Partial<Memory> {
  const found: { lastVm?: string; lastHost?: string } = {};
  for (const slot of taskOf(intent)?.slots ?? []) {
    const raw = slots[slot.name];
    if (raw === undefined) continue;
    if (slot.entity === 'vm' || slot.entity === 'new-vm') {
      const id = normaliseVmName(raw);
      if (id === raw) found.lastVm = id;
    } else if (slot.entity === 'host') {
      const id = normaliseHostName(raw);
      if (id === raw) found.lastHost = id;
    }
  }
  return found;
}

/**
 * The response with `memory` in its session attributes. Memory is a convenience: when the
 * session has no room left for it (Lex takes 12 KB of attributes), the answer goes without.
 */
function store(t: Turn, answer: LexResponse, memory: Memory): LexResponse {
  const { response, said } = notThriceAlike(answer, t.said);
  memory = { ...memory, said };
  const withMemory = (changes: Record<string, string | null>): LexResponse => ({
    ...response,
    sessionState: {
      ...response.sessionState,
      sessionAttributes: mergeAttributes(response.sessionState.sessionAttributes ?? {}, changes),
    },
  });
  const remembered = withMemory(memoryAttributes(memory));
  if (lexResponseProblems(remembered).length === 0) return remembered;
  return withMemory(memoryAttributes({}));
}

/**
 * The same answer a third time running (a person saying the same thing in other words, or
 * stuck) is led in by "As I said," / "Again:", so that the bot never reads as stuck itself.
 */
function notThriceAlike(
  response: LexResponse,
  before: Memory['said'],
): { response: LexResponse; said: NonNullable<Memory['said']> } {
  const hash = fingerprint(textsOf(response).join('\n'));
  const times = before?.hash === hash ? before.times + 1 : 1;
  const said = { hash, times };
  const first = response.messages?.[0];
  if (times < 3 || first?.contentType !== 'PlainText' || !first.content) return { response, said };
  const lead = times % 2 === 1 ? 'As I said, ' : 'Again: ';
  const content = /^(I\b|[A-Z]{2}|[a-z])/.test(first.content)
    ? first.content
    : first.content[0]!.toLowerCase() + first.content.slice(1);
  const messages = [{ ...first, content: lead + content }, ...response.messages!.slice(1)];
  return { response: { ...response, messages }, said };
}

/** A short fingerprint of a text (the first 32 bits of its SHA-256): enough to tell answers apart. */
function fingerprint(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** The request asked for the same thing too often: say why once more and end it. */
function giveUp(response: LexResponse, intent: string, slots: Record<string, string>): LexResponse {
  const example = taskOf(intent)?.spec.example ?? 'what you need';
  return close(
    {
      intent: {
        name: intent,
        slots: lexSlots(intent, slots),
        state: 'Failed',
        confirmationState: 'None',
      },
      sessionAttributes: response.sessionState.sessionAttributes ?? {},
    },
    {
      state: 'Failed',
      messages: [
        ...textsOf(response).slice(0, 1),
        `I'll stop asking for now: say ${example} when you're ready.`,
      ],
    },
  );
}

/** The question without the lead it was asked again with ("Back to moving vm-3: which ..."). */
function unled(question: string): string {
  const plain = question.replace(/^(?:Back to [^:]+|Instead): /, '');
  return plain === question ? question : plain.replace(/^[a-z]/, (c) => c.toUpperCase());
}

function sameSlots(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
