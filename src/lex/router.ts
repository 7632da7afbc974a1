import type { LexRequest } from './request';
import type { InvocationSource, LexResponse } from './types';

/**
 * Dispatch in the order Lex gives: intent name, then invocation source (dialog or fulfillment
 * code hook), then invocation label. A miss is a typed result, not an exception and not a
 * made-up message: the caller decides what to tell the user.
 */
export type LexHandler = (request: LexRequest) => Promise<LexResponse>;

/** Handlers by invocation label, with one for calls without a label or with another label. */
export interface LabelRoutes {
  labels: Readonly<Record<string, LexHandler>>;
  otherwise?: LexHandler;
}

/** One handler for every label, or a choice by label. */
export type SourceRoute = LexHandler | LabelRoutes;

export type IntentRoutes = Partial<Readonly<Record<InvocationSource, SourceRoute>>>;

/** Intent name → routes. Type the keys with the bot's intent names to catch typos. */
export type RouteTable<IntentName extends string = string> = Readonly<
  Record<IntentName, IntentRoutes>
>;

export interface UnknownIntent {
  kind: 'unknown-intent';
  intentName: string;
}

export interface NoRoute {
  kind: 'no-route';
  intentName: string;
  invocationSource: InvocationSource;
  invocationLabel: string | undefined;
}

export type RouteMatch = { kind: 'handler'; handler: LexHandler } | UnknownIntent | NoRoute;

export type RouteOutcome = { kind: 'handled'; response: LexResponse } | UnknownIntent | NoRoute;

export function findRoute(table: RouteTable, request: LexRequest): RouteMatch {
  const intentName = request.intent.name;
  const intentRoutes = own(table, intentName);
  if (!intentRoutes) return { kind: 'unknown-intent', intentName };
  const { invocationSource, invocationLabel } = request;
  const route = own(intentRoutes, invocationSource);
  const handler =
    typeof route === 'function'
      ? route
      : route &&
        ((invocationLabel !== undefined ? own(route.labels, invocationLabel) : undefined) ??
          route.otherwise);
  if (!handler) return { kind: 'no-route', intentName, invocationSource, invocationLabel };
  return { kind: 'handler', handler };
}

/** A function that routes a request and runs the handler; handler errors propagate. */
export function createRouter(table: RouteTable): (request: LexRequest) => Promise<RouteOutcome> {
  return async (request) => {
    const match = findRoute(table, request);
    if (match.kind !== 'handler') return match;
    return { kind: 'handled', response: await match.handler(request) };
  };
}

/** Own keys only: an intent called `constructor` or `toString` is not found on Object. */
function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
