import { parseLexResponse } from '../../lex';
import type { LexEvent, LexResponse } from '../../lex';
import type { SlotValue } from '../api/types';
import { dependencyFailed } from './errors';

/**
 * What a Lambda is told about its invocation: the time it has left, as Lambda's
 * `context.getRemainingTimeInMillis()`, and a signal aborted when the runtime stops waiting. In
 * AWS, Lambda ends an invocation at its time limit; in-process, the signal is how the handler
 * learns that its answer will be thrown away, so that it sends no more writes.
 */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  readonly abortSignal: AbortSignal;
}

/** A Lambda function as Lex calls it: the Lex V2 event in, the Lex V2 response out. */
export type LambdaFunction = (event: LexEvent, context: InvocationContext) => Promise<unknown>;

export type CodeHookOutcome =
  | { readonly kind: 'response'; readonly response: LexResponse<SlotValue> }
  | { readonly kind: 'timeout' };

const TIMEOUT = Symbol('timeout');

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Calls the Lambda and checks its response against the Lex V2 response schema (src/lex). A
 * Lambda that throws, or answers something Lex would reject, fails the turn with
 * DependencyFailedException (HTTP 424), with a message that names the broken rule. One that does
 * not answer in time is told so through its abort signal, and its late answer is ignored.
 */
export async function invokeCodeHook(
  lambda: LambdaFunction,
  event: LexEvent,
  timeoutMs: number,
  slotNames: Readonly<Record<string, readonly string[]>>,
): Promise<CodeHookOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const aborter = new AbortController();
  const deadline = performance.now() + timeoutMs;
  const context: InvocationContext = {
    getRemainingTimeInMillis: () => Math.max(0, Math.floor(deadline - performance.now())),
    abortSignal: aborter.signal,
  };
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => {
      aborter.abort(new Error(`the runtime stopped waiting after ${timeoutMs} ms`));
      resolve(TIMEOUT);
    }, timeoutMs);
    timer.unref?.();
  });
  let result: unknown;
  try {
    result = await Promise.race([lambda(structuredClone(event), context), timeout]);
  } catch (error) {
    throw dependencyFailed(
      `Invalid Lambda Response: Received error response from Lambda: ${errorText(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (result === TIMEOUT) return { kind: 'timeout' };
  const parsed = parseLexResponse(result, { slotNames });
  if (!parsed.ok) {
    throw dependencyFailed(`Invalid Lambda Response: ${parsed.problems.join('; ')}`);
  }
  // What Lex keeps of it: a fresh copy, slots with their shape and original value.
  return { kind: 'response', response: parsed.value };
}
