import type {
  InvocationSource,
  LexBot,
  LexEvent,
  LexIntent,
  LexSlots,
  LexTranscription,
} from '../../lex';
import type { IntentState, Slots } from '../api/types';
import { toApi } from './contexts';
import type { StoredContext } from './contexts';
import { attemptName } from './messages';

export interface LambdaEventInput {
  readonly source: InvocationSource;
  readonly label: string | undefined;
  readonly bot: LexBot;
  readonly sessionId: string;
  readonly inputTranscript: string;
  readonly intent: IntentState;
  /** Best first, the current intent with its state; score undefined for the FallbackIntent. */
  readonly interpretations: readonly { score: number | undefined; intent: IntentState }[];
  /** The slot the default order would elicit next, and which attempt that would be. */
  readonly proposed: { readonly slot: string; readonly attempt: number } | undefined;
  readonly sessionAttributes: Readonly<Record<string, string>>;
  readonly contexts: readonly StoredContext[];
  readonly nowMs: number;
  readonly originatingRequestId: string | undefined;
  readonly requestAttributes: Readonly<Record<string, string>> | undefined;
}

function toLexSlots(slots: Slots | undefined): LexSlots {
  const out: LexSlots = {};
  for (const [name, slot] of Object.entries(slots ?? {})) {
    out[name] = slot ? structuredClone(slot) : null;
  }
  return out;
}

export function toLexIntent(intent: IntentState): LexIntent {
  return {
    name: intent.name,
    slots: toLexSlots(intent.slots),
    state: intent.state ?? 'InProgress',
    confirmationState: intent.confirmationState ?? 'None',
  };
}

/**
 * Text input as Lex reports it in `transcriptions`: one, the text itself with confidence 1, the
 * intent it resolved to (the top interpretation's) and the slots read from it, their values
 * with originalValue and resolvedValues but no interpretedValue. The slots read from this input
 * are those of the resolved intent whose original value the text contains: an original value is
 * the span of the input it was read from, so a slot filled on an earlier turn (or by a default,
 * a next step or the Lambda) is left out unless this input says it again.
 */
export function textTranscription(inputTranscript: string, intent: LexIntent): LexTranscription {
  const typed = inputTranscript.toLowerCase();
  const resolvedSlots: LexSlots = {};
  for (const [name, slot] of Object.entries(intent.slots)) {
    const value = slot?.value;
    if (!slot || !value || !typed.includes(value.originalValue.toLowerCase())) continue;
    resolvedSlots[name] = {
      shape: slot.shape,
      value: { originalValue: value.originalValue, resolvedValues: [...value.resolvedValues] },
    };
  }
  return {
    transcription: inputTranscript,
    transcriptionConfidence: 1,
    resolvedContext: { intent: intent.name },
    resolvedSlots,
  };
}

/**
 * The event exactly as Lex V2 sends it to the Lambda: `invocationLabel` only on dialog hooks
 * that set one, `proposedNextState` only on dialog hooks that predict ElicitSlot, plain-number
 * `nluConfidence` (none on the FallbackIntent), `requestAttributes` only when the client sent
 * some, `transcriptions` of the text. A FulfillmentCodeHook event has no dialogAction in its
 * sessionState.
 */
export function lambdaEvent(input: LambdaEventInput): LexEvent {
  const intent = toLexIntent(input.intent);
  const dialog = input.source === 'DialogCodeHook';
  const interpretations = input.interpretations.map(({ score, intent: i }) => ({
    intent: toLexIntent(i),
    ...(score === undefined ? {} : { nluConfidence: score }),
    interpretationSource: 'Lex' as const,
  }));
  return {
    messageVersion: '1.0',
    invocationSource: input.source,
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: input.sessionId,
    inputTranscript: input.inputTranscript,
    ...(dialog && input.label !== undefined ? { invocationLabel: input.label } : {}),
    bot: { ...input.bot },
    interpretations,
    ...(dialog && input.proposed
      ? {
          proposedNextState: {
            dialogAction: { type: 'ElicitSlot', slotToElicit: input.proposed.slot },
            intent: structuredClone(intent),
            prompt: { attempt: attemptName(input.proposed.attempt) },
          },
        }
      : {}),
    sessionState: {
      ...(input.contexts.length > 0
        ? { activeContexts: input.contexts.map((c) => toApi(c, input.nowMs)) }
        : {}),
      sessionAttributes: { ...input.sessionAttributes },
      intent,
      ...(input.originatingRequestId ? { originatingRequestId: input.originatingRequestId } : {}),
    },
    ...(input.requestAttributes ? { requestAttributes: { ...input.requestAttributes } } : {}),
    transcriptions: [
      textTranscription(input.inputTranscript, interpretations[0]?.intent ?? intent),
    ],
  };
}
