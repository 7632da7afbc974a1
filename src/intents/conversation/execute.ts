import {
  HELP_TEXT,
  INTENT,
  type ChitchatSpec,
  type Entity,
  type IntentDefinition,
  type RepairAct,
} from '../../../bot-definition';
import {
  close,
  delegate,
  elicitIntent,
  elicitSlot,
  type LexRequest,
  type LexResponse,
} from '../../lex';
import type { IntentContext } from '../context';
import { hooksOf } from '../registry';
import { quote } from '../resolve';
import { intentNamed, missingSlot, questionFor, taskOf } from '../tasks';
import { forgetRequests, type Memory, type OpenTask, type Request } from './memory';
import {
  askAgain,
  ledBy,
  lexSlots,
  lowerFirst,
  requestFor,
  textsOf,
  withMessagesBefore,
} from './requests';
import { slotValues, type Command } from './understand';

/**
 * Execution: a command carried out over the registry's tasks and handlers, for one event. Each
 * command runs the handlers it needs directly (no second pass through a router), and says what
 * becomes of the conversation's requests; what is open afterwards is read from the answer itself
 * (remember.ts).
 */
export interface Turn {
  readonly req: LexRequest;
  readonly memory: Memory;
  readonly ctx: IntentContext;
  /** Turns in a row before this one not understood with nothing open. */
  readonly misses?: number;
  /** The answer before this turn's, as remembered (remember.ts). */
  readonly said?: Memory['said'];
}

export interface Step {
  readonly response: LexResponse;
  /** The memory as the command leaves it, before the answer is read. */
  readonly memory: Memory;
  /** The answer was to the open question (so asking it again counts as a retry). */
  readonly answered?: boolean;
  /** The requests were dropped: nothing set aside is offered back. */
  readonly dropped?: boolean;
}

export async function execute(command: Command, t: Turn): Promise<Step | undefined> {
  const { memory } = t;
  const open = memory.open;
  switch (command.kind) {
    case 'run':
      return run(t);
    case 'answer':
    case 'correct': {
      if (!open) return run(t);
      const response = await advance(t, {
        intent: open.intent,
        slots: { ...open.slots, ...command.slots },
      });
      const instead =
        command.kind === 'correct' && response.sessionState.dialogAction.type === 'ConfirmIntent';
      return { response: instead ? ledBy(response, 'Instead:') : response, memory, answered: true };
    }
    case 'confirm':
      return open ? confirm(t, open) : run(t);
    case 'decline':
      return drop(t, 'decline');
    case 'repair':
      return repair(t, command.act);
    case 'start':
      return start(t, command.request, command.queued ?? []);
    case 'about-open': {
      if (!open) return notUnderstood(t);
      const response = await advance(t, open);
      return {
        response: withMessagesBefore(response, ['Here is the plan as it stands now:']),
        memory,
      };
    }
    case 'chitchat':
      return chitchat(t, command.intent);
    case 'unsupported': {
      const cannot = `I can't ${command.operation}.`;
      const asked = open ?? memory.paused;
      if (asked) return { response: askAgain(t.req, asked, [cannot], backTo(asked)), memory };
      const response = close(t.req.sessionState, {
        intentName: INTENT.UnsupportedRequest,
        slots: {},
        state: 'Failed',
        messages: [`${cannot} ${HELP_TEXT[0].replace(/^.*?(I can )/, '$1')}`, HELP_TEXT[1]],
      });
      return { response, memory };
    }
    case 'clarify': {
      const id = command.id;
      const question =
        command.entity === 'host'
          ? `${id}: do you want to see it ("list ${id}"), evacuate it, or move a VM there?`
          : `${id}: do you want to know where it is, how its migration is going, or move it to another host?`;
      const response = elicitIntent(t.req.sessionState, { messages: [question] });
      const last = command.entity === 'host' ? { lastHost: id } : { lastVm: id };
      return { response, memory: { ...memory, ...last } };
    }
    case 'clarify-change': {
      if (!open) return notUnderstood(t);
      const now = open.slots[command.slot];
      const hint = `Did you mean ${command.value} instead${now ? ` of ${now}` : ''}? Say "${command.value} instead" to change it, or answer this:`;
      return { response: askAgain(t.req, open, [hint]), memory };
    }
    case 'nothing-asked':
      return waitFor(
        t,
        command.answer === 'no'
          ? 'OK. Anything else I can do?'
          : 'OK. Nothing is waiting for an answer right now: what would you like to do?',
      );
    case 'not-understood':
      return notUnderstood(t);
  }
}

