import { AsyncLocalStorage } from 'node:async_hooks';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

/**
 * Deadlines for DynamoDB calls. A Lambda has a time limit, and whoever called it (Lex, or the
 * local runtime) stops waiting at that limit: after it, a write that reaches DynamoDB would change
 * the fleet behind the back of a user who was told the turn failed. So each invocation runs in a
 * scope with a deadline and an abort signal, and every HTTP request the DynamoDB clients make in
 * that scope (first attempts, SDK retries, the store's own transaction retries) is checked here:
 * none is sent once the deadline has passed, and one in flight is abandoned when it comes.
 * The scope follows the invocation through async calls (AsyncLocalStorage), so the store and the
 * intents need no parameter for it.
 */
interface Scope {
  readonly deadlineAtMs: number;
  readonly signal: AbortSignal;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Raised instead of sending a request after the deadline: nothing reached DynamoDB. */
export class DeadlinePassedError extends Error {
  override name = 'DeadlinePassedError';
}

export interface DeadlineOptions {
  /** Time left for the whole invocation, in ms. */
  remainingMs: number;
  /** Aborted when the caller stops waiting earlier (the local runtime's 424). */
  signal?: AbortSignal;
}

/** Runs `work` with every DynamoDB request inside it bound by this deadline and signal. */
export function withDeadline<T>(options: DeadlineOptions, work: () => Promise<T>): Promise<T> {
  const remainingMs = Math.max(0, options.remainingMs);
  const timeout = AbortSignal.timeout(remainingMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return scopes.run({ deadlineAtMs: Date.now() + remainingMs, signal }, work);
}

/** NodeHttpHandler that honours the deadline scope of the call it serves. */
export class DeadlineHttpHandler extends NodeHttpHandler {
  private readonly requestTimeoutMs: number | undefined;

  constructor(options: NodeHttpHandlerOptions) {
    super(options);
    this.requestTimeoutMs = options.requestTimeout;
  }

  override handle(...[request, options = {}]: Parameters<NodeHttpHandler['handle']>) {
    const scope = scopes.getStore();
    if (!scope) return super.handle(request, options);
    const leftMs = scope.deadlineAtMs - Date.now();
    if (scope.signal.aborted || leftMs <= 0) {
      return Promise.reject(
        new DeadlinePassedError('the time limit of this invocation has passed; nothing was sent'),
      );
    }
    const own = options.abortSignal as AbortSignal | undefined;
    return super.handle(request, {
      ...options,
      abortSignal: own ? AbortSignal.any([own, scope.signal]) : scope.signal,
      requestTimeout: Math.min(options.requestTimeout ?? this.requestTimeoutMs ?? leftMs, leftMs),
    });
  }
}
