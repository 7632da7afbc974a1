import type { ActiveContext } from '../api/types';
import type { OutputContextModel } from '../bot/model';

/** An active context with its remaining life: whichever of turns and seconds runs out first. */
export interface StoredContext {
  readonly name: string;
  readonly contextAttributes: Record<string, string>;
  readonly timeToLiveInSeconds: number;
  readonly expiresAtMs: number;
  turnsLeft: number;
}

export function fromApi(context: ActiveContext, nowMs: number): StoredContext {
  return {
    name: context.name,
    contextAttributes: { ...(context.contextAttributes ?? {}) },
    timeToLiveInSeconds: context.timeToLive.timeToLiveInSeconds,
    expiresAtMs: nowMs + context.timeToLive.timeToLiveInSeconds * 1000,
    turnsLeft: context.timeToLive.turnsToLive,
  };
}

export function fromOutputContext(context: OutputContextModel, nowMs: number): StoredContext {
  return {
    name: context.name,
    contextAttributes: {},
    timeToLiveInSeconds: context.timeToLiveInSeconds,
    expiresAtMs: nowMs + context.timeToLiveInSeconds * 1000,
    turnsLeft: context.turnsToLive,
  };
}

/** As the API reports it: the time and turns still left. */
export function toApi(context: StoredContext, nowMs: number): ActiveContext {
  return {
    name: context.name,
    contextAttributes: { ...context.contextAttributes },
    timeToLive: {
      timeToLiveInSeconds: Math.max(0, Math.ceil((context.expiresAtMs - nowMs) / 1000)),
      turnsToLive: context.turnsLeft,
    },
  };
}

export function isLive(context: StoredContext, nowMs: number): boolean {
  return context.turnsLeft > 0 && context.expiresAtMs > nowMs;
}

/** Sets a context, replacing one of the same name. */
export function activate(contexts: StoredContext[], context: StoredContext): StoredContext[] {
  return [...contexts.filter((c) => c.name !== context.name), context];
}