/** The event as Lex sent it: its intent's own hook, or the answer of a repair or small talk. */
async function run(t: Turn): Promise<Step | undefined> {
  const { req, memory } = t;
  const hooks = await hooksOf(req.intent.name);
  if (hooks) {
    const response =
      req.invocationSource === 'FulfillmentCodeHook'
        ? await hooks.fulfil(t.ctx, req)
        : await hooks.dialog(t.ctx, req);
    return { response, memory };
  }
  const intent = intentNamed(req.intent.name);
  if (!intent) return undefined;
  if (intent.kind === 'chitchat') return chitchat(t, intent.name);
  if (intent.kind === 'repair') return repair(t, intent.act);
  return notUnderstood(t);
}

/**
 * A request carried forward: its dialog hook checks it, and when that lets Lex go on, a slot
 * still missing is asked for (in the bot's own question) and a question is answered at once
 * (its fulfillment, in this same invocation: one Lambda call, one unit of work).
 */
async function advance(t: Turn, request: Request): Promise<LexResponse> {
  const hooks = await hooksOf(request.intent);
  const task = taskOf(request.intent);
  if (!hooks || !task) throw new Error(`no handler for ${request.intent}`);
  const asked = requestFor(t.req, request);
  const response = await hooks.dialog(t.ctx, asked);
  if (response.sessionState.dialogAction.type !== 'Delegate') return response;
  const slots = slotValues(response.sessionState.intent?.slots ?? asked.intent.slots);
  const missing = missingSlot(request.intent, slots);
  if (missing) {
    const question = questionFor(request.intent, missing, slots) ?? 'Please go on.';
    return elicitSlot(asked.sessionState, {
      slots: lexSlots(request.intent, slots),
      slotToElicit: missing,
      messages: [...textsOf(response), question],
    });
  }
  if (task.kind !== 'question') return response;
  return hooks.fulfil(
    t.ctx,
    requestFor(t.req, { intent: request.intent, slots }, 'FulfillmentCodeHook'),
  );
}

/** The request's own dialog hook, on the event Lex sent for it. */
async function dialogOf(t: Turn, request: Request): Promise<LexResponse> {
  const hooks = await hooksOf(request.intent);
  if (!hooks) throw new Error(`no handler for ${request.intent}`);
  return hooks.dialog(t.ctx, requestFor(t.req, request));
}

/**
 * A yes to the open confirmation. When Lex heard it as one (Confirmed, this intent), its dialog
 * hook says go on; otherwise (a yes in words Lex did not take for one, or read as another intent)
 * the answer tells Lex to fulfil the confirmed request: the fulfillment still writes only if the
 * request is the one the bot asked about (trust/confirmations.ts).
 */
async function confirm(t: Turn, open: OpenTask): Promise<Step | undefined> {
  const { req, memory } = t;
  if (req.intent.name === open.intent && req.intent.confirmationState === 'Confirmed')
    return run(t);
  const response = delegate(req.sessionState, {
    intentName: open.intent,
    slots: lexSlots(open.intent, open.slots),
    confirmationState: 'Confirmed',
    state: 'ReadyForFulfillment',
  });
  return { response, memory };
}

/** Cancel, stop, or no to a confirmation: the open request named and dropped, nothing written. */
function drop(t: Turn, how: 'decline' | 'cancel' | 'stop'): Step {
  const { req, memory } = t;
  // A no Lex heard to its own confirmation is about the event's request, whatever is open.
  const own = taskOf(req.intent.name) && {
    intent: req.intent.name,
    slots: slotValues(req.intent.slots),
  };
  const request = how === 'decline' ? (memory.open ?? own) : (memory.paused ?? memory.open);
  const task = request && taskOf(request.intent);
  if (!request || !task) {
    const nothing =
      how === 'stop'
        ? "Nothing is waiting on you. Migrations that have started carry on; I can't stop those."
        : "There's nothing to cancel: no request is open.";
    return {
      response: close(req.sessionState, {
        intentName: how === 'stop' ? INTENT.StopIntent : INTENT.CancelIntent,
        slots: {},
        state: 'Fulfilled',
        messages: nothing,
      }),
      memory: forgetRequests(memory),
      dropped: true,
    };
  }
  const said = task.dropped(request.slots);
  // A no closes the request itself (declined); cancel and stop are requests of their own, done.
  const response =
    how === 'decline'
      ? close(req.sessionState, {
          intentName: request.intent,
          slots: lexSlots(request.intent, request.slots),
          state: 'Failed',
          confirmationState: 'Denied',
          messages: said,
        })
      : close(req.sessionState, {
          intentName: how === 'stop' ? INTENT.StopIntent : INTENT.CancelIntent,
          slots: {},
          state: 'Fulfilled',
          messages: how === 'stop' ? `${said} Stopping here.` : said,
        });
  // A no drops the question asked; what it interrupted is offered back. Cancel and stop drop all.
  if (how === 'decline') return { response, memory: { ...memory, open: undefined } };
  return { response, memory: forgetRequests(memory), dropped: true };
}

