import { INTENT, SLOT } from '../../../bot-definition/names';
import {
  close,
  confirmIntent,
  createRouter,
  delegate,
  elicitSlot,
  lexResponseProblems,
  mergeAttributes,
  plainText,
  scalarSlot,
  toLexRequest,
  type InvocationSource,
  type LexEvent,
  type LexMessage,
  type LexRequest,
  type LexResponse,
  type LexSlots,
  type RouteOutcome,
  type RouteTable,
} from '../../lex';
import type { IntentContext } from '../context';
import { normaliseVmName } from '../recognise';
import { quote } from '../resolve';
import { mentions } from './mentions';
import { memoryAttributes, readMemory, type Memory, type OpenTask } from './memory';
import {
  leavesChoiceToBot,
  pointsBack,
  asksAgain,
  repairAct,
  soundsLikeCorrection,
  type RepairAct,
} from './phrases';
import { CHANGES, questionFor, taskOf } from './tasks';

/**
 * The conversation around the intents: what makes the bot follow people who cancel, correct,
 * digress and come back. It wraps the intent handlers (each stays about its own request) and,
 * in the one Lambda, for every event:
 *
 * 1. reads its memory (session attributes): the open question, a request set aside, the VM last
 *    talked about; fills "it" and "anywhere" for the intent's slots;
 * 2. when the input answers the open question, reads it first for a repair: cancel, stop,
 *    start over, repeat, help, a correction of any slot, a question about something else (answered,
 *    then the request resumed in the same answer) or a new request (switched to);
 * 3. runs the intent's handler;
 * 4. writes down what is open now, gives up a question asked too often (a dead end ends), and
 *    after a digression resumes the request it interrupted, once.
 *
 * Lex may deliver the same words either way (a built-in intent, another intent, or a slot value
 * of the current one, depending on what its NLU makes of them); both reach the same answer.
 */
export interface Conversation {
  readonly memory: Memory;
  /** Runs an intent's own handler for a request, inside this invocation. */
  run(req: LexRequest): Promise<LexResponse | undefined>;
  /** A request for another intent (or the same one with other slots), from this event. */
  requestFor(req: LexRequest, task: TaskRequest): LexRequest;
  /**
   * `answer` (a digression's answer, an apology...), then `task`'s question asked afresh by its
   * own handler, led in by "Back to <what it was doing>:" (or `lead`). `counts`: this uses up
   * the one time a request is offered back after a digression.
   */
  resume(
    req: LexRequest,
    answer: LexResponse,
    task: OpenTask,
    counts: boolean,
    lead?: string,
  ): Promise<LexResponse>;
  /** Asks the open question again, as it was asked. */
  askAgain(req: LexRequest, task: OpenTask, messages: readonly string[]): LexResponse;
}

export interface TaskRequest {
  readonly intent: string;
  readonly slots: Readonly<Record<string, string>>;
  readonly source?: InvocationSource;
  readonly inputTranscript?: string;
  readonly sessionAttributes?: Readonly<Record<string, string>>;
}

/** A question asked again this many times after an answer is given up. */
const MAX_RETRIES = 2;
/** Another intent takes over an open question only when the NLU is this sure of it... */
const CLEAR_INTENT = 0.7;
/** ...and sure by this much more than of the current intent. */
const CLEAR_MARGIN = 0.1;
/** Not digressions: after these the open request is offered again without using up its once. */
const REPAIRS: ReadonlySet<string> = new Set([
  INTENT.FallbackIntent,
  INTENT.HelpIntent,
  INTENT.RepeatIntent,
]);
const ACTS: Readonly<Partial<Record<string, RepairAct>>> = {
  [INTENT.CancelIntent]: 'cancel',
  [INTENT.StopIntent]: 'stop',
  [INTENT.StartOverIntent]: 'startOver',
  [INTENT.RepeatIntent]: 'repeat',
  [INTENT.HelpIntent]: 'help',
};

