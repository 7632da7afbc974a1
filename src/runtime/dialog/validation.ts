import type { SessionState } from '../api/types';
import {
  CONFIRMATION_STATES as LEX_CONFIRMATION_STATES,
  EVENT_DIALOG_ACTION_TYPES,
  INTENT_STATES as LEX_INTENT_STATES,
} from '../../lex/types';
import { validationError } from './errors';

/**
 * Input validation with the constraints of the Lex Runtime V2 service model, reported as the
 * service does: `1 validation error detected: Value 'x' at 'botId' failed to satisfy ...`.
 */

const ID = /^[0-9a-zA-Z]+$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]+$/;
// The runtime API's enums are the Lambda contract's (src/lex), with None as a dialog action.
const DIALOG_ACTIONS: readonly string[] = EVENT_DIALOG_ACTION_TYPES;
const INTENT_STATES: readonly string[] = LEX_INTENT_STATES;
const CONFIRMATION_STATES: readonly string[] = LEX_CONFIRMATION_STATES;

function fail(field: string, value: unknown, constraint: string): never {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  throw validationError(
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkId(field: 'botId' | 'botAliasId', value: unknown): string {
  if (typeof value !== 'string' || value.length !== 10) {
    fail(field, value, 'Member must have length equal to 10');
  }
  if (!ID.test(value)) {
    fail(field, value, 'Member must satisfy regular expression pattern: ^[0-9a-zA-Z]+$');
  }
  return value;
}

export function checkLocaleId(value: unknown): string {
  if (typeof value !== 'string' || value.length < 1) {
    fail('localeId', value, 'Member must have length greater than or equal to 1');
  }
  return value;
}

export function checkSessionId(value: unknown): string {
  if (typeof value !== 'string' || value.length < 2 || value.length > 100) {
    fail('sessionId', value, 'Member must have length between 2 and 100');
  }
  if (!SESSION_ID.test(value)) {
    fail('sessionId', value, 'Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+');
  }
  return value;
}

export function checkText(value: unknown): string {
  if (typeof value !== 'string') fail('text', value, 'Member must not be null');
  if (value.length < 1 || value.length > 1024) {
    fail('text', value.slice(0, 50), 'Member must have length between 1 and 1024');
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkStringMap(field: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) fail(field, value, 'Member must be a map of strings');
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`${field}.${key}`, v, 'Member must be a string');
  }
  return value as Record<string, string>;
}

function checkSlots(field: string, slots: unknown): void {
  if (slots === undefined || slots === null) return;
  if (!isObject(slots)) fail(field, slots, 'Member must be a map of slots');
  for (const [name, slot] of Object.entries(slots)) {
    if (slot === null) continue;
    if (!isObject(slot)) fail(`${field}.${name}`, slot, 'Member must be a slot or null');
    const value = slot.value;
    if (value !== undefined) {
      if (!isObject(value) || typeof value.interpretedValue !== 'string') {
        fail(`${field}.${name}.value.interpretedValue`, null, 'Member must not be null');
      }
    }
    if (slot.values !== undefined && !Array.isArray(slot.values)) {
      fail(`${field}.${name}.values`, slot.values, 'Member must be a list of slots');
    }
  }
}

/** A client's sessionState: RecognizeText (optional) and PutSession (required). */
export function checkSessionState(value: unknown, field = 'sessionState'): SessionState {
  if (!isObject(value)) fail(field, value, 'Member must be a structure');
  const action = value.dialogAction;
  if (action !== undefined) {
    if (!isObject(action) || typeof action.type !== 'string') {
      fail(`${field}.dialogAction.type`, null, 'Member must not be null');
    }
    if (!DIALOG_ACTIONS.includes(action.type)) {
      fail(
        `${field}.dialogAction.type`,
        action.type,
        `Member must satisfy enum value set: [${DIALOG_ACTIONS.join(', ')}]`,
      );
    }
    if (action.type === 'ElicitSlot' && typeof action.slotToElicit !== 'string') {
      fail(`${field}.dialogAction.slotToElicit`, null, 'Member must not be null for ElicitSlot');
    }
  }
  const intent = value.intent;
  if (intent !== undefined) {
    if (!isObject(intent) || typeof intent.name !== 'string' || intent.name.length === 0) {
      fail(`${field}.intent.name`, null, 'Member must not be null');
    }
    if (intent.state !== undefined && !INTENT_STATES.includes(intent.state as string)) {
      fail(
        `${field}.intent.state`,
        intent.state,
        `Member must satisfy enum value set: [${INTENT_STATES.join(', ')}]`,
      );
    }
    if (
      intent.confirmationState !== undefined &&
      !CONFIRMATION_STATES.includes(intent.confirmationState as string)
    ) {
      fail(
        `${field}.intent.confirmationState`,
        intent.confirmationState,
        `Member must satisfy enum value set: [${CONFIRMATION_STATES.join(', ')}]`,
      );
    }
    checkSlots(`${field}.intent.slots`, intent.slots);
  }
  checkStringMap(`${field}.sessionAttributes`, value.sessionAttributes);
  const contexts = value.activeContexts;
  if (contexts !== undefined) {
    if (!Array.isArray(contexts) || contexts.length > 20) {
      fail(`${field}.activeContexts`, contexts, 'Member must be a list of at most 20 contexts');
    }
    contexts.forEach((c: unknown, i) => {
      const at = `${field}.activeContexts.${i + 1}`;
      if (!isObject(c) || typeof c.name !== 'string')
        fail(`${at}.name`, null, 'Member must not be null');
      const ttl = c.timeToLive;
      if (
        !isObject(ttl) ||
        typeof ttl.timeToLiveInSeconds !== 'number' ||
        typeof ttl.turnsToLive !== 'number'
      ) {
        fail(`${at}.timeToLive`, ttl, 'Member must have timeToLiveInSeconds and turnsToLive');
      }
      checkStringMap(`${at}.contextAttributes`, c.contextAttributes);
    });
  }
  return value as SessionState;
}
