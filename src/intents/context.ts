import { SESSION_ATTRIBUTE } from '../../bot-definition/names';
import type { FleetStore } from '../store/port';

/** What every intent handler works with: the fleet and the clock (never read directly). */
export interface IntentContext {
  store: FleetStore;
  /** Wall-clock epoch ms. */
  now: () => number;
  /** The VM last talked about in this conversation: what "it" and "that VM" mean. */
  lastVm?: string;
}

/**
 * Session attribute naming the VM whose migration the user just started, so that a chat client
 * can show its progress (the chain attributes live with the bot definition's names).
 */
export const PROGRESS_ATTRIBUTE = SESSION_ATTRIBUTE.migrationInProgress;