/** What each slot asks for, in a sentence that says it was not heard. */
const WHAT: Readonly<Partial<Record<string, string>>> = {
  [SLOT.VmName]: 'a VM name',
  [SLOT.TargetHost]: 'a host name',
  [SLOT.HostName]: 'a host name',
  [SLOT.ApplianceName]: 'an appliance',
  [SLOT.MemoryGiB]: 'a size in GiB',
};

type Routes = (ctx: IntentContext, conversation: Conversation) => RouteTable;
type OnRepair = (
  act: RepairAct,
  req: LexRequest,
  conversation: Conversation,
) => Promise<LexResponse>;

/** The bot's routes with the conversation around them: any event in, a route outcome out. */
export function createConversation(base: IntentContext, routes: Routes, onRepair: OnRepair) {
  return async (req: LexRequest): Promise<RouteOutcome> => {
    const memory = readMemory(req.attribute);
    const ctx: IntentContext = { ...base, lastVm: memory.lastVm };
    const conversation: Conversation = {
      memory,
      run: async (r) => {
        const outcome = await route(r);
        return outcome.kind === 'handled' ? outcome.response : undefined;
      },
      requestFor,
      resume: (r, answer, task, counts, lead) =>
        resume(conversation, r, answer, task, counts, lead),
      askAgain,
    };
    const route = createRouter(routes(ctx, conversation));
    let request = req.invocationSource === 'DialogCodeHook' ? fillReferences(req, memory) : req;
    let answered = false;
    let hint: string | undefined;
    if (answersOpenQuestion(request, memory)) {
      answered = true;
      const repaired = await repairAnswer(conversation, request, memory.open!, onRepair);
      if ('response' in repaired) {
        return handled(await remember(conversation, request, repaired.response, repaired.asked));
      }
      request = repaired.request;
      hint = repaired.hint;
    } else if (switchedAway(request, memory)) {
      const corrected = correctionOf(conversation, request, memory.open!);
      if (corrected) {
        const response = await conversation.run(corrected);
        if (response) return handled(await remember(conversation, corrected, response, true));
      }
      // A new change replaces whatever was open; a question leaves it to be resumed.
      if (CHANGES.has(request.intent.name)) request = dropMemory(request);
    }
    const outcome = await route(request);
    if (outcome.kind !== 'handled') return outcome;
    // The hint goes with a question asked again, not with whatever else the input led to.
    const asksAgain = ['ConfirmIntent', 'ElicitSlot'].includes(
      outcome.response.sessionState.dialogAction.type,
    );
    const response =
      hint && asksAgain
        ? { ...outcome.response, messages: [plainText(hint), ...(outcome.response.messages ?? [])] }
        : outcome.response;
    return handled(await remember(conversation, request, response, answered));
  };
}

const handled = (response: LexResponse): RouteOutcome => ({ kind: 'handled', response });

// ---------------------------------------------------------------------------------------------
// Before the handler

/** The input is the user's answer to the question this intent left open. */
function answersOpenQuestion(req: LexRequest, memory: Memory): boolean {
  const open = memory.open;
  return (
    !!open &&
    req.invocationSource === 'DialogCodeHook' &&
    req.invocationLabel === undefined &&
    open.intent === req.intent.name &&
    req.intent.confirmationState !== 'Confirmed' &&
    req.inputTranscript.trim() !== ''
  );
}

/** Lex recognised another intent while a question of an open request was waiting. */
function switchedAway(req: LexRequest, memory: Memory): boolean {
  return (
    !!memory.open &&
    req.invocationLabel === undefined &&
    memory.open.intent !== req.intent.name &&
    req.inputTranscript.trim() !== '' &&
    !ACTS[req.intent.name]
  );
}

/**
 * "it" / "that VM" for the VM last talked about; "anywhere" for a destination; "try again with
 * auto-converge" for the request last refused, with what is said now on top.
 */
