import * as z from 'zod/mini';
import {
  LEX_LIMITS,
  MESSAGE_CONTENT_TYPES,
  type LexImageResponseCard,
  type LexMessage,
  type MessageContentType,
} from '../types';
import { missing, optional, text, type ObjectOf } from './kit';

/**
 * A message as a Lambda response or PutSession gives it. Lex's Message has the three fields;
 * the content type says which of content and card it shows, and that one must be there. Read as
 * the LexMessage of its content type, the other field kept as it came.
 */
export function message(object: ObjectOf) {
  const card = object({
    title: text(LEX_LIMITS.cardTextMax),
    subtitle: optional(text(LEX_LIMITS.cardTextMax)),
    imageUrl: optional(text(LEX_LIMITS.cardTextMax)),
    buttons: optional(
      z
        .array(
          object({ text: text(LEX_LIMITS.buttonTextMax), value: text(LEX_LIMITS.buttonValueMax) }),
        )
        .check(z.maxLength(LEX_LIMITS.maxButtons)),
    ),
  });
  const fields = object({
    contentType: z.enum(MESSAGE_CONTENT_TYPES),
    content: optional(text(LEX_LIMITS.messageContentMax)),
    imageResponseCard: optional(card),
  });
  return z.pipe(
    // A check, not the transform's job: it runs beside the other problems of the message.
    fields.check(
      z.superRefine((m, ctx) => {
        const typed = asLexMessage(m);
        if (typeof typed === 'string') {
          const article = m.contentType === 'ImageResponseCard' ? 'an' : 'a';
          missing(ctx, typed, `is missing: ${article} ${m.contentType} message has ${typed}`);
        }
      }),
    ),
    // Reached only when the check passed: the message has what its content type shows.
    z.transform((m) => {
      const typed = asLexMessage(m);
      return typeof typed === 'string' ? z.NEVER : typed;
    }),
  );
}

/** The message as its content type has it, or the field that content type needs and lacks. */
function asLexMessage(m: {
  contentType: MessageContentType;
  content?: string;
  imageResponseCard?: LexImageResponseCard;
}): LexMessage | 'content' | 'imageResponseCard' {
  if (m.contentType === 'ImageResponseCard') {
    const card = m.imageResponseCard;
    return card
      ? { ...m, contentType: m.contentType, imageResponseCard: card }
      : 'imageResponseCard';
  }
  const content = m.content;
  return content !== undefined ? { ...m, contentType: m.contentType, content } : 'content';
}
