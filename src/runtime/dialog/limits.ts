import { base64Length, safeJson, utf8Bytes } from '../../lex/json-size';
import { LEX_LIMITS } from '../../lex/types';
import type { Message } from '../api/types';
import { LexRuntimeError, validationError } from './errors';

/**
 * What the runtime keeps and accepts is bounded, so that no client can make it grow without
 * limit or hand its Lambda something the Lex contract cannot carry. Sizes come from Lex's own
 * quotas where they are documented (the Lambda event is at most 12 KB, session attributes at
 * most 12 KB after base64, PutSession takes at most 10 messages of 1000 characters); the
 * nesting depth and the session count are ours.
 */
export const RUNTIME_LIMITS = {
  /** Live sessions held at once; idle ones expire after the bot's idle session TTL. */
  maxSessions: 1_000,
  /** Nesting of any JSON a client sends (Lex's deepest legitimate shape is about 12). */
  maxJsonDepth: 32,
  /** sessionState and requestAttributes travel in the Lambda event: Lex's Lambda input quota. */
  clientStateBytes: LEX_LIMITS.eventBytes,
  /** Lex's quota on session attributes, counted as base64 of their JSON. */
  sessionAttributesBase64Bytes: LEX_LIMITS.sessionAttributesBase64Bytes,
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
 * it: refused here, with the quota that it breaks, rather than stored.
 */
export function checkClientStateSize(
  sessionState: unknown,
  requestAttributes: Readonly<Record<string, string>> | undefined,
): void {
  const state = jsonBytes('sessionState', sessionState ?? {});
  const request = jsonBytes('requestAttributes', requestAttributes ?? {});
  if (state + request > RUNTIME_LIMITS.clientStateBytes) {
    throw validationError(
      `sessionState and requestAttributes take ${state + request} bytes of JSON; Lex sends them ` +
        `to the Lambda in an event of at most ${RUNTIME_LIMITS.clientStateBytes} bytes (12 KB)`,
    );
  }
  const attributes = (sessionState as { sessionAttributes?: unknown } | undefined)
    ?.sessionAttributes;
  if (attributes === undefined || attributes === null) return;
  const base64 = base64Length(jsonBytes('sessionState.sessionAttributes', attributes));
  if (base64 > RUNTIME_LIMITS.sessionAttributesBase64Bytes) {
    throw validationError(
      `sessionState.sessionAttributes take ${base64} bytes after base64; Lex's quota is ` +
        `${RUNTIME_LIMITS.sessionAttributesBase64Bytes} (12 KB)`,
    );
  }
}

function jsonBytes(field: string, value: unknown): number {
  const text = safeJson(value);
  if (!text.ok) throw validationError(`${field} cannot be read as JSON: ${text.reason}`);
  return utf8Bytes(text.json);
}

const CONTENT_TYPES = ['CustomPayload', 'ImageResponseCard', 'PlainText', 'SSML'];

/** PutSession `messages`, as the Lex Runtime V2 API constrains them. */
export function checkPutMessages(value: unknown): Message[] | undefined {
  if (value === undefined || value === null) return undefined;
  const fail = (field: string, constraint: string): never => {
    throw validationError(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
    );
  };
  if (!Array.isArray(value)) fail('messages', 'Member must be a list of messages');
  const list = value as unknown[];
  if (list.length > RUNTIME_LIMITS.maxPutMessages) {
    fail(
      'messages',
      `Member must have length less than or equal to ${RUNTIME_LIMITS.maxPutMessages}`,
    );
  }
  list.forEach((m, i) => {
    const at = `messages.${i + 1}`;
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      fail(at, 'Member must be a message');
    const message = m as Record<string, unknown>;
    if (!CONTENT_TYPES.includes(message.contentType as string)) {
      fail(
        `${at}.contentType`,
        `Member must satisfy enum value set: [${CONTENT_TYPES.join(', ')}]`,
      );
    }
    const content = message.content;
    if (
      content !== undefined &&
      (typeof content !== 'string' ||
        content.length < 1 ||
        content.length > RUNTIME_LIMITS.putMessageContentMax)
    ) {
      fail(
        `${at}.content`,
        `Member must have length between 1 and ${RUNTIME_LIMITS.putMessageContentMax}`,
      );
    }
    const card = message.imageResponseCard;
    if (card !== undefined) checkCard(`${at}.imageResponseCard`, card, fail);
    if (message.contentType === 'ImageResponseCard' ? card === undefined : content === undefined) {
      fail(
        at,
        `Member must have ${message.contentType === 'ImageResponseCard' ? 'imageResponseCard' : 'content'}`,
      );
    }
  });
  return structuredClone(list) as Message[];
}

function checkCard(at: string, card: unknown, fail: (field: string, constraint: string) => never) {
  const text = (field: string, value: unknown, max: number, required = false) => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.length < 1 || value.length > max) {
      fail(field, `Member must have length between 1 and ${max}`);
    }
  };
  if (typeof card !== 'object' || card === null) fail(at, 'Member must be a structure');
  const c = card as Record<string, unknown>;
  text(`${at}.title`, c.title, 250, true);
  text(`${at}.subtitle`, c.subtitle, 250);
  text(`${at}.imageUrl`, c.imageUrl, 250);
  if (c.buttons === undefined) return;
  if (!Array.isArray(c.buttons) || c.buttons.length > 5) {
    fail(`${at}.buttons`, 'Member must be a list of at most 5 buttons');
  }
  (c.buttons as unknown[]).forEach((b, i) => {
    const button = (typeof b === 'object' && b !== null ? b : {}) as Record<string, unknown>;
    text(`${at}.buttons.${i + 1}.text`, button.text, 50, true);
    text(`${at}.buttons.${i + 1}.value`, button.value, 50, true);
  });
}

/** Refused when the runtime holds as many sessions as it may and this would be a new one. */
export const tooManySessions = () =>
  new LexRuntimeError(
    'ThrottlingException',
    `The local runtime holds ${RUNTIME_LIMITS.maxSessions} sessions, its limit: end one with ` +
      'DeleteSession, or wait for idle ones to expire.',
  );