function fillReferences(req: LexRequest, memory: Memory): LexRequest {
  const task = taskOf(req.intent.name);
  let slots: LexSlots | undefined;
  const refused = memory.refused;
  if (refused?.intent === req.intent.name && asksAgain(req.inputTranscript)) {
    const missing = Object.entries(refused.slots).filter(([k]) => req.slot(k) === undefined);
    if (missing.length > 0) {
      slots = { ...req.intent.slots };
      for (const [k, v] of missing) slots[k] = scalarSlot(v);
    }
  }
  if (
    task?.refersToVm &&
    !slots?.[SLOT.VmName] &&
    req.slot(SLOT.VmName) === undefined &&
    memory.lastVm
  ) {
    const text = req.inputTranscript;
    const awaitingVm =
      memory.open?.intent === req.intent.name && memory.open.awaiting === SLOT.VmName;
    if (pointsBack(text) && (awaitingVm || mentions(text).vms.length === 0)) {
      slots = { ...req.intent.slots, [SLOT.VmName]: scalarSlot(memory.lastVm, 'it') };
    }
  }
  if (
    req.intent.name === INTENT.MigrateVm &&
    req.slot(SLOT.TargetHost) === undefined &&
    leavesChoiceToBot(req.inputTranscript)
  ) {
    slots = {
      ...(slots ?? req.intent.slots),
      [SLOT.TargetHost]: scalarSlot('anywhere', req.inputTranscript.slice(0, 100)),
    };
  }
  return slots ? withSlots(req, slots) : req;
}

type Repaired = { response: LexResponse; asked: boolean } | { request: LexRequest; hint?: string };

async function repairAnswer(
  conversation: Conversation,
  req: LexRequest,
  open: OpenTask,
  onRepair: OnRepair,
): Promise<Repaired> {
  const denied = req.intent.confirmationState === 'Denied';
  // Another request the NLU is sure of comes first ("list hosts" names no host to move to),
  // unless the words say they correct this one ("actually host-d").
  const other = soundsLikeCorrection(req.inputTranscript) ? undefined : clearOtherIntent(req);
  // A "no" that goes on with a new value ("no, make it a game server") corrects; a plain no
  // declines, and so does "cancel" at a confirmation (the intent's own answer says so).
  const corrected = other ? undefined : correctionOf(conversation, req, open);
  if (corrected) return { request: corrected };
  if (denied) return { request: req };
  const act = repairAct(req.inputTranscript) ?? actOf(other?.name);
  if (act) return { response: await onRepair(act, req, conversation), asked: false };
  if (!other) {
    // Neither an answer, a change nor another request: say so before asking again.
    if (open.awaiting === null) {
      return {
        request: req,
        hint: "Sorry, I didn't catch that. Please answer yes or no, or change a detail.",
      };
    }
    const what = WHAT[open.awaiting];
    return req.slot(open.awaiting) === undefined && what
      ? { request: req, hint: `Sorry, I didn't catch ${what} in ${quote(req.inputTranscript)}.` }
      : { request: req };
  }
  const sub = conversation.requestFor(req, { intent: other.name, slots: other.slots });
  if (CHANGES.has(other.name)) {
    // Something new: the open request is dropped, the new one starts here.
    const response = await conversation.run(dropMemory(sub));
    return response ? { response, asked: false } : { request: req };
  }
  // A question about something else: answered, then back to the open request.
  const answer = await answerInline(conversation, sub);
  if (!answer) return { request: req };
  const action = answer.sessionState.dialogAction.type;
  if (action === 'ElicitSlot' || action === 'ConfirmIntent')
    return { response: answer, asked: false };
  return {
    response: await conversation.resume(req, answer, open, !REPAIRS.has(other.name)),
    asked: false,
  };
}

function actOf(intent: string | undefined): RepairAct | undefined {
  return intent === undefined ? undefined : ACTS[intent];
}

