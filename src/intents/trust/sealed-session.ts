import { SESSION_ATTRIBUTE } from '../../../bot-definition/names';
import { mergeAttributes } from '../../lex';
import type { SessionKey } from './session-key';

/**
 * The Lambda's session attributes, signed. Whatever the Lambda keeps in the session (its
 * conversation memory, the confirmation it asked for, writes it could not confirm) comes back
 * from the client on the next turn, and a client may send anything: Lex takes the session state
 * of a RecognizeText or PutSession request as given. So every answer carries `seal`, a MAC over
 * the session id and the Lambda's own attributes; a request whose seal does not match has them
 * all dropped before anything reads them, and the turn goes on as if they had never been set.
 * Attributes the Lambda does not own (a client's own) pass through untouched and unsigned.
 */
const SEAL = SESSION_ATTRIBUTE.seal;
const OWNED: ReadonlySet<string> = new Set(
  Object.values(SESSION_ATTRIBUTE).filter((name) => name !== SEAL),
);

/** Whether `name` is one of the Lambda's own session attributes (signed, never the client's). */
export const isOwnAttribute = (name: string): boolean => OWNED.has(name) || name === SEAL;

/** What the MAC covers: a version, the session and the owned attributes, in a fixed order. */
function sealed(sessionId: string, attributes: Readonly<Record<string, string>>): string {
  const owned = Object.entries(attributes)
    .filter(([name]) => OWNED.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(['vmbot-session/1', sessionId, owned]);
}

/**
 * The attributes of a request as far as the Lambda can trust them: its own only when the seal
 * vouches for them (else none of them), everything else as sent.
 */
export function trustedAttributes(
  attributes: Readonly<Record<string, string>>,
  sessionId: string,
  key: SessionKey,
): Record<string, string> {
  const own = Object.keys(attributes).filter(isOwnAttribute);
  if (own.length === 0) return { ...attributes };
  const seal = Object.prototype.hasOwnProperty.call(attributes, SEAL) ? attributes[SEAL] : '';
  if (seal && key.verify(sealed(sessionId, attributes), seal)) return { ...attributes };
  return mergeAttributes(attributes, Object.fromEntries(own.map((name) => [name, null])));
}

/** The attributes with the seal over the owned ones (none when there are none to vouch for). */
export function sealAttributes(
  attributes: Readonly<Record<string, string>>,
  sessionId: string,
  key: SessionKey,
): Record<string, string> {
  const anyOwned = Object.keys(attributes).some((name) => OWNED.has(name));
  return mergeAttributes(attributes, {
    [SEAL]: anyOwned ? key.sign(sealed(sessionId, attributes)) : null,
  });
}