async function repair(t: Turn, act: RepairAct): Promise<Step | undefined> {
  const { req, memory } = t;
  const asked = memory.open ?? memory.paused;
  switch (act) {
    case 'cancel':
    case 'stop':
      return drop(t, act);
    case 'startOver': {
      const request = memory.paused ?? memory.open;
      if (!request) return waitFor(t, "Sure, let's start over. What would you like to do?");
      const response = await advance(t, { intent: request.intent, slots: {} });
      return {
        response: withMessagesBefore(response, ["OK, let's start over."]),
        memory: { ...memory, open: undefined, paused: undefined },
      };
    }
    case 'repeat':
      return asked
        ? { response: askAgain(req, asked, []), memory }
        : waitFor(t, "I haven't asked you anything. What would you like to do?");
    case 'help':
      if (asked) return { response: askAgain(req, asked, [stepHelp(asked)]), memory };
      // The definition answers HelpIntent itself (its closing response); elsewhere, the Lambda.
      if (req.intent.name === INTENT.HelpIntent) {
        const response =
          req.invocationSource === 'DialogCodeHook'
            ? delegate(req.sessionState)
            : close(req.sessionState, { state: 'Fulfilled', messages: [...HELP_TEXT] });
        return { response, memory };
      }
      return waitFor(t, HELP_TEXT);
  }
}

/** A new request; with one open, a question is a digression and a change takes its place. */
async function start(t: Turn, request: Request, queued: readonly Request[]): Promise<Step> {
  const { memory } = t;
  const open = memory.open;
  const task = taskOf(request.intent)!;
  // What Lex itself started, with nothing open: its own dialog hook, answered as Lex expects.
  const native =
    !open && t.req.intent.name === request.intent && t.req.invocationSource === 'DialogCodeHook';
  const response = native ? await dialogOf(t, request) : await advance(t, request);
  const action = response.sessionState.dialogAction.type;
  const asks = action === 'ElicitSlot' || action === 'ConfirmIntent';
  if (open && task.kind === 'question') {
    // Answered: back to the open request, asked as it was. Asking its own question: it waits.
    if (!asks) return { response: askAgain(t.req, open, textsOf(response), backTo(open)), memory };
    const same = response.sessionState.intent?.name === open.intent;
    return { response, memory: same ? memory : { ...memory, paused: open } };
  }
  // An offer the bot made (follow a migration?) is not set aside: the user has moved on.
  const aside =
    open && open.intent !== request.intent && !isOffer(open)
      ? { ...open, resumed: false }
      : memory.paused;
  const next: Memory = {
    ...memory,
    open: undefined,
    paused: queued[0] ? queuedTask(queued[0]) : aside,
  };
  const later = queued.length
    ? [
        `I move one VM per request: I'll ask about ${queued.map((q) => Object.values(q.slots)[0]).join(' and ')} after this one.`,
      ]
    : [];
  return { response: later.length ? withMessagesBefore(response, later) : response, memory: next };
}

/** A question the bot asked of its own accord: a yes or no to something it offered. */
function isOffer(task: OpenTask): boolean {
  return taskOf(task.intent)?.slots.find((s) => s.name === task.awaiting)?.entity === 'yes-no';
}

/** A request to be offered once the one before it is done. */
function queuedTask(request: Request): OpenTask {
  return { ...request, awaiting: null, question: '', retries: 0, resumed: false };
}