/** Another intent the NLU clearly prefers to the current one, with what it read into slots. */
function clearOtherIntent(
  req: LexRequest,
): { name: string; slots: Record<string, string> } | undefined {
  const current = req.intent.name;
  const score = (name: string) =>
    req.event.interpretations.find((i) => i.intent.name === name)?.nluConfidence ?? 0;
  const own = score(current);
  for (const i of req.event.interpretations) {
    const name = i.intent.name;
    if (name === current || name === INTENT.FallbackIntent) continue;
    const confidence = i.nluConfidence ?? 0;
    if (confidence < CLEAR_INTENT || confidence < own + CLEAR_MARGIN) continue;
    if (!Object.values(INTENT).includes(name as never)) continue;
    return { name, slots: interpretedValues(i.intent.slots) };
  }
  return undefined;
}

/** A dialog hook, then (when it lets Lex go on) the fulfillment: the other intent's answer. */
async function answerInline(
  conversation: Conversation,
  req: LexRequest,
): Promise<LexResponse | undefined> {
  // Intents without a dialog code hook (small talk, help) answer at fulfillment only.
  const dialog = (await conversation.run(req)) ?? delegate(req.sessionState);
  if (dialog.sessionState.dialogAction.type !== 'Delegate') return dialog;
  const slots = interpretedValues(dialog.sessionState.intent?.slots ?? req.intent.slots);
  const missing = taskOf(req.intent.name)?.required.find((s) => slots[s] === undefined);
  if (missing) return askMissing(req, dialog);
  return conversation.run(
    conversation.requestFor(req, {
      intent: req.intent.name,
      slots,
      source: 'FulfillmentCodeHook',
      sessionAttributes: dialog.sessionState.sessionAttributes,
    }),
  );
}

/**
 * New values for the open request's slots in the input ("actually host-d", "no, I meant vm-1",
 * "make it 2 GiB"): the open request with them, to be checked again by its dialog hook. At a
 * confirmation any value counts; while a slot is asked for, values of the other slots count only
 * when the input sounds like a correction (so "host-b" answers, "no, vm-1" corrects). The slot
 * that was asked for keeps only a value the input names: Lex may have filled it with the whole
 * sentence.
 */
function correctionOf(
  conversation: Conversation,
  req: LexRequest,
  open: OpenTask,
): LexRequest | undefined {
  const text = req.inputTranscript;
  const cue = soundsLikeCorrection(text);
  // "you pick" while a destination is asked for: the bot is to choose.
  const choiceLeft =
    open.intent === INTENT.MigrateVm &&
    open.awaiting === SLOT.TargetHost &&
    leavesChoiceToBot(text);
  // Another intent recognised: only a clear correction or answer goes back to the open request.
  if (req.intent.name !== open.intent && !cue && !choiceLeft) return undefined;
  const m = mentions(text);
  const one = (list: readonly string[]) => (list.length === 1 ? list[0] : undefined);
  const said: Record<string, string | undefined> = {};
  switch (open.intent) {
    case INTENT.MigrateVm:
      said[SLOT.VmName] = one(m.vms);
      said[SLOT.TargetHost] = choiceLeft ? 'anywhere' : one(m.hosts);
      said[SLOT.AutoConverge] = m.autoConverge ? 'auto-converge' : undefined;
      break;
    case INTENT.CreateVm:
      said[SLOT.ApplianceName] = one(m.appliances);
      said[SLOT.TargetHost] = one(m.hosts);
      said[SLOT.MemoryGiB] = m.memoryGiB;
      break;
    case INTENT.EvacuateHost:
    case INTENT.EndMaintenance:
    case INTENT.ListHosts:
      said[SLOT.HostName] = one(m.hosts);
      break;
    default:
      if (taskOf(open.intent)?.refersToVm) said[SLOT.VmName] = one(m.vms);
  }
  const may = (slot: string) => open.awaiting === null || open.awaiting === slot || cue;
  const changes = Object.entries(said).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && may(entry[0]) && open.slots[entry[0]] !== entry[1],
  );
  if (changes.length === 0) return undefined;
  const slots: Record<string, string> = { ...open.slots, ...Object.fromEntries(changes) };
  return conversation.requestFor(req, { intent: open.intent, slots });
}

