import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The key the Lambda signs what it keeps in the session with. Session attributes travel through
 * the client (Lex returns them in every RecognizeText answer and takes them back in the next
 * request), so the Lambda can only trust what it signed itself: its conversation memory and the
 * confirmations it asked for. HMAC-SHA256, the key known to the Lambda alone (in AWS a Secrets
 * Manager secret the stack creates; locally a file in the checkout's .vmbot/).
 */
export interface SessionKey {
  /** The MAC of `data`, base64url. */
  sign(data: string): string;
  /** Whether `mac` is the MAC of `data` (constant-time). */
  verify(data: string, mac: string): boolean;
}

/** At least this much key material: HMAC-SHA256 gains nothing from more than 32 bytes. */
export const MIN_KEY_BYTES = 16;

export function sessionKey(secret: Uint8Array | string): SessionKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (material.length < MIN_KEY_BYTES) {
    throw new RangeError(`A session key needs at least ${MIN_KEY_BYTES} bytes.`);
  }
  const mac = (data: string) => createHmac('sha256', material).update(data, 'utf8').digest();
  return {
    sign: (data) => mac(data).toString('base64url'),
    verify: (data, given) => {
      const expected = mac(data);
      const actual = Buffer.from(given, 'base64url');
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

let processKey: SessionKey | undefined;

/**
 * A key made at random for this process: what the bot signs is trusted by the same process
 * only. The default where no key is configured (unit tests, a handler loaded by hand); a
 * deployment gives every container the same key, or a confirmation asked by one would be asked
 * again by the next.
 */
export function processSessionKey(): SessionKey {
  return (processKey ??= sessionKey(randomBytes(32)));
}
