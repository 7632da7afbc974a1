import { applianceNameType } from '../../../bot-definition/slot-types';
import { normaliseHostName, normaliseVmName } from '../recognise';
import { plainWords } from './phrases';

/**
 * The names a free-text input mentions, found by the Lambda itself: corrections ("actually
 * host-d", "no, I meant vm-1", "make it 2 GiB", "no, make it a game server") often reach it as
 * the bare transcript, in an intent Lex did not fill, or in a slot Lex filled with the whole
 * sentence. Only well-formed names are found (vm-<n>, host-<letter>, sizes, the appliance
 * catalogue's names and synonyms); the intents still check each against the fleet.
 */
export interface Mentions {
  readonly vms: readonly string[];
  readonly hosts: readonly string[];
  readonly appliances: readonly string[];
  /** A memory size in GiB, as a number string ("2", "0.5"). */
  readonly memoryGiB?: string;
  readonly autoConverge: boolean;
}

const NUMBER =
  '\\d{1,6}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
const NATO = 'alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett|kilo|lima';
const VM = new RegExp(`\\b(?:vm|virtual machine|machine|guest)\\s?(${NUMBER})\\b`, 'g');
const VM_GLUED = /\bvm(\d{1,6})\b/g;
const HOST = new RegExp(`\\b(?:host|hypervisor|node|server)\\s([a-z]|${NATO})\\b`, 'g');
// "hosta", but not "hosts".
const HOST_GLUED = /\bhost([a-rt-z])\b/g;
const SIZE = new RegExp(
  `\\b(${NUMBER}|\\d+ \\d+|half a)\\s?(?:gib|gb|gig|gigs|gigabyte|gigabytes|g)\\b`,
);
const NEGATED = /\b(?:not|instead of|rather than)\s*$/;

const WORD_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  NUMBER.split('|')
    .slice(1)
    .map((w, i) => [w, i]),
);

/**
 * Appliance names and synonyms from the bot definition's slot type, longest first. Built on
 * the first search, not when the Lambda loads: an event with no name to resolve never needs it.
 */
let applianceForms: readonly (readonly [string, string])[] | undefined;
const appliancesByForm = () =>
  (applianceForms ??= (applianceNameType.slotTypeValues ?? [])
    .flatMap((v) =>
      [v.sampleValue.value, ...(v.synonyms ?? []).map((s) => s.value)].map(
        (form) => [plainWords(form).join(' '), v.sampleValue.value] as const,
      ),
    )
    .sort((a, b) => b[0].length - a[0].length));

/** Matches of `pattern` in `text`, skipping those right after "not" ("vm-1 not vm-4"). */
function found(text: string, pattern: RegExp, id: (m: RegExpExecArray) => string | undefined) {
  const ids: string[] = [];
  for (const m of text.matchAll(pattern)) {
    if (NEGATED.test(text.slice(0, m.index))) continue;
    const value = id(m);
    if (value && !ids.includes(value)) ids.push(value);
  }
  return ids;
}

export function mentions(input: string): Mentions {
  const text = plainWords(input).join(' ');
  const vms = [
    ...found(text, VM, (m) => normaliseVmName(`vm ${m[1]}`)),
    ...found(text, VM_GLUED, (m) => normaliseVmName(`vm ${m[1]}`)),
  ];
  const hosts = [
    ...found(text, HOST, (m) => normaliseHostName(`host ${m[1]}`)),
    ...found(text, HOST_GLUED, (m) => normaliseHostName(`host ${m[1]}`)),
  ];
  const appliances: string[] = [];
  let rest = ` ${text} `;
  for (const [form, id] of appliancesByForm()) {
    const at = rest.indexOf(` ${form} `);
    if (at < 0 || NEGATED.test(rest.slice(0, at))) continue;
    if (!appliances.includes(id)) appliances.push(id);
    rest = rest.replace(` ${form} `, ' ');
  }
  const size = SIZE.exec(text)?.[1];
  let memoryGiB: string | undefined;
  if (size === 'half a') memoryGiB = '0.5';
  else if (size !== undefined) {
    const n = /^\d/.test(size) ? Number(size.replace(' ', '.')) : WORD_NUMBERS[size];
    if (n !== undefined && Number.isFinite(n)) memoryGiB = String(n);
  }
  return {
    vms: [...new Set(vms)],
    hosts: [...new Set(hosts)],
    appliances,
    ...(memoryGiB === undefined ? {} : { memoryGiB }),
    autoConverge: /\bauto ?converge|\bthrottl/.test(text),
  };
}
