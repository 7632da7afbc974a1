import { INTENT, SLOT, type IntentName } from '../../../bot-definition/names';
import { QUESTION } from '../../../bot-definition/questions';

/**
 * The requests a conversation can hold open, in words: what the bot is doing for the user
 * ("moving vm-3"), what it says when the request is dropped ("OK, I won't migrate vm-3."), the
 * slots it cannot do without (in the order it asks for them) and an example to start again.
 */
type Slots = Readonly<Record<string, string>>;

export interface Task {
  /** Every slot of the intent (a request resumed or restarted says which are empty). */
  readonly slots: readonly string[];
  readonly required: readonly string[];
  /** Whether the VmName slot names an existing VM ("it", "the web server" may stand for one). */
  readonly refersToVm: boolean;
  doing(slots: Slots): string;
  dropped(slots: Slots): string;
  readonly example: string;
}

const vm = (s: Slots, otherwise: string) => s[SLOT.VmName] ?? otherwise;
const host = (s: Slots, otherwise: string) => s[SLOT.HostName] ?? otherwise;

export const TASKS: Partial<Record<IntentName, Task>> = {
  [INTENT.MigrateVm]: {
    slots: [SLOT.VmName, SLOT.TargetHost, SLOT.AutoConverge],
    required: [SLOT.VmName, SLOT.TargetHost],
    refersToVm: true,
    doing: (s) => `moving ${vm(s, 'a VM')}`,
    dropped: (s) => `OK, I won't migrate ${vm(s, 'anything')}.`,
    example: '"migrate vm-3 to host-b"',
  },
  [INTENT.MigrationReport]: {
    slots: [SLOT.VmName],
    required: [SLOT.VmName],
    refersToVm: true,
    doing: (s) => `the report on ${vm(s, 'a migration')}`,
    dropped: (s) => `OK. Ask "how is ${vm(s, 'vm-3')} doing?" any time.`,
    example: '"how is vm-3 doing?"',
  },
  [INTENT.WhereIsVm]: {
    slots: [SLOT.VmName],
    required: [SLOT.VmName],
    refersToVm: true,
    doing: (s) => `finding ${vm(s, 'a VM')}`,
    dropped: () => "OK, I'll stop looking.",
    example: '"where is vm-5?"',
  },
  [INTENT.ListHosts]: {
    slots: [SLOT.HostName],
    required: [],
    refersToVm: false,
    doing: (s) => `showing ${host(s, 'the hosts')}`,
    dropped: () => 'OK.',
    example: '"list hosts"',
  },
  [INTENT.RecommendHost]: {
    slots: [SLOT.VmName],
    required: [SLOT.VmName],
    refersToVm: true,
    doing: (s) => `finding a host for ${vm(s, 'a VM')}`,
    dropped: () => 'OK, no recommendation then.',
    example: '"where should vm-2 go?"',
  },
  [INTENT.CreateVm]: {
    slots: [SLOT.ApplianceName, SLOT.VmName, SLOT.TargetHost, SLOT.MemoryGiB],
    required: [SLOT.ApplianceName],
    refersToVm: false,
    doing: (s) => {
      const appliance = s[SLOT.ApplianceName];
      return appliance ? `creating a ${appliance} VM` : 'creating a VM';
    },
    dropped: () => 'OK, nothing created.',
    example: '"create a web server"',
  },
  [INTENT.EvacuateHost]: {
    slots: [SLOT.HostName],
    required: [SLOT.HostName],
    refersToVm: false,
    doing: (s) => `evacuating ${host(s, 'a host')}`,
    dropped: (s) => `OK, ${host(s, 'the host')} stays as it is.`,
    example: '"evacuate host-f"',
  },
  [INTENT.EndMaintenance]: {
    slots: [SLOT.HostName],
    required: [SLOT.HostName],
    refersToVm: false,
    doing: (s) => `ending maintenance on ${host(s, 'a host')}`,
    dropped: (s) => `OK, ${host(s, 'the host')} stays as it is.`,
    example: '"end maintenance on host-a"',
  },
};

/** Requests that change the fleet: starting one drops whatever else was open. */
export const CHANGES: ReadonlySet<string> = new Set([
  INTENT.MigrateVm,
  INTENT.CreateVm,
  INTENT.EvacuateHost,
  INTENT.EndMaintenance,
]);

export function taskOf(intent: string): Task | undefined {
  return Object.prototype.hasOwnProperty.call(TASKS, intent)
    ? TASKS[intent as IntentName]
    : undefined;
}

/** The bot's first question for a slot, with `{Slot}` references filled from the slots. */
export function questionFor(intent: string, slot: string, slots: Slots): string | undefined {
  const byIntent = (QUESTION as Partial<Record<string, Partial<Record<string, string>>>>)[intent];
  const template = byIntent?.[slot];
  return template?.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name] ?? whole);
}
