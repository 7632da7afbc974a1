import type { SessionState } from '../api/types';
import { parseLexSessionState } from '../../lex';
import { validationError } from './errors';

/**
 * Input validation with the constraints of the Lex Runtime V2 service model, reported as the
 * service does: `1 validation error detected: Value 'x' at 'botId' failed to satisfy ...`; the
 * session state with the Lex contract's schema, as the Lambda reads it.
 */

const ID = /^[0-9a-zA-Z]+$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]+$/;

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

/**
 * A client's sessionState (RecognizeText: optional, PutSession: required), read with the rules
 * the Lambda applies to the sessionState of its events (src/lex, parseLexSessionState): what
 * this accepts, the Lambda can read. The result is a fresh copy, safe to store.
 */
export function checkSessionState(value: unknown): SessionState {
  const parsed = parseLexSessionState(value);
  if (!parsed.ok) throw validationError(`Invalid sessionState: ${parsed.problems.join('; ')}`);
  return parsed.value;
}
