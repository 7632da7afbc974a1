/**
 * References in Lex texts: `{Slot}` (a slot's interpreted value), `[attribute]` (a session
 * attribute) and `((attribute))` (a request attribute). Used in messages and in the set-value
 * syntax of next steps (slot value overrides, session attributes).
 */
export interface ReferenceValues {
  slot(name: string): string | undefined;
  sessionAttribute(name: string): string | undefined;
  requestAttribute(name: string): string | undefined;
  /** A `$.` JSON path into the turn's Lambda event (`inputTranscript`, `transcriptions[0]...`). */
  path?(path: string): string | undefined;
}

const REFERENCE = /\(\(\s*([^()]+?)\s*\)\)|\{\s*([A-Za-z0-9_.]+)\s*\}|\[\s*([^\]]+?)\s*\]/g;

function resolve(match: RegExpExecArray, values: ReferenceValues): string | undefined {
  const [, request, slot, session] = match;
  if (request !== undefined) return values.requestAttribute(request);
  // {Intent.Slot} names a slot of an intent: the runtime reads it from the current intent.
  if (slot !== undefined) return values.slot(slot.split('.').pop() ?? slot);
  return values.sessionAttribute(session ?? '');
}

/**
 * Fills the references of a message. A reference to something unset stays as written, so that
 * a missing value is visible rather than silently blank.
 */
export function fillMessage(text: string, values: ReferenceValues): string {
  return text.replace(REFERENCE, (...args) => {
    const match = args.slice(0, 4) as unknown as RegExpExecArray;
    return resolve(match, values) ?? match[0];
  });
}

const JSON_PATH = /^\s*\$\.([A-Za-z0-9_.[\]]+)\s*$/;

/**
 * Evaluates a set-value expression (`{VmName}`, `[recommendedHost]`, `$.transcriptions[0]...`,
 * `vm-{N}` or a literal). Undefined when a reference is unset: the slot or attribute is then
 * cleared, not set to text.
 */
export function evaluateValue(text: string, values: ReferenceValues): string | undefined {
  const path = JSON_PATH.exec(text)?.[1];
  if (path !== undefined) return values.path?.(path) || undefined;
  let unset = false;
  const result = text.replace(REFERENCE, (...args) => {
    const match = args.slice(0, 4) as unknown as RegExpExecArray;
    const value = resolve(match, values);
    if (value === undefined) unset = true;
    return value ?? '';
  });
  return unset || result.length === 0 ? undefined : result;
}
