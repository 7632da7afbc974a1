/**
 * What people type for names, turned into the fleet's ids: "VM 3", "vm3", "virtual machine
 * three" → vm-3; "host B", "b", "Host-B", "bravo" → host-b. The slot types use OriginalValue
 * resolution (VMs are created at run time, so no slot type can list them), which makes this the
 * one place where names are normalised. Anything that does not look like a name at all is
 * refused here, before the store is asked.
 */

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const NATO = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliett',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
  'uniform',
  'victor',
  'whiskey',
  'xray',
  'yankee',
  'zulu',
];

/** Longest name we accept: anything longer is not a name someone typed. */
const MAX_NAME = 40;
/** Letters and digits in groups joined by single dashes: vm-3, web-2, db-eu-1. */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HOST_WORDS = /^(host|server|node|hypervisor)$/;

function tidy(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > 200) return undefined;
  const s = raw
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/^(the|a|an)\s+/, '')
    .replace(/[\s_.]+/g, ' ')
    .replace(/[?!,;:'"]+$/g, '')
    .trim();
  return s.length > 0 && s.length <= MAX_NAME + 20 ? s : undefined;
}

function numberOf(token: string): number | undefined {
  if (/^\d{1,6}$/.test(token)) return Number(token);
  const i = NUMBER_WORDS.indexOf(token);
  return i >= 0 ? i : undefined;
}

/** A VM id, or undefined when the text cannot be a VM name. */
export function normaliseVmName(raw: string): string | undefined {
  const s = tidy(raw);
  if (!s) return undefined;
  const numbered =
    /^(?:vm|v m|virtual machine|machine|instance|guest)?\s*-?\s*(\d{1,6}|[a-z]+)$/.exec(s);
  if (numbered) {
    const n = numberOf(numbered[1]!);
    const prefixed = /^(vm|v m|virtual machine|machine|instance|guest)/.test(s);
    if (n !== undefined && (prefixed || /^\d+$/.test(s))) return `vm-${n}`;
  }
  const id = s.replace(/\s*-\s*|\s+/g, '-');
  return id.length <= MAX_NAME && NAME.test(id) ? id : undefined;
}

/** A host id, or undefined when the text cannot be a host name. */
export function normaliseHostName(raw: string): string | undefined {
  const s = tidy(raw);
  // "host" alone names no host (it would read as host-host).
  if (!s || HOST_WORDS.test(s)) return undefined;
  const m = /^(?:host|server|node|hypervisor)?\s*-?\s*([a-z]+|\d{1,4})$/.exec(s);
  if (m) {
    const token = m[1]!;
    const prefixed = /^(host|server|node|hypervisor)/.test(s);
    if (/^[a-z]$/.test(token)) return `host-${token}`;
    const nato = NATO.indexOf(token);
    if (nato >= 0) return `host-${String.fromCharCode(97 + nato)}`;
    if (prefixed && /^\d+$/.test(token)) return `host-${token}`;
    if (prefixed) return `host-${token}`;
  }
  const id = s.replace(/\s*-\s*|\s+/g, '-');
  return id.length <= MAX_NAME && NAME.test(id) ? id : undefined;
}

/** An appliance id from what was said ("Web Server" → web-server). */
export function normaliseApplianceName(raw: string): string | undefined {
  const s = tidy(raw);
  if (!s) return undefined;
  const id = s.replace(/\s*-\s*|\s+/g, '-');
  return id.length <= MAX_NAME && NAME.test(id) ? id : undefined;
}

/**
 * The candidates closest to `input` by edit distance (at most `max`). When more than `max` are
 * equally close, none stands out and the answer is empty: better to list them all.
 */
export function closeMatches(input: string, candidates: readonly string[], max = 3): string[] {
  const scored = candidates
    .map((c) => ({ c, d: distance(input, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c, undefined, { numeric: true }));
  // Only the closest tier: "vm-12" suggests vm-1 and vm-2, not also vm-3 two edits away.
  const closest = scored.filter((s) => s.d === scored[0]?.d);
  return closest.length > max ? [] : closest.map(({ c }) => c);
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
