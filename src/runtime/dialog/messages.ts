import { PROMPT_ATTEMPTS, type PromptAttempt } from '../../lex/types';
import type { Message } from '../api/types';
import type {
  BotMessage,
  MessageGroup,
  PromptSpecification,
  ResponseSpecification,
} from '../bot/definition';
import { fillMessage } from './templates';
import type { ReferenceValues } from './templates';

/** Which attempt of a prompt: 0 = Initial, 1 = Retry1, ... */
export type Attempt = number;

function render(message: BotMessage, values: ReferenceValues): Message | undefined {
  if (message.plainTextMessage) {
    return {
      contentType: 'PlainText',
      content: fillMessage(message.plainTextMessage.value, values),
    };
  }
  if (message.ssmlMessage) {
    return { contentType: 'SSML', content: fillMessage(message.ssmlMessage.value, values) };
  }
  if (message.customPayload) {
    return {
      contentType: 'CustomPayload',
      content: fillMessage(message.customPayload.value, values),
    };
  }
  const card = message.imageResponseCard;
  if (card) {
    return {
      contentType: 'ImageResponseCard',
      imageResponseCard: {
        title: fillMessage(card.title, values),
        ...(card.subtitle === undefined ? {} : { subtitle: fillMessage(card.subtitle, values) }),
        ...(card.imageUrl === undefined ? {} : { imageUrl: card.imageUrl }),
        ...(card.buttons === undefined
          ? {}
          : { buttons: card.buttons.map((b) => ({ text: b.text, value: b.value })) }),
      },
    };
  }
  return undefined;
}

/**
 * One message per group, as Lex sends them: the message or one of its variations. `Ordered`
 * takes the message on the first attempt and the next variation on each retry; otherwise the
 * choice is random (the injected random source makes it reproducible).
 */
function pick(
  groups: readonly MessageGroup[],
  values: ReferenceValues,
  choose: (candidates: number, group: number) => number,
): Message[] {
  return groups.flatMap((group, g) => {
    const candidates = [group.message, ...(group.variations ?? [])];
    const chosen = candidates[choose(candidates.length, g)] ?? group.message;
    const message = render(chosen, values);
    return message ? [message] : [];
  });
}

export function responseMessages(
  spec: ResponseSpecification | undefined,
  values: ReferenceValues,
  random: () => number,
): Message[] {
  if (!spec) return [];
  return pick(spec.messageGroupsList, values, (n) => Math.floor(random() * n) % n);
}

export function promptMessages(
  spec: PromptSpecification | undefined,
  attempt: Attempt,
  values: ReferenceValues,
  random: () => number,
): Message[] {
  if (!spec) return [];
  const ordered = spec.messageSelectionStrategy === 'Ordered';
  return pick(spec.messageGroupsList, values, (n) =>
    ordered ? attempt % n : Math.floor(random() * n) % n,
  );
}

/** "Initial", "Retry1", ... as Lex names prompt attempts (a bot retries at most 5 times). */
export function attemptName(attempt: Attempt): PromptAttempt {
  return PROMPT_ATTEMPTS[Math.min(attempt, PROMPT_ATTEMPTS.length - 1)] ?? 'Initial';
}
