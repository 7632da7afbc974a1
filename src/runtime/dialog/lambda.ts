import { parseLexResponse } from '../../lex';
import type { LexEvent, LexResponse } from '../../lex';
import { dependencyFailed } from './errors';

/** A Lambda function as Lex calls it: the Lex V2 event in, the Lex V2 response out. */
export type LambdaFunction = (event: LexEvent) => Promise<unknown>;

export type CodeHookOutcome =
  { readonly kind: 'response'; readonly response: LexResponse } | { readonly kind: 'timeout' };

const TIMEOUT = Symbol('timeout');

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Calls the Lambda and checks its response against the Lex V2 response schema (src/lex). A
 * Lambda that throws, or answers something Lex would reject, fails the turn with
 * DependencyFailedException (HTTP 424), with a message that names the broken rule.
 */
export async function invokeCodeHook(
  lambda: LambdaFunction,
  event: LexEvent,
  timeoutMs: number,
  slotNames: Readonly<Record<string, readonly string[]>>,
): Promise<CodeHookOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), timeoutMs);
    timer.unref?.();
  });
  let result: unknown;
  try {
    result = await Promise.race([lambda(structuredClone(event)), timeout]);
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
