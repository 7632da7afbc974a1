import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LexEvent } from '../lex';
import type { LambdaFunction } from '../runtime';
import type { LambdaCall } from './api-types';

/**
 * Records the Lambda calls of each turn for the console's Inspect panel: the event, the
 * response, the duration and how many DynamoDB requests the call sent. The runtime calls the
 * wrapped function exactly as it called the Lambda; DynamoDB requests are attributed to the call
 * in whose async context they start (AsyncLocalStorage), so concurrent sessions do not mix.
 */
export interface LambdaCallRecorder {
  /** The Lambda as the runtime should call it. */
  readonly invoke: LambdaFunction;
  /** The calls of one turn (the turn's originatingRequestId), in order. */
  callsOf(sessionId: string, requestId: string): LambdaCall[];
  /** Counts one DynamoDB request against the call under way, if any. */
  countDynamoRequest(): void;
  /** Calls `listener` as each call ends (answered or failed); returns the way to stop. */
  onSettled(listener: (call: LambdaCall) => void): () => void;
}

const DEFAULT_LIMIT = 500;

export function recordLambdaCalls(
  lambda: LambdaFunction,
  options: { limit?: number; clock?: () => number } = {},
): LambdaCallRecorder {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const clock = options.clock ?? Date.now;
  const current = new AsyncLocalStorage<{ requests: number }>();
  // Oldest first; a bounded log, so a long-running server keeps the recent turns only.
  const calls: LambdaCall[] = [];
  const settled = new Set<(call: LambdaCall) => void>();
  let seq = 0;

  const invoke: LambdaFunction = async (event) => {
    const counter = { requests: 0 };
    const call: LambdaCall = {
      seq: ++seq,
      sessionId: event.sessionId,
      requestId: event.sessionState.originatingRequestId,
      invocationSource: event.invocationSource,
      ...(event.invocationLabel === undefined ? {} : { invocationLabel: event.invocationLabel }),
      intentName: event.sessionState.intent.name,
      startedAt: clock(),
      durationMs: 0,
      dynamoRequests: 0,
      event: structuredClone(event),
    };
    calls.push(call);
    if (calls.length > limit) calls.splice(0, calls.length - limit);
    const t0 = performance.now();
    try {
      const response = await current.run(counter, () => lambda(event as LexEvent));
      call.response = structuredClone(response);
      return response;
    } catch (error) {
      call.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw error;
    } finally {
      call.durationMs = performance.now() - t0;
      call.dynamoRequests = counter.requests;
      for (const listener of settled) listener(call);
    }
  };

  return {
    invoke,
    callsOf: (sessionId, requestId) =>
      calls.filter((c) => c.sessionId === sessionId && c.requestId === requestId),
    countDynamoRequest: () => {
      const counter = current.getStore();
      if (counter) counter.requests++;
    },
    onSettled: (listener) => {
      settled.add(listener);
      return () => settled.delete(listener);
    },
  };
}

/** A middleware on the client that counts each request it sends against the call under way. */
export function countDynamoRequests(client: DynamoDBClient, recorder: LambdaCallRecorder): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      recorder.countDynamoRequest();
      return next(args);
    },
    { step: 'initialize', name: 'vmbotConsoleRequestCounter' },
  );
}
