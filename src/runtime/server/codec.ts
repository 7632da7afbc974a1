import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * PutSession answers in headers: x-amz-lex-session-state, x-amz-lex-messages and
 * x-amz-lex-request-attributes are JSON, gzipped, then base64-encoded (as Lex sends them; the
 * SDK hands the string to the caller untouched).
 */
export function encodeHeaderJson(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

export function decodeHeaderJson<T = unknown>(header: string): T {
  return JSON.parse(gunzipSync(Buffer.from(header, 'base64')).toString('utf8')) as T;
}
