import type { LexBot, LexEvent, LexIntent, LexSlot, LexSlots } from '../../lex';
import type { IntentState, Slots } from '../api/types';
import { toApi } from './contexts';
import type { StoredContext } from './contexts';
import { attemptName } from './messages';

export interface LambdaEventInput {
  readonly source: 'DialogCodeHook' | 'FulfillmentCodeHook';
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
    out[name] = slot ? (structuredClone(slot) as LexSlot) : null;
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
 * The event exactly as Lex V2 sends it to the Lambda: `invocationLabel` only on dialog hooks
 * that set one, `proposedNextState` only on dialog hooks that predict ElicitSlot, plain-number
 * `nluConfidence` (none on the FallbackIntent), `requestAttributes` only when the client sent
 * some. A FulfillmentCodeHook event has no dialogAction in its sessionState.
 */
export function lambdaEvent(input: LambdaEventInput): LexEvent {
  const intent = toLexIntent(input.intent);
  const dialog = input.source === 'DialogCodeHook';
  return {
    messageVersion: '1.0',
    invocationSource: input.source,
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: input.sessionId,
    inputTranscript: input.inputTranscript,
    ...(dialog && input.label !== undefined ? { invocationLabel: input.label } : {}),
    bot: { ...input.bot },
    interpretations: input.interpretations.map(({ score, intent: i }) => ({
      intent: toLexIntent(i),
      ...(score === undefined ? {} : { nluConfidence: score }),
      interpretationSource: 'Lex',
    })),
    ...(dialog && input.proposed
      ? {
          proposedNextState: {
            dialogAction: { type: 'ElicitSlot', slotToElicit: input.proposed.slot },
            intent: structuredClone(intent),
            prompt: { attempt: attemptName(input.proposed.attempt) as 'Initial' },
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
  };
}
