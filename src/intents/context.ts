import { SESSION_ATTRIBUTE } from '../../bot-definition/names';
import type { FleetStore } from '../store/port';
import type { Request } from './conversation/memory';

/** What every intent handler works with: the fleet and the clock (never read directly). */
export interface IntentContext {
  store: FleetStore;
  /** Wall-clock epoch ms. */
  now: () => number;
  /** The VM last talked about in this conversation: what "it" and "that VM" mean. */
  lastVm?: string;
  /** What the handler offers the user, for the conversation to take a yes or a choice by. */
  notes?: TurnNotes;
}

/**
 * What a handler's answer offers, beyond its words: a request a yes would start ("say 'migrate
 * vm-6 to host-b with auto-converge'", "did you mean host-b?"), and the choices it listed for a
 * slot ("host-b or host-c would take it": "the first" is host-b). Kept for the next turn only.
 */
export interface TurnNotes {
  suggest(request: Request): void;
  offer(slot: string, values: readonly string[]): void;
}

/**
 * Session attribute naming the VM whose migration the user just started, so that a chat client
 * can show its progress (the chain attributes live with the bot definition's names).
 */
export const PROGRESS_ATTRIBUTE = SESSION_ATTRIBUTE.migrationInProgress;