// ---------------------------------------------------------------------------------------------
// After the handler

/**
 * Writes down what is open after `response` and returns it with the memory in its session
 * attributes. A question asked again too often ends the request; a request closed by an
 * intent that was not the open one's is followed by the open request, resumed.
 */
async function remember(
  conversation: Conversation,
  req: LexRequest,
  response: LexResponse,
  answered: boolean,
): Promise<LexResponse> {
  let memory = readMemory((name) => own(response.sessionState.sessionAttributes, name));
  const state = response.sessionState;
  const intent = state.intent?.name ?? req.intent.name;
  const slots = interpretedValues(state.intent?.slots);
  const vm = vmOf(intent, slots);
  if (vm) memory = { ...memory, lastVm: vm };
  const action = state.dialogAction;
  const asks =
    action.type === 'ElicitSlot'
      ? (action.slotToElicit ?? null)
      : action.type === 'ConfirmIntent'
        ? null
        : undefined;
  const missing =
    action.type === 'Delegate'
      ? taskOf(intent)?.required.find((s) => slots[s] === undefined)
      : undefined;

  if (asks !== undefined || missing !== undefined) {
    const awaiting = asks ?? missing ?? null;
    const prev = memory.open;
    const same = !!prev && prev.intent === intent && prev.awaiting === awaiting;
    const retries = same && answered && action.type === 'ElicitSlot' ? prev.retries + 1 : 0;
    if (retries > MAX_RETRIES) {
      return store(giveUp(req, response, intent, slots), { ...memory, open: undefined });
    }
    let paused = memory.paused;
    if (prev && prev.intent !== intent && !paused && !CHANGES.has(intent) && taskOf(prev.intent)) {
      paused = prev; // a digression asks a question of its own: come back afterwards
    }
    if (paused?.intent === intent) paused = undefined;
    const open: OpenTask = {
      intent,
      slots,
      awaiting,
      question:
        lastText(response.messages) ||
        (awaiting ? questionFor(intent, awaiting, slots) : undefined) ||
        prev?.question ||
        '',
      retries,
      resumed: same ? prev.resumed : false,
    };
    return store(response, { ...memory, open, paused });
  }
  if (action.type === 'Delegate') return store(response, memory);

  // Close or ElicitIntent: this intent is done; a refused change is kept for "try again".
  if (CHANGES.has(intent) && state.intent?.state === 'Failed') {
    memory = {
      ...memory,
      refused: { intent, slots, awaiting: null, question: '', retries: 0, resumed: false },
    };
  } else if (CHANGES.has(intent)) {
    memory = { ...memory, refused: undefined };
  }
  const open = memory.open?.intent === intent ? undefined : memory.open;
  const waiting = memory.paused ?? open;
  const rest: Memory = { ...memory, open: undefined, paused: undefined };
  if (!waiting || waiting.intent === intent || !taskOf(waiting.intent))
    return store(response, rest);
  if (waiting.resumed && !REPAIRS.has(intent)) {
    // Offered back once already: the user has moved on. Say so, once.
    const doing = taskOf(waiting.intent)?.doing(waiting.slots) ?? 'the earlier request';
    const note = `(I've set ${doing} aside: ask again when you want it.)`;
    return store(
      { ...response, messages: [...(response.messages ?? []), plainText(note)].slice(0, 10) },
      rest,
    );
  }
  const resumed = await conversation.resume(
    req,
    store(response, rest),
    waiting,
    !REPAIRS.has(intent),
  );
  return resumed;
}

