import { LEX_LIMITS, parseLexMessages } from '../../lex';
import { safeJson, utf8Bytes } from '../../lex/json-size';
import type { Message } from '../api/types';
import { LexRuntimeError, validationError } from './errors';

/**
 * What the runtime keeps and accepts is bounded, so that no client can make it grow without
 * limit or hand its Lambda something the Lex contract cannot carry: bytes, depth and counts
 * here, shapes in the contract's schema (src/lex), which also holds the session attributes to
 * the 12 KB after base64 that a Lambda can send back. Sizes come from Lex's own quotas where they
 * are documented (the Lambda event is at most 12 KB, PutSession takes at most 10 messages of
 * 1000 characters); the nesting depth and the session count are ours.
 */
export const RUNTIME_LIMITS = {
  /** Live sessions held at once; idle ones expire after the bot's idle session TTL. */
  maxSessions: 1_000,
  /** Nesting of any JSON a client sends (Lex's deepest legitimate shape is about 12). */
  maxJsonDepth: 32,
  /** sessionState and requestAttributes travel in the Lambda event: Lex's Lambda input quota. */
  clientStateBytes: LEX_LIMITS.eventBytes,
  /** PutSession `messages`: the Lex Runtime V2 API's list and content lengths. */
  maxPutMessages: 10,
  putMessageContentMax: 1_000,
} as const;

/** Throws ValidationException when `value` nests deeper than the limit (iteratively: no stack). */
export function checkDepth(field: string, value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > RUNTIME_LIMITS.maxJsonDepth) {
      throw validationError(
        `${field} nests more than ${RUNTIME_LIMITS.maxJsonDepth} levels deep, deeper than any Lex request`,
      );
    }
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}

/**
 * The client's state must fit the Lambda event it will be sent in, or the bot could never read
 * it: refused here, with the quota that it breaks, rather than stored. Checked on what the client
 * sent, before its shape (the contract's schema, validation.ts) is read.
 */
export function checkClientStateSize(sessionState: unknown, requestAttributes: unknown): void {
  const state = jsonBytes('sessionState', sessionState ?? {});
  const request = jsonBytes('requestAttributes', requestAttributes ?? {});
  if (state + request > RUNTIME_LIMITS.clientStateBytes) {
    throw validationError(
      `sessionState and requestAttributes take ${state + request} bytes of JSON; Lex sends them ` +
        `to the Lambda in an event of at most ${RUNTIME_LIMITS.clientStateBytes} bytes (12 KB)`,
    );
  }
}

function jsonBytes(field: string, value: unknown): number {
  const text = safeJson(value);
  if (!text.ok) throw validationError(`${field} cannot be read as JSON: ${text.reason}`);
  return utf8Bytes(text.json);
}

/**
 * PutSession `messages`: their number and length as the Lex Runtime V2 API bounds them (tighter
 * than a Lambda response's), then their shapes with the contract's schema (src/lex).
 */
export function checkPutMessages(value: unknown): Message[] | undefined {
  if (value === undefined || value === null) return undefined;
  const bound = (field: string, constraint: string): never => {
    throw validationError(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
    );
  };
  if (Array.isArray(value)) {
    if (value.length > RUNTIME_LIMITS.maxPutMessages) {
      bound(
        'messages',
        `Member must have length less than or equal to ${RUNTIME_LIMITS.maxPutMessages}`,
      );
    }
    value.forEach((m: unknown, i) => {
      const content = (m as { content?: unknown } | null)?.content;
      if (typeof content === 'string' && content.length > RUNTIME_LIMITS.putMessageContentMax) {
        bound(
          `messages.${i + 1}.content`,
          `Member must have length between 1 and ${RUNTIME_LIMITS.putMessageContentMax}`,
        );
      }
    });
  }
  const parsed = parseLexMessages(value);
  if (!parsed.ok) throw validationError(`Invalid messages: ${parsed.problems.join('; ')}`);
  return parsed.value;
}

/** Refused when the runtime holds as many sessions as it may and this would be a new one. */
export const tooManySessions = () =>
  new LexRuntimeError(
    'ThrottlingException',
    `The local runtime holds ${RUNTIME_LIMITS.maxSessions} sessions, its limit: end one with ` +
      'DeleteSession, or wait for idle ones to expire.',
  );
