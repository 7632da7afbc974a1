import { randomBytes } from 'node:crypto';
import { SESSION_ATTRIBUTE } from '../../../bot-definition/names';
import type { Entity } from '../../../bot-definition';
import {
  interpretedValue,
  mergeAttributes,
  slotValue,
  type LexEvent,
  type LexIntent,
  type LexRequest,
  type LexResponse,
} from '../../lex';
import { normaliseApplianceName, normaliseHostName, normaliseVmName } from '../recognise';
import { taskOf } from '../tasks';
import { sealAttributes } from './sealed-session';
import type { SessionKey } from './session-key';

/**
 * A yes writes only what the bot asked about. When the Lambda asks to confirm a change it
 * records, in its own (sealed) session attribute, what a yes would do: the intent, the request's
 * normalised values, a nonce, and an expiry. A fulfillment writes only when the request it is
 * given is the one recorded, in this session (the seal covers the session id), before the
 * expiry; the nonce goes into the write's idempotency key, so the same yes replayed finds the
 * first write instead of making another. A forged `Confirmed`, a VM, host or intent swapped
 * after the question, a confirmation from another session or an old one: the question is asked
 * afresh, naming the real request.
 */
const ATTRIBUTE = SESSION_ATTRIBUTE.confirmation;

/** Long enough to read a plan and say yes; Lex forgets an idle session after 5 minutes anyway. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

type Normalise = (raw: string) => string | undefined;
const as =
  (normalise: Normalise) =>
  (raw: string): string =>
    normalise(raw) ?? raw.trim().toLowerCase();

/** How each kind of value is compared: as the intents read it. */
const COMPARED: Readonly<Record<Entity, ((raw: string) => string) | undefined>> = {
  vm: as(normaliseVmName),
  'new-vm': as(normaliseVmName),
  host: as(normaliseHostName),
  appliance: as(normaliseApplianceName),
  size: (raw) => String(Number(raw)),
  // Auto-converge counts when it resolved to the option (TopResolution), as the intent reads it.
  'auto-converge': (raw) => (raw === 'auto-converge' ? raw : ''),
  'yes-no': undefined,
};

/** Whether a yes to this intent's confirmation changes the fleet (the registry says). */
export const isConfirmedChange = (intent: string): boolean => taskOf(intent)?.confirmed ?? false;

/** What a yes would do, in a canonical form: undefined for an intent that changes nothing. */
export function requestOf(intent: {
  readonly name: string;
  readonly slots?: LexIntent['slots'];
}): string | undefined {
  const task = taskOf(intent.name);
  if (!task?.confirmed) return undefined;
  const values: [string, string][] = [];
  for (const slot of task.slots) {
    const compare = COMPARED[slot.entity];
    const raw =
      slot.entity === 'auto-converge'
        ? interpretedValue(intent.slots ?? {}, slot.name)
        : slotValue(intent.slots ?? {}, slot.name);
    const value = compare && raw !== undefined ? compare(raw) : '';
    if (value !== '') values.push([slot.name, value]);
  }
  return JSON.stringify([intent.name, values]);
}

interface Recorded {
  request: string;
  nonce: string;
  expiresAt: number;
}

function recorded(raw: string | undefined): Recorded | undefined {
  if (raw === undefined || raw.length > 2000) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Recorded>;
    return typeof value.request === 'string' &&
      typeof value.nonce === 'string' &&
      typeof value.expiresAt === 'number'
      ? { request: value.request, nonce: value.nonce, expiresAt: value.expiresAt }
      : undefined;
  } catch {
    return undefined;
  }
}

export type Binding = { kind: 'bound'; nonce: string } | { kind: 'expired' } | { kind: 'unbound' };

/**
 * Whether this request's yes answers the confirmation the bot recorded in this session. The
 * attribute is read as the seal left it: a forged one never gets here.
 */
export function bindingOf(req: LexRequest, now: number): Binding {
  const record = recorded(req.attribute(ATTRIBUTE));
  if (!record || record.request !== requestOf(req.intent)) return { kind: 'unbound' };
  if (now > record.expiresAt) return { kind: 'expired' };
  return { kind: 'bound', nonce: record.nonce };
}

/** The nonce of the confirmation a write answers (for its idempotency key). */
export function confirmationNonce(req: LexRequest): string | undefined {
  return recorded(req.attribute(ATTRIBUTE))?.nonce;
}

/** Whether this fulfillment must not write: a change asked without a yes to that very change. */
export function needsConfirmation(req: LexRequest, binding: Binding): boolean {
  return (
    req.invocationSource === 'FulfillmentCodeHook' &&
    isConfirmedChange(req.intent.name) &&
    req.intent.confirmationState !== 'Denied' &&
    (req.intent.confirmationState !== 'Confirmed' || binding.kind !== 'bound')
  );
}

/**
 * The response with the confirmation attribute as it must be after it: a new record when it asks
 * to confirm a change; the request's own record while it goes on towards that change's
 * fulfillment (a dialog hook's Delegate after the yes); none otherwise (done, dropped, changed).
 */
export function recordConfirmation(
  response: LexResponse,
  req: LexRequest,
  binding: Binding,
  now: number,
): LexResponse {
  const state = response.sessionState;
  const intent = state.intent;
  const request = intent ? requestOf(intent) : undefined;
  let value: string | null = null;
  if (request !== undefined && state.dialogAction.type === 'ConfirmIntent') {
    const record: Recorded = {
      request,
      nonce: randomBytes(12).toString('base64url'),
      expiresAt: now + CONFIRMATION_TTL_MS,
    };
    value = JSON.stringify(record);
  } else if (
    request !== undefined &&
    binding.kind === 'bound' &&
    state.dialogAction.type === 'Delegate' &&
    request === requestOf(req.intent)
  ) {
    value = req.attribute(ATTRIBUTE) ?? null;
  }
  const attributes = state.sessionAttributes ?? {};
  if ((attributes[ATTRIBUTE] ?? null) === value) return response;
  return {
    ...response,
    sessionState: {
      ...state,
      sessionAttributes: mergeAttributes(attributes, { [ATTRIBUTE]: value }),
    },
  };
}

/**
 * The event as if the bot had kept its session and asked, in it, to confirm exactly its request:
 * its own attributes signed as given, and (for a change) the record of the question. For someone
 * who holds the key and vouches for the event (`vmbot invoke --trusted` on a sample event, tests
 * of a fulfillment on its own). Never applied to a request from a client.
 */
export function vouchedFor<E extends LexEvent>(event: E, key: SessionKey, now: number): E {
  const request = requestOf(event.sessionState.intent);
  const record: Recorded | undefined =
    request === undefined
      ? undefined
      : {
          request,
          nonce: randomBytes(12).toString('base64url'),
          expiresAt: now + CONFIRMATION_TTL_MS,
        };
  const attributes = sealAttributes(
    mergeAttributes(event.sessionState.sessionAttributes, {
      ...(record ? { [ATTRIBUTE]: JSON.stringify(record) } : {}),
    }),
    event.sessionId,
    key,
  );
  return { ...event, sessionState: { ...event.sessionState, sessionAttributes: attributes } };
}
