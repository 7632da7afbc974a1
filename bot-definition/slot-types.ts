import { SLOT_TYPE } from './names';
import type { SlotTypeDefinition } from './types';

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
const LETTER_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

function value(sample: string, synonyms: string[]) {
  return { sampleValue: { value: sample }, synonyms: synonyms.map((s) => ({ value: s })) };
}

/**
 * VM names. ORIGINAL_VALUE ("expand values"): CreateVm makes new VMs at run time, so this list
 * can never name them all. Lex must pass on what the user said (a name it has never seen, or
 * "VM 3") rather than drop it; the Lambda normalises ("VM 3", "vm3" -> vm-3) and suggests close
 * matches for names that do not exist. The sample values only teach Lex what a name looks like.
 */
export const vmNameType: SlotTypeDefinition = {
  name: SLOT_TYPE.VmName,
  description: 'A virtual machine, vm-1 to vm-8 at seed time; more are created at run time.',
  valueSelectionSetting: { resolutionStrategy: 'ORIGINAL_VALUE' },
  slotTypeValues: NUMBER_WORDS.map((word, i) => {
    const n = i + 1;
    return value(`vm-${n}`, [
      `vm ${n}`,
      `vm${n}`,
      `vm ${word}`,
      `virtual machine ${n}`,
      `virtual machine ${word}`,
      `instance ${n}`,
      `machine ${n}`,
      `guest ${n}`,
    ]);
  }),
};

/**
 * Host names. ORIGINAL_VALUE for the same reason as VM names, and so that an unknown host
 * reaches the Lambda intact: it answers "there is no host-z; did you mean host-a?" instead of
 * Lex silently leaving the slot empty. No single-letter synonyms: "a" is an article, and would
 * fill the slot from "migrate vm-1 to a host".
 */
export const hostNameType: SlotTypeDefinition = {
  name: SLOT_TYPE.HostName,
  description: 'A hypervisor host, host-a to host-f.',
  valueSelectionSetting: { resolutionStrategy: 'ORIGINAL_VALUE' },
  slotTypeValues: LETTER_WORDS.map((word) => {
    const letter = word.charAt(0);
    return value(`host-${letter}`, [
      `host ${letter}`,
      `host${letter}`,
      `host ${word}`,
      `server ${letter}`,
      `node ${letter}`,
      `hypervisor ${letter}`,
    ]);
  }),
};

/**
 * Appliances. TOP_RESOLUTION ("restrict to slot values"): the catalogue is fixed, and a synonym
 * must arrive as the canonical appliance id ("postgres" -> database), which is the id the Lambda
 * looks up. Anything outside the catalogue leaves the slot empty and Lex asks again.
 */
export const applianceNameType: SlotTypeDefinition = {
  name: SLOT_TYPE.ApplianceName,
  description: 'A VM appliance from the fixed catalogue.',
  valueSelectionSetting: { resolutionStrategy: 'TOP_RESOLUTION' },
  slotTypeValues: [
    value('web-server', [
      'web server',
      'webserver',
      'nginx',
      'apache',
      'web',
      'httpd',
      'http server',
      'website',
      'web frontend',
    ]),
    value('database', [
      'db',
      'postgres',
      'postgresql',
      'mysql',
      'database server',
      'db server',
      'mariadb',
      'sql database',
      'mongodb',
      'mongo',
    ]),
    value('cache', [
      'redis',
      'memcached',
      'memcache',
      'cache server',
      'caching server',
      'valkey',
      'key value store',
    ]),
    value('game-server', [
      'game server',
      'quake',
      'quake server',
      'gaming server',
      'minecraft',
      'minecraft server',
      'game',
    ]),
    value('memory-muncher', [
      'muncher',
      'memory hog',
      'stress',
      'memory muncher',
      'ram hog',
      'memory eater',
      'memory stress',
      'stress test',
    ]),
  ],
};

/**
 * The auto-converge option of a migration (qemu throttles the guest's CPU so that pre-copy can
 * catch up). TOP_RESOLUTION: one fixed value, and every way of saying it must resolve to it.
 */
export const autoConvergeType: SlotTypeDefinition = {
  name: SLOT_TYPE.AutoConverge,
  description: 'Ask for auto-converge (CPU throttling) during a live migration.',
  valueSelectionSetting: { resolutionStrategy: 'TOP_RESOLUTION' },
  slotTypeValues: [
    value('auto-converge', [
      'auto converge',
      'autoconverge',
      'auto convergence',
      'throttling',
      'cpu throttling',
      'throttle',
      'cpu throttle',
      'guest throttling',
    ]),
  ],
};

export const slotTypes: SlotTypeDefinition[] = [
  vmNameType,
  hostNameType,
  applianceNameType,
  autoConvergeType,
];