async function chitchat(t: Turn, name: string): Promise<Step> {
  const { req, memory } = t;
  const intent = intentNamed(name);
  const spec: ChitchatSpec = intent?.kind === 'chitchat' ? intent.chitchat : {};
  const closing = closingText(name);
  const asked = memory.open ?? memory.paused;
  if (asked && spec.endsRequests) {
    const doing = taskOf((memory.paused ?? asked).intent)?.doing((memory.paused ?? asked).slots);
    const response = close(req.sessionState, {
      intentName: name,
      slots: {},
      state: 'Fulfilled',
      messages: `${closing} (I've dropped ${doing ?? 'the open request'}.)`,
    });
    return { response, memory: forgetRequests(memory), dropped: true };
  }
  if (asked)
    return { response: askAgain(req, asked, [spec.whileOpen ?? closing], backTo(asked)), memory };
  // The definition answers (its closing response, then its next step).
  if (req.intent.name === name && req.invocationSource === 'DialogCodeHook')
    return { response: delegate(req.sessionState), memory };
  const response = close(req.sessionState, {
    intentName: name,
    slots: {},
    state: 'Fulfilled',
    messages: closing,
  });
  return { response, memory };
}

/** What the user said was not understood: the open question again, or what the bot can do. */
function notUnderstood(t: Turn): Step {
  const { req, memory } = t;
  const asked = memory.open ?? memory.paused;
  if (!asked) {
    const misses = t.misses ?? 0;
    const step = waitFor(t, NOT_UNDERSTOOD[misses % NOT_UNDERSTOOD.length]!);
    return { ...step, memory: { ...step.memory, misses: misses + 1 } };
  }
  const entity = taskOf(asked.intent)?.slots.find((s) => s.name === asked.awaiting)?.entity;
  const hint =
    asked.awaiting === null || !entity
      ? "Sorry, I didn't catch that. Please answer yes or no, or change a detail."
      : `Sorry, I didn't catch ${WHAT[entity]} in ${quote(req.inputTranscript)}.`;
  return { response: askAgain(req, asked, [hint]), memory, answered: memory.open !== undefined };
}

/** Said differently each time in a row, so that a person stuck is not shown one wall of text. */
const NOT_UNDERSTOOD: readonly (readonly [string, ...string[]])[] = [
  ["Sorry, I didn't get that.", ...HELP_TEXT],
  [
    'I still didn\'t understand. I work on this fleet\'s hosts and VMs: try "list hosts", "where is vm-1" or "migrate vm-3 to host-b".',
  ],
  ['I can\'t make that out. Say "help" for everything I can do, or name a VM or a host.'],
];

const WHAT: Readonly<Record<Entity, string>> = {
  vm: 'a VM name',
  'new-vm': 'a name',
  host: 'a host name',
  appliance: 'an appliance',
  size: 'a size',
  'auto-converge': 'whether to use auto-converge',
  'yes-no': 'a yes or a no',
};

function waitFor(t: Turn, messages: string | readonly string[]): Step {
  const list = (typeof messages === 'string' ? [messages] : [...messages]) as [string, ...string[]];
  return {
    response: elicitIntent(t.req.sessionState, { messages: list }),
    memory: forgetRequests(t.memory),
    dropped: true,
  };
}

/** "Back to moving vm-3: " */
export function backTo(task: OpenTask): string {
  const doing = taskOf(task.intent)?.doing(task.slots) ?? 'your request';
  // A request queued behind the one just done was never asked: it is next, not back.
  return task.question === '' ? `Next, ${doing}: ` : `Back to ${doing}: `;
}

/** What the open question needs, in a sentence, and the ways out. */
function stepHelp(task: OpenTask): string {
  const doing = taskOf(task.intent)?.doing(task.slots) ?? 'your request';
  if (task.awaiting === null) {
    return `Say yes to go ahead with ${doing}, no to drop it, or change a detail (for example a different host). You can also ask me something else first.`;
  }
  return `I need an answer to go on with ${doing}. You can also ask me something else first (I'll come back to it), or say "cancel" to drop it.`;
}

/** The closing response of an intent the definition answers (small talk). */
function closingText(name: string): string {
  const definition: IntentDefinition | undefined = intentNamed(name)?.definition;
  const groups = definition?.intentClosingSetting?.closingResponse?.messageGroupsList;
  return groups?.map((g) => g.message.plainTextMessage?.value ?? '').join(' ') || 'OK.';
}

export { lowerFirst };