/**
 * The response with `memory` in its session attributes. Memory is a convenience: when the
 * session has no room left for it (Lex takes 12 KB of attributes), the answer goes without.
 */
function store(response: LexResponse, memory: Memory): LexResponse {
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

/** The request asked for the same thing too often: say why once more and end it. */
function giveUp(
  req: LexRequest,
  response: LexResponse,
  intent: string,
  slots: Record<string, string>,
): LexResponse {
  const task = taskOf(intent);
  const said = messageText(response.messages);
  const end = `I'll stop asking for now: say ${task?.example ?? 'what you need'} when you're ready.`;
  return close(
    {
      intent: {
        name: intent,
        slots: lexSlots(slots, intent),
        state: 'Failed',
        confirmationState: 'None',
      },
      sessionAttributes: response.sessionState.sessionAttributes ?? {},
    },
    { state: 'Failed', messages: [said, end].filter(Boolean) },
  );
}

async function resume(
  conversation: Conversation,
  req: LexRequest,
  answer: LexResponse,
  task: OpenTask,
  counts: boolean,
  lead?: string,
): Promise<LexResponse> {
  const sub = conversation.requestFor(req, {
    intent: task.intent,
    slots: task.slots,
    inputTranscript: '',
    sessionAttributes: answer.sessionState.sessionAttributes,
  });
  const again = await conversation.run(sub);
  if (!again) return answer;
  const asked = askMissing(sub, again);
  const said = (asked.messages ?? []).flatMap((m) =>
    m.contentType === 'PlainText' ? [m.content] : [],
  );
  const doing = taskOf(task.intent)?.doing(task.slots) ?? 'your request';
  const [first = '', ...rest] = said.length > 0 ? said : [task.question];
  const back = lead === undefined ? `Back to ${doing}: ${lowerFirst(first)}` : `${lead}${first}`;
  const messages: LexMessage[] = [
    ...(answer.messages ?? []),
    ...(back ? [{ contentType: 'PlainText' as const, content: back }] : []),
    ...rest.map((content): LexMessage => ({ contentType: 'PlainText', content })),
  ];
  const combined: LexResponse = { ...asked, messages: messages.slice(0, 10) };
  const action = combined.sessionState.dialogAction;
  const memory = readMemory((name) => own(combined.sessionState.sessionAttributes, name));
  if (action.type !== 'ElicitSlot' && action.type !== 'ConfirmIntent') {
    return store(combined, { ...memory, open: undefined, paused: undefined });
  }
  const slots = interpretedValues(combined.sessionState.intent?.slots);
  return store(combined, {
    ...memory,
    open: {
      intent: task.intent,
      slots,
      awaiting: action.type === 'ElicitSlot' ? (action.slotToElicit ?? null) : null,
      question: lastText(combined.messages) || task.question,
      retries: task.retries,
      resumed: task.resumed || counts,
    },
    paused: undefined,
  });
}

function askAgain(req: LexRequest, task: OpenTask, messages: readonly string[]): LexResponse {
  const session = {
    intent: {
      name: task.intent,
      slots: lexSlots(task.slots, task.intent),
      state: 'InProgress' as const,
      confirmationState: 'None' as const,
    },
    sessionAttributes: req.sessionAttributes,
    ...(req.sessionState.activeContexts ? { activeContexts: req.sessionState.activeContexts } : {}),
  };
  const all = [...messages, task.question].filter(Boolean);
  const said = all.length > 0 ? all : ['Please go on.'];
  if (task.awaiting === null) {
    return confirmIntent(session, { messages: said as [string, ...string[]] });
  }
  return elicitSlot(session, { slotToElicit: task.awaiting, messages: said });
}

/** A Delegate that would leave a required slot to Lex's prompt, made an explicit question. */
function askMissing(req: LexRequest, response: LexResponse): LexResponse {
  if (response.sessionState.dialogAction.type !== 'Delegate') return response;
  const state = response.sessionState;
  const intent = state.intent ?? { ...req.intent, state: 'InProgress' as const };
  const slots = interpretedValues(intent.slots);
  const missing = taskOf(intent.name)?.required.find((s) => slots[s] === undefined);
  const question = missing && questionFor(intent.name, missing, slots);
  if (!missing || !question) return response;
  return elicitSlot(
    {
      intent: { ...req.intent, ...intent, slots: intent.slots ?? {} },
      sessionAttributes: state.sessionAttributes ?? req.sessionAttributes,
      ...(state.activeContexts ? { activeContexts: state.activeContexts } : {}),
    },
    { slotToElicit: missing, messages: [...(response.messages ?? []), question] },
  );
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function requestFor(base: LexRequest, task: TaskRequest): LexRequest {
  const { invocationLabel: _label, proposedNextState: _proposed, ...event } = base.event;
  const next: LexEvent = {
    ...event,
    invocationSource: task.source ?? 'DialogCodeHook',
    inputTranscript: task.inputTranscript ?? base.inputTranscript,
    sessionState: {
      ...base.sessionState,
      sessionAttributes: { ...(task.sessionAttributes ?? base.sessionAttributes) },
      intent: {
        name: task.intent,
        slots: lexSlots(task.slots, task.intent),
        state: 'InProgress',
        confirmationState: 'None',
      },
    },
  };
  return toLexRequest(next);
}

function dropMemory(req: LexRequest): LexRequest {
  const memory = readMemory(req.attribute);
  return toLexRequest(
    withAttributes(req.event, memoryAttributes({ ...memory, open: undefined, paused: undefined })),
  );
}

function withAttributes(event: LexEvent, changes: Record<string, string | null>): LexEvent {
  const attributes = mergeAttributes(event.sessionState.sessionAttributes, changes);
  return { ...event, sessionState: { ...event.sessionState, sessionAttributes: attributes } };
}

function withSlots(req: LexRequest, slots: LexSlots): LexRequest {
  return toLexRequest({
    ...req.event,
    sessionState: { ...req.sessionState, intent: { ...req.intent, slots } },
  });
}

/** Lex slots from values; the intent's other slots are sent empty (null), so none lingers. */
function lexSlots(values: Readonly<Record<string, string>>, intent?: string): LexSlots {
  const slots: LexSlots = {};
  for (const name of taskOf(intent ?? '')?.slots ?? []) slots[name] = null;
  for (const [k, v] of Object.entries(values)) slots[k] = scalarSlot(v);
  return slots;
}

function interpretedValues(slots: LexSlots | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, slot] of Object.entries(slots ?? {})) {
    const value = slot?.value?.interpretedValue ?? slot?.value?.originalValue;
    if (value !== undefined && value.length <= 100) values[name] = value;
  }
  return values;
}

function vmOf(intent: string, slots: Record<string, string>): string | undefined {
  const raw = slots[SLOT.VmName];
  if (raw === undefined) return undefined;
  if (!taskOf(intent)?.refersToVm && intent !== INTENT.CreateVm) return undefined;
  const id = normaliseVmName(raw);
  return id === raw ? id : undefined;
}

/** The last thing said: the question, when a response asks one. */
function lastText(messages: readonly LexMessage[] | undefined): string {
  const texts = (messages ?? []).flatMap((m) => (m.contentType === 'PlainText' ? [m.content] : []));
  return texts.at(-1) ?? '';
}

function messageText(messages: readonly LexMessage[] | undefined): string {
  return (messages ?? [])
    .flatMap((m) => (m.contentType === 'PlainText' || m.contentType === 'SSML' ? [m.content] : []))
    .join('\n');
}

function lowerFirst(text: string): string {
  // "Which host..." → "which host..."; names and ids ("vm-3 is...") are already lower case.
  return text.replace(/^([A-Z])(?=[a-z])/, (c) => c.toLowerCase());
}

function own(map: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  return map && Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
}
