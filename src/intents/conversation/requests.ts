import {
  confirmIntent,
  elicitSlot,
  plainText,
  scalarSlot,
  toLexRequest,
  type InvocationSource,
  type LexEvent,
  type LexMessage,
  type LexRequest,
  type LexResponse,
  type LexSlots,
} from '../../lex';
import { taskOf } from '../tasks';
import type { OpenTask, Request } from './memory';

/**
 * Requests and questions built from what the conversation holds: the event a handler would get
 * for a request (as if Lex had sent it), and a question asked again in the words it was asked.
 */

/** The event for `request` (another intent, or the same one with other slots), from this event. */
export function requestFor(
  base: LexRequest,
  request: Request,
  source: InvocationSource = 'DialogCodeHook',
): LexRequest {
  const { invocationLabel: _label, proposedNextState: _proposed, ...event } = base.event;
  const next: LexEvent = {
    ...event,
    invocationSource: source,
    sessionState: {
      ...base.sessionState,
      intent: {
        name: request.intent,
        slots: keepSaid(base, request, lexSlots(request.intent, request.slots)),
        state: source === 'FulfillmentCodeHook' ? 'ReadyForFulfillment' : 'InProgress',
        confirmationState: 'None',
      },
    },
  };
  return toLexRequest(next);
}

/**
 * The event's own slots where the request keeps their values: what the user said (original
 * value, resolutions) stays as Lex read it.
 */
function keepSaid(base: LexRequest, request: Request, slots: LexSlots): LexSlots {
  if (base.intent.name !== request.intent) return slots;
  const kept: LexSlots = { ...slots };
  for (const [name, value] of Object.entries(request.slots)) {
    const said = base.intent.slots[name];
    if (said?.value?.interpretedValue === value) kept[name] = said;
  }
  return kept;
}

/** Lex slots from values; the intent's other slots are sent empty (null), so none lingers. */
export function lexSlots(intent: string, values: Readonly<Record<string, string>>): LexSlots {
  const slots: LexSlots = {};
  for (const slot of taskOf(intent)?.slots ?? []) slots[slot.name] = null;
  for (const [name, value] of Object.entries(values)) slots[name] = scalarSlot(value);
  return slots;
}

/** The open question asked again, after `before` (an answer, an apology...), led by `lead`. */
export function askAgain(
  req: LexRequest,
  open: OpenTask,
  before: readonly string[],
  lead = '',
): LexResponse {
  const session = {
    intent: {
      name: open.intent,
      slots: lexSlots(open.intent, open.slots),
      state: 'InProgress' as const,
      confirmationState: 'None' as const,
    },
    sessionAttributes: req.sessionAttributes,
    ...(req.sessionState.activeContexts ? { activeContexts: req.sessionState.activeContexts } : {}),
  };
  const question = open.question
    ? `${lead}${lead ? lowerFirst(open.question) : open.question}`
    : lead;
  const said = [...before, question].filter(Boolean).slice(-10);
  const messages = (said.length > 0 ? said : ['Please go on.']) as [string, ...string[]];
  return open.awaiting === null
    ? confirmIntent(session, { messages })
    : elicitSlot(session, { slotToElicit: open.awaiting, messages });
}

/** `before` said first, then the response's own messages (at most ten in all). */
export function withMessagesBefore(response: LexResponse, before: readonly string[]): LexResponse {
  if (before.length === 0) return response;
  const messages: LexMessage[] = [...before.map(plainText), ...(response.messages ?? [])];
  return { ...response, messages: messages.slice(0, 10) };
}

/** The response's first message led by `lead` ("Instead: live-migrate vm-5 ..."). */
export function ledBy(response: LexResponse, lead: string): LexResponse {
  const [first, ...rest] = response.messages ?? [];
  if (!first || first.contentType !== 'PlainText') return withMessagesBefore(response, [lead]);
  return { ...response, messages: [plainText(`${lead} ${lowerFirst(first.content)}`), ...rest] };
}

/** The plain text said, one message per entry. */
export function textsOf(response: LexResponse): string[] {
  return (response.messages ?? []).flatMap((m) =>
    m.contentType === 'PlainText' || m.contentType === 'SSML' ? [m.content] : [],
  );
}

/** "Which host..." → "which host..."; names and ids ("vm-3 is...") are already lower case. */
export function lowerFirst(text: string): string {
  return text.replace(/^([A-Z])(?=[a-z])/, (c) => c.toLowerCase());
}
