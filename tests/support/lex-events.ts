import type { LexEvent, LexSlots } from '../../src/lex';

/**
 * Lex V2 code-hook events as Lex sends them to the Lambda (test alias, DRAFT), for tests and
 * the sample events in lambda/events/. Slots are given as what the user said; as with
 * OriginalValue resolution, the interpreted value is the same text.
 */
export interface EventSpec {
  intent: string;
  slots?: Record<string, string | null>;
  source?: 'DialogCodeHook' | 'FulfillmentCodeHook';
  confirmationState?: 'None' | 'Confirmed' | 'Denied';
  invocationLabel?: string;
  sessionAttributes?: Record<string, string>;
  sessionId?: string;
  originatingRequestId?: string;
  inputTranscript?: string;
  /** The slot Lex plans to ask for next: the event then carries proposedNextState, as Lex's do. */
  proposedSlot?: string;
}

export function lexEvent(spec: EventSpec): LexEvent {
  const source = spec.source ?? 'DialogCodeHook';
  const slots: LexSlots = {};
  for (const [name, value] of Object.entries(spec.slots ?? {})) {
    slots[name] =
      value === null
        ? null
        : {
            shape: 'Scalar',
            value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
          };
  }
  const intent = {
    name: spec.intent,
    slots,
    state:
      source === 'FulfillmentCodeHook' ? ('ReadyForFulfillment' as const) : ('InProgress' as const),
    confirmationState: spec.confirmationState ?? ('None' as const),
  };
  return {
    messageVersion: '1.0',
    invocationSource: source,
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: spec.sessionId ?? '475183931217345',
    inputTranscript: spec.inputTranscript ?? defaultTranscript(spec),
    ...(spec.invocationLabel ? { invocationLabel: spec.invocationLabel } : {}),
    ...(spec.proposedSlot
      ? {
          proposedNextState: {
            dialogAction: { type: 'ElicitSlot', slotToElicit: spec.proposedSlot },
            intent,
            prompt: { attempt: 'Initial' },
          },
        }
      : {}),
    bot: {
      id: 'VMBOTLOCAL',
      name: 'vmbot',
      aliasId: 'TSTALIASID',
      aliasName: 'TestBotAlias',
      localeId: 'en_US',
      version: 'DRAFT',
    },
    interpretations: [
      { intent, nluConfidence: 0.93, interpretationSource: 'Lex' },
      {
        intent: {
          name: 'FallbackIntent',
          slots: {},
          state: 'InProgress',
          confirmationState: 'None',
        },
        interpretationSource: 'Lex',
      },
    ],
    sessionState: {
      sessionAttributes: spec.sessionAttributes ?? {},
      activeContexts: [],
      intent,
      originatingRequestId: spec.originatingRequestId ?? 'c2d8a1f4-6b1e-4f3a-9d2e-1b7e0f5a9c31',
    },
    requestAttributes: {},
  } as LexEvent;
}

function defaultTranscript(spec: EventSpec): string {
  if (spec.confirmationState === 'Confirmed') return 'yes';
  if (spec.confirmationState === 'Denied') return 'no';
  const values = Object.values(spec.slots ?? {}).filter(Boolean);
  return values.length ? `${spec.intent} ${values.join(' ')}` : spec.intent;
}
