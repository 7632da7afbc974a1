/**
 * Small helpers to write problems as short sentences that name the field: paths in the
 * JavaScript accessor style (`sessionState.intent.slots.VmName.value`, `messages[2]`,
 * `sessionAttributes["odd key"]`) and values described without dumping them whole.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_SHOWN = 40;

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(shorten(String(key)))}]`;
  }
  return text;
}

/** What a value is, for "…, got X" endings: `"Zed"`, `3`, `null`, `an object`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(shorten(value));
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `a bigint`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function shorten(text: string): string {
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN)}…`;
}
