import { INTENT } from '../../../bot-definition/names';
import { close, elicitIntent, type LexRequest, type LexResponse } from '../../lex';
import { HELP_TEXT } from '../help';
import type { Conversation } from './conversation';
import { FORGET_REQUESTS, type OpenTask } from './memory';
import type { RepairAct } from './phrases';
import { taskOf } from './tasks';

/**
 * The bot's answers to repairs (cancel, stop, start over, repeat, help), to small talk and to
 * what it did not understand. Each reads the conversation's memory: a repair acts on the open
 * request, small talk is answered and the open request then resumed (see conversation.ts).
 */

/** The request a repair is about: one set aside by a digression counts before its digression. */
function openRequest(conversation: Conversation): OpenTask | undefined {
  return conversation.memory.paused ?? conversation.memory.open;
}

/** The question the user last heard: a digression's own question comes first. */
function lastQuestion(conversation: Conversation): OpenTask | undefined {
  return conversation.memory.open ?? conversation.memory.paused;
}

/** A repair, whether it came as a built-in intent or as words in the answer to a question. */
export async function repair(
  act: RepairAct,
  req: LexRequest,
  conversation: Conversation,
): Promise<LexResponse> {
  const task = openRequest(conversation);
  const asked = lastQuestion(conversation);
  switch (act) {
    case 'cancel':
    case 'stop':
      return drop(req, act, task);
    case 'startOver':
      return startOver(req, conversation, task);
    case 'repeat':
      return asked
        ? conversation.askAgain(req, asked, [])
        : waitFor(req, "I haven't asked you anything. What would you like to do?");
    case 'help':
      return asked
        ? conversation.askAgain(req, asked, [stepHelp(asked)])
        : finish(req, INTENT.HelpIntent, HELP_TEXT);
  }
}

function drop(req: LexRequest, act: 'cancel' | 'stop', task: OpenTask | undefined): LexResponse {
  const intent = act === 'cancel' ? INTENT.CancelIntent : INTENT.StopIntent;
  if (!task) {
    const nothing =
      act === 'cancel'
        ? "There's nothing to cancel: no request is open."
        : "Nothing is waiting on you. Migrations that have started carry on; I can't stop those.";
    return finish(req, intent, nothing);
  }
  const dropped = taskOf(task.intent)?.dropped(task.slots) ?? 'OK, dropped.';
  // The dropped request's intent is closed: the session holds the repair intent now.
  return finish(req, intent, act === 'stop' ? `${dropped} Stopping here.` : dropped);
}

async function startOver(
  req: LexRequest,
  conversation: Conversation,
  task: OpenTask | undefined,
): Promise<LexResponse> {
  if (!task) return waitFor(req, "Sure, let's start over. What would you like to do?");
  const fresh: OpenTask = { ...task, slots: {}, retries: 0, resumed: false };
  const said = finish(req, INTENT.StartOverIntent, "OK, let's start over.");
  return conversation.resume(req, said, fresh, false, '');
}

/** What the open question needs, in a sentence, and the ways out. */
function stepHelp(task: OpenTask): string {
  const doing = taskOf(task.intent)?.doing(task.slots) ?? 'your request';
  if (task.awaiting === null) {
    return `Say yes to go ahead with ${doing}, no to drop it, or change a detail (for example a different host). You can also ask me something else first.`;
  }
  return `I need an answer to go on with ${doing}. You can also ask me something else first (I'll come back to it), or say "cancel" to drop it.`;
}

/** FallbackIntent: with a question open, ask it again; otherwise say what the bot can do. */
export async function notUnderstood(
  conversation: Conversation,
  req: LexRequest,
): Promise<LexResponse> {
  const task = lastQuestion(conversation);
  if (task) {
    return conversation.askAgain(req, task, [
      'Sorry, I didn\'t catch that. You can answer, or say "cancel" to drop it.',
    ]);
  }
  return waitFor(req, ["Sorry, I didn't get that.", ...HELP_TEXT]);
}

/** HelpIntent: help for the open question, else the capability list. */
export async function help(conversation: Conversation, req: LexRequest): Promise<LexResponse> {
  return repair('help', req, conversation);
}

export const greeting = async (c: Conversation, req: LexRequest): Promise<LexResponse> =>
  finish(
    req,
    INTENT.Greeting,
    openRequest(c)
      ? 'Hello!'
      : 'Hello! I look after the VM fleet: I can migrate VMs, show the hosts, find a VM, create one or evacuate a host. What can I do for you?',
  );

export const thankYou = async (_c: Conversation, req: LexRequest): Promise<LexResponse> =>
  finish(req, INTENT.ThankYou, "You're welcome.");

export const aboutBot = async (_c: Conversation, req: LexRequest): Promise<LexResponse> =>
  finish(
    req,
    INTENT.AboutBot,
    'I\'m vmbot, a chatbot that live-migrates virtual machines between hypervisor hosts (pre-copy, the way QEMU/KVM and Xen do it) and keeps track of the fleet. Say "help" to see what I can do.',
  );

export async function goodbye(conversation: Conversation, req: LexRequest): Promise<LexResponse> {
  const task = openRequest(conversation);
  const dropped = task
    ? ` (I've dropped ${taskOf(task.intent)?.doing(task.slots) ?? 'the open request'}.)`
    : '';
  return finish(
    req,
    INTENT.Goodbye,
    `Goodbye! Migrations that have started carry on without me.${dropped}`,
  );
}

/** Ends this turn's intent as `intent` (a switch when the request was another one). */
function finish(
  req: LexRequest,
  intent: string,
  messages: string | readonly string[],
): LexResponse {
  const forget =
    intent === INTENT.CancelIntent || intent === INTENT.StopIntent || intent === INTENT.Goodbye;
  return close(req.sessionState, {
    intentName: intent,
    state: 'Fulfilled',
    messages: typeof messages === 'string' ? messages : [...messages],
    ...(forget ? { sessionAttributes: FORGET_REQUESTS } : {}),
  });
}

function waitFor(req: LexRequest, messages: string | readonly string[]): LexResponse {
  const list = typeof messages === 'string' ? [messages] : [...messages];
  return elicitIntent(req.sessionState, {
    messages: list as [string, ...string[]],
    sessionAttributes: FORGET_REQUESTS,
  });
}
