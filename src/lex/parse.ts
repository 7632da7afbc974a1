import type * as z from 'zod/mini';
import { errorText, oversize, plainData, safeJson } from './json-size';
import { problemsOf } from './issues';
import { describeValue } from './problem-text';

/**
 * The one way the Lex contract's schemas are applied, to the event, the response and a client's
 * session state alike:
 *
 * - Never throws, whatever it is given.
 * - Works on a JSON round-trip of the input, so what it returns is a fresh plain-data copy: no
 *   getters, no class instances, nothing shared with the caller; cycles, BigInt and throwing
 *   getters are problems, not exceptions.
 * - The keys `__proto__`, `constructor` and `prototype` are dropped wherever they are (no Lex
 *   field has those names), and the schemas' maps are null-prototype objects, so no lookup or
 *   later copy can reach or change a prototype.
 * - Optional fields left absent by the schema's transforms are removed, not `undefined`.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface ParseOptions {
  /** How problems name the whole thing: `event`, `the response`, `sessionState`. */
  subject: string;
  /** Where the value sits, prefixed to the path of each problem. */
  base?: readonly PropertyKey[];
  /** A size quota on the JSON, in UTF-8 bytes, with its name in the problem. */
  quota?: { bytes: number; name: string };
}

export function parseWith<T>(
  schema: z.ZodMiniType<T>,
  raw: unknown,
  options: ParseOptions,
): Parsed<T> {
  try {
    return parseUnsafe(schema, raw, options);
  } catch (error) {
    // Defence in depth: nothing above should throw, but a stack overflow is still an answer.
    return {
      ok: false,
      problems: [`${options.subject} could not be validated: ${errorText(error)}`],
    };
  }
}

function parseUnsafe<T>(schema: z.ZodMiniType<T>, raw: unknown, options: ParseOptions): Parsed<T> {
  const { subject, quota } = options;
  const notAnObject = (value: unknown): Parsed<T> => ({
    ok: false,
    problems: [`${subject} must be a JSON object, got ${describeValue(value)}`],
  });
  // Arrays are caught after the JSON copy: Array.isArray throws on a revoked proxy.
  if (raw === null || typeof raw !== 'object') return notAnObject(raw);
  const text = safeJson(raw);
  if (!text.ok)
    return { ok: false, problems: [`${subject} is not valid JSON data: ${text.reason}`] };
  const size = quota && oversize(text.json, quota.bytes);
  if (quota && size) {
    return {
      ok: false,
      problems: [
        `${subject} is ${size} of JSON; the ${quota.name} is ${quota.bytes} bytes (${quota.bytes / 1024} KB)`,
      ],
    };
  }
  const data = plainData(text.json);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return notAnObject(data);
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    return { ok: false, problems: problemsOf(result.error.issues, options.base, subject) };
  }
  return { ok: true, value: withoutUndefined(result.data) as T };
}

/** Transforms leave `key: undefined` behind for absent optional fields; a plain copy has none. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) withoutUndefined(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined) delete record[key];
      else withoutUndefined(record[key]);
    }
  }
  return value;
}
