import { applianceNameType } from '../../../bot-definition/slot-types';
import type { Entity } from '../../../bot-definition';
import { normaliseHostName, normaliseVmName } from '../recognise';
import { plainWords } from './phrases';

/**
 * The names a free-text input mentions, found by the Lambda itself: answers, corrections and new
 * requests often reach it as the bare transcript, in an intent Lex did not fill, or in a slot Lex
 * filled with the whole sentence. Only well-formed names are found (vm-<n>, host-<letter>, sizes
 * with their units, the appliance catalogue's names and synonyms, "called db-9"); the intents
 * still check each against the fleet.
 */
export interface Mentions {
  readonly vms: readonly string[];
  readonly hosts: readonly string[];
  /** Appliances named: a VM described by what it runs ("the nginx vm"), or one to create. */
  readonly appliances: readonly string[];
  /** A memory size in GiB, as a number string ("2", "0.5"), converted from the unit said. */
  readonly memoryGiB?: string;
  /** A name for a new VM ("called db-9", "name it web-2"). */
  readonly newName?: string;
  readonly autoConverge: boolean;
  /** "the first", "the second one", "the last": a choice among what the bot listed. */
  readonly ordinal?: number | 'last';
}

const NUMBER =
  '\\d{1,6}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
const NATO = 'alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett|kilo|lima';
const VM = new RegExp(`\\b(?:vm|virtual machine|machine|guest)\\s?(${NUMBER})\\b`, 'g');
const VM_GLUED = /\bvm(\d{1,6})\b/g;
const HOST = new RegExp(`\\b(?:host|hypervisor|node|server)\\s([a-z]|${NATO})\\b`, 'g');
// "hosta", but not "hosts".
const HOST_GLUED = /\bhost([a-rt-z])\b/g;
/** A number and its unit; "16gb" arrives as "16gb" (one word) or "16 gb". */
const SIZE = new RegExp(
  `\\b(${NUMBER}|\\d+ \\d+|half a)\\s?(tib|tb|terabytes?|gib|gb|gigs?|gigabytes?|g|mib|mb|megs?|megabytes?|m)\\b`,
);
const NEGATED = /\b(?:not|instead of|rather than)\s*$/;
const NEW_NAME = /\b(?:called|named|name it|call it|name)\s+([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\b/;
const ORDINALS: Readonly<Record<string, number | 'last'>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: 'last',
};
const ORDINAL =
  /\b(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)(?: one| option| host| vm)?\b/;

const WORD_NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  NUMBER.split('|')
    .slice(1)
    .map((w, i) => [w, i]),
);
const TO_GIB: Readonly<Record<string, number>> = {
  t: 1024,
  g: 1,
  m: 1 / 1024,
};

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

function sizeOf(text: string): string | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const [, amount = '', unit = ''] = m;
  const n =
    amount === 'half a'
      ? 0.5
      : /^\d/.test(amount)
        ? Number(amount.replace(' ', '.'))
        : WORD_NUMBERS[amount];
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const gib = n * (TO_GIB[unit[0]!] ?? 1);
  // Two decimals at most: 512 MB is 0.5 GiB, 100 MB is 0.1 GiB (the intents judge the size).
  return String(Math.round(gib * 100) / 100);
}

export function mentions(input: string): Mentions {
  // Glued units apart ("16gb" → "16 gb"), as the NLU reads them.
  const text = plainWords(input)
    .join(' ')
    .replace(/\b(\d+)(tib|tb|gib|gb|gigs?|g|mib|mb|megs?|m)\b/g, '$1 $2');
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
  const named = NEW_NAME.exec(input.toLowerCase().replace(/[^a-z0-9-]+/g, ' '))?.[1];
  const ordinal = ORDINAL.exec(text)?.[1];
  const memoryGiB = sizeOf(text);
  return {
    vms: [...new Set(vms)],
    hosts: [...new Set(hosts)],
    appliances,
    ...(memoryGiB === undefined ? {} : { memoryGiB }),
    ...(named ? { newName: named } : {}),
    autoConverge: /\bauto ?converge|\bthrottl/.test(text),
    ...(ordinal ? { ordinal: ORDINALS[ordinal]! } : {}),
  };
}

/** The values an input holds for an entity, as the intents take them. */
export function valuesOf(m: Mentions, entity: Entity): readonly string[] {
  switch (entity) {
    case 'vm':
      return m.vms;
    case 'new-vm':
      return m.newName ? [m.newName] : [];
    case 'host':
      return m.hosts;
    case 'appliance':
      return m.appliances;
    case 'size':
      return m.memoryGiB === undefined ? [] : [m.memoryGiB];
    case 'auto-converge':
      return m.autoConverge ? ['auto-converge'] : [];
    case 'yes-no':
      return [];
  }
}

/** The plain words of a value, to tell what else an input says ("hmm, host d maybe"). */
export function valueWords(input: string, entity: Entity): string[] {
  const words = plainWords(input);
  const value = new Set<string>();
  const text = words.join(' ');
  const patterns: Partial<Record<Entity, RegExp>> = {
    vm: /\b(vm|virtual|machine|guest|vm\d+|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/g,
    host: new RegExp(`\\b(host|hypervisor|node|server|host[a-z]|[a-z]|${NATO})\\b`, 'g'),
    size: new RegExp(
      `\\b(${NUMBER}|half|a|tib|tb|terabytes?|gib|gb|gigs?|gigabytes?|g|mib|mb|megs?|megabytes?|m|of|memory|ram)\\b`,
      'g',
    ),
    'auto-converge': /\b(auto|converge|autoconverge|with|throttle|throttling|cpu)\b/g,
  };
  const pattern = patterns[entity];
  if (pattern) for (const m of text.matchAll(pattern)) value.add(m[1]!);
  if (entity === 'vm' || entity === 'appliance') {
    for (const [form] of appliancesByForm())
      if (` ${text} `.includes(` ${form} `)) for (const w of form.split(' ')) value.add(w);
    for (const w of ['vm', 'box', 'instance', 'one', 'machine', 'the', 'server']) value.add(w);
  }
  return words.filter((w) => value.has(w));
}
