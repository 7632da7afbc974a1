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

/** Keys no Lex field has, which could reach or replace a prototype once copied. */
export const DANGEROUS_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/**
 * A fresh plain-data copy of JSON text, without the prototype-reaching keys (they are dropped,
 * not reported: no Lex field has those names).
 */
export function plainData(json: string): unknown {
  return JSON.parse(json, (key, value: unknown) => (DANGEROUS_KEYS.has(key) ? undefined : value));
}

/** A size over `limit` bytes as a phrase, or undefined when it fits. */
export function oversize(json: string, limit: number): string | undefined {
  // Far over the limit in UTF-16 units is far over in UTF-8 bytes: skip the exact count.
  const tooLong = json.length > 4 * limit;
  const bytes = tooLong ? json.length : utf8Bytes(json);
  if (bytes <= limit) return undefined;
  return `${tooLong ? 'at least ' : ''}${bytes} bytes`;
}
