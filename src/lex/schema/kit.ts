import * as z from 'zod/mini';
import { DANGEROUS_KEYS } from '../json-size';
import { SENTENCE } from '../issues';

/**
 * The zod building blocks the contract's schemas are made of. Written with `zod/mini`, zod 4's
 * functional API, so that only the schema kinds used here end up in the Lambda bundle; the
 * chained `zod` API pulls in every locale, JSON Schema conversion and the schema compiler.
 */

export const nonEmpty = () => z.string().check(z.minLength(1));
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
export const intIn = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/** Optional field: absent, `undefined` or `null` all mean absent. */
export function optional<T extends z.ZodMiniType>(schema: T) {
  return z.optional(
    z.pipe(
      z.nullable(schema),
      z.transform((value) => value ?? undefined),
    ),
  );
}

/** With a default when absent or null. */
export function withDefault<T extends z.ZodMiniType>(schema: T, fallback: () => z.output<T>) {
  return z.pipe(
    z.nullish(schema),
    z.transform((value) => value ?? fallback()),
  );
}

/** A string-keyed map as a null-prototype object without prototype-reaching keys. */
export function map<T extends z.ZodMiniType>(values: T) {
  return z.pipe(
    z.record(nonEmpty(), values),
    z.transform((record) => safeRecord<z.output<T>>(record)),
  );
}

function safeRecord<V>(record: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of Object.entries(record)) {
    if (!DANGEROUS_KEYS.has(key)) out[key] = value;
  }
  return out;
}

/**
 * Objects of the response are strict: an unknown field is reported with the allowed ones (they
 * are typos Lex would ignore). Those of the event and of a client's session state drop them
 * (Lex adds fields without notice).
 */
export function objectFor(strict: boolean) {
  return <S extends z.core.$ZodLooseShape>(shape: S) =>
    strict
      ? z.strictObject(shape, {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `allowed: ${Object.keys(shape).join(', ')}`
              : undefined,
        })
      : z.object(shape);
}

export type ObjectOf = ReturnType<typeof objectFor>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type Issues = { addIssue(issue: z.core.$ZodSuperRefineIssue): void };

/** A problem that reads as a whole sentence rather than a predicate about one field. */
export function sentence(ctx: Issues, input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', input, message, params: SENTENCE });
}

/** A field a value of this kind must have, reported at that field. */
export function missing(ctx: Issues, field: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [field], input: undefined, message });
}

/** The schema built on first use, then kept. */
export function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
