import { LEX_LIMITS, type LexContentMessage, type LexMessage } from './types';

/**
 * Messages for responses. Builders take text or ready messages; text becomes PlainText.
 *
 * Lex takes at most 10 messages of 1..1024 characters each, so:
 * - empty text is dropped;
 * - longer PlainText is split into several messages, on line boundaries first, then on the
 *   last space, then (a single 1024-character word) anywhere but inside a surrogate pair;
 * - beyond 10 messages the rest is cut and the 10th message ends with TRUNCATION_MARK, so the
 *   user sees that something is missing instead of the conversation failing.
 * SSML, CustomPayload and cards are passed through as given (the response rules check them).
 */
export type MessageInput = string | LexMessage;
export type MessagesInput = MessageInput | readonly MessageInput[];
/** At least one message, by type. */
export type SomeMessages = MessageInput | readonly [MessageInput, ...MessageInput[]];

export const TRUNCATION_MARK = ' […]';

export function plainText(content: string): LexContentMessage {
  return { contentType: 'PlainText', content };
}

export function toLexMessages(input: MessagesInput | undefined): LexMessage[] {
  if (input === undefined) return [];
  const items: readonly MessageInput[] = isList(input) ? input : [input];
  const messages: LexMessage[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      messages.push(...splitText(item).map(plainText));
    } else if (item.contentType === 'PlainText') {
      messages.push(...splitText(item.content).map(plainText));
    } else {
      messages.push(structuredClone(item));
    }
  }
  return limitCount(messages);
}

function isList(input: MessagesInput): input is readonly MessageInput[] {
  return Array.isArray(input);
}

function limitCount(messages: LexMessage[]): LexMessage[] {
  const max = LEX_LIMITS.maxMessages;
  if (messages.length <= max) return messages;
  const kept = messages.slice(0, max);
  const last = kept[max - 1];
  if (last && last.contentType !== 'ImageResponseCard') {
    const room = LEX_LIMITS.messageContentMax - TRUNCATION_MARK.length;
    kept[max - 1] = { ...last, content: cutAt(last.content, room) + TRUNCATION_MARK };
  }
  return kept;
}

/** Text as pieces of 1..max characters, breaking between lines, then between words. */
export function splitText(text: string, max: number = LEX_LIMITS.messageContentMax): string[] {
  if (text.length <= max) return text.length > 0 ? [text] : [];
  const pieces: string[] = [];
  let current: string | undefined;
  const flush = () => {
    if (current) pieces.push(current);
    current = undefined;
  };
  for (const line of text.split('\n')) {
    if (current !== undefined && current.length + 1 + line.length <= max) {
      current += `\n${line}`;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > max) {
      const cut = breakPoint(rest, max);
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    current = rest;
  }
  flush();
  return pieces;
}

/** Where to cut a too-long line: after the last space that fits, else at max. */
function breakPoint(line: string, max: number): number {
  const space = line.lastIndexOf(' ', max);
  if (space > 0) return space;
  return safeCut(line, max);
}

function cutAt(text: string, length: number): string {
  return text.length <= length ? text : text.slice(0, safeCut(text, length));
}

/** Never split a surrogate pair: step back when the cut falls between its halves. */
function safeCut(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff && at > 1 ? at - 1 : at;
}
