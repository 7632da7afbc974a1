import type { MessageGroup, PromptSpecification, ResponseSpecification } from './types';

// Lex limits: a message group holds one message and at most two variations; a prompt holds at
// most five groups; a prompt retries at most five times.
const MAX_VARIATIONS = 2;
const MAX_GROUPS = 5;
const MAX_RETRIES = 5;

/** One plain-text message group: a message and the variations Lex may say instead. */
export function message(text: string, ...variations: string[]): MessageGroup {
  if (variations.length > MAX_VARIATIONS) {
    throw new RangeError(
      `"${text}": Lex allows ${MAX_VARIATIONS} variations, got ${variations.length}.`,
    );
  }
  const all = [text, ...variations];
  if (new Set(all.map((t) => t.toLowerCase())).size !== all.length) {
    throw new RangeError(`"${text}": a variation repeats a message of its group.`);
  }
  return {
    message: plain(text),
    ...(variations.length > 0 ? { variations: variations.map(plain) } : {}),
  };
}

/**
 * A prompt that never repeats itself: with the `Ordered` strategy Lex says the message on the
 * first attempt and the next variation on each retry, so every group needs at least `maxRetries`
 * variations. The check runs when the definition loads, so a short prompt fails at once.
 */
export function prompt(maxRetries: number, ...groups: MessageGroup[]): PromptSpecification {
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES) {
    throw new RangeError(
      `maxRetries must be an integer from 0 to ${MAX_RETRIES}, got ${maxRetries}.`,
    );
  }
  if (groups.length < 1 || groups.length > MAX_GROUPS) {
    throw new RangeError(`A prompt holds 1 to ${MAX_GROUPS} message groups, got ${groups.length}.`);
  }
  for (const group of groups) {
    const variations = group.variations?.length ?? 0;
    if (variations < maxRetries) {
      const text = group.message.plainTextMessage?.value ?? '';
      throw new RangeError(
        `"${text}" is retried ${maxRetries} times but has ${variations} variations: a retry would repeat it.`,
      );
    }
  }
  return {
    maxRetries,
    allowInterrupt: true,
    messageSelectionStrategy: 'Ordered',
    messageGroupsList: groups,
  };
}

/** A response (declination, closing...): said once, so variations are optional. */
export function response(...groups: MessageGroup[]): ResponseSpecification {
  if (groups.length < 1 || groups.length > MAX_GROUPS) {
    throw new RangeError(
      `A response holds 1 to ${MAX_GROUPS} message groups, got ${groups.length}.`,
    );
  }
  return { allowInterrupt: true, messageGroupsList: groups };
}

function plain(value: string) {
  return { plainTextMessage: { value } };
}
