import { slotValue } from './slots';
import type { InvocationSource, LexEvent, LexIntent, LexSessionState } from './types';

/** What an intent handler gets: the parsed event and the few things every handler reads. */
export interface LexRequest {
  readonly event: LexEvent;
  readonly sessionState: LexSessionState;
  /** The current intent (sessionState.intent). */
  readonly intent: LexIntent;
  readonly invocationSource: InvocationSource;
  readonly invocationLabel: string | undefined;
  readonly sessionAttributes: Readonly<Record<string, string>>;
  readonly inputTranscript: string;
  /** A slot of the current intent: its interpreted value, else its original; undefined if empty. */
  slot(name: string): string | undefined;
  /** A session attribute (own keys only); undefined if not set. */
  attribute(name: string): string | undefined;
}

export function toLexRequest(event: LexEvent): LexRequest {
  const { sessionState } = event;
  const attributes = sessionState.sessionAttributes;
  return {
    event,
    sessionState,
    intent: sessionState.intent,
    invocationSource: event.invocationSource,
    invocationLabel: event.invocationLabel,
    sessionAttributes: attributes,
    inputTranscript: event.inputTranscript,
    slot: (name) => slotValue(sessionState.intent.slots, name),
    attribute: (name) =>
      Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : undefined,
  };
}
