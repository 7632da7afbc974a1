import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InvocationContext, LambdaFunction } from '../runtime';
import { DeadlinePassedError } from '../store';
import type { LambdaCall } from './api-types';

/**
 * Records the Lambda calls of each turn for the console's Inspect panel: the event, the
 * response, the duration and how many DynamoDB requests the call sent. The runtime calls the
 * wrapped function exactly as it called the Lambda (its context too: the time left, the abort
 * signal); DynamoDB requests are attributed to the call in whose async context they start
 * (AsyncLocalStorage), so concurrent sessions do not mix. A call the runtime stopped waiting for
 * is recorded when it ends, with its late answer and why that answer was ignored.
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

  const invoke: LambdaFunction = async (event, context) => {
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
      const response = await current.run(counter, () => lambda(event, context));
      call.response = structuredClone(response);
      return response;
    } catch (error) {
      call.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw error;
    } finally {
      if (context.abortSignal.aborted) call.error ??= abandoned(context);
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

function abandoned(context: InvocationContext): string {
  const reason: unknown = context.abortSignal.reason;
  const why = reason instanceof Error ? reason.message : 'the runtime stopped waiting';
  return `Abandoned: ${why}; the turn failed and this answer was ignored`;
}

/**
 * A middleware on the client that counts each request it sends against the call under way: every
 * attempt (the SDK's retries too), after the retries are decided, and not one that the
 * invocation's deadline kept from being sent.
 */
export function countDynamoRequests(client: DynamoDBClient, recorder: LambdaCallRecorder): void {
  const counter =
    <A, O>(next: (args: A) => Promise<O>) =>
    async (args: A): Promise<O> => {
      let sent = true;
      try {
        return await next(args);
      } catch (error) {
        sent = !(error instanceof DeadlinePassedError);
        throw error;
      } finally {
        if (sent) recorder.countDynamoRequest();
      }
    };
  client.middlewareStack.addRelativeTo(counter, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    // One per recorder: two local bots in one process (a test's) share the handler's client, and
    // each counts only the calls it records.
    name: `vmbotConsoleRequestCounter${++counters}`,
  });
}

let counters = 0;
