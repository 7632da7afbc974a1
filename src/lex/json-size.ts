import { Buffer } from 'node:buffer';

export type JsonText = { ok: true; json: string } | { ok: false; reason: string };

/**
 * JSON text of a value, without throwing: cycles, BigInt, throwing getters or toJSON, revoked
 * proxies and stack-deep nesting all come back as a reason instead.
 */
export function safeJson(value: unknown): JsonText {
  try {
    const json = JSON.stringify(value);
    if (typeof json !== 'string') return { ok: false, reason: `${typeof value} has no JSON form` };
    return { ok: true, json };
  } catch (error) {
    return { ok: false, reason: errorText(error) };
  }
}

/** UTF-8 size of a JSON text, which is what the Lex quotas count. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function errorText(error: unknown): string {
  try {
    if (error instanceof Error) return error.message || error.name;
    return String(error);
  } catch {
    return 'unprintable error';
  }
}

/** Length of the base64 text for that many bytes (with padding). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}
