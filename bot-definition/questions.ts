import { INTENT, SLOT } from './names';

/**
 * The first question for each slot the bot asks about, shared by the bot definition (the first
 * message of the slot's prompt) and the Lambda (which asks again, repeats and resumes requests
 * in the same words). `{Slot}` is filled with the slot's value, as Lex fills prompts.
 */
export const QUESTION = {
  [INTENT.MigrateVm]: {
    [SLOT.VmName]: 'Which VM should I migrate?',
    [SLOT.TargetHost]: 'Which host should {VmName} go to?',
  },
  [INTENT.MigrationReport]: { [SLOT.VmName]: 'Which VM do you want the report for?' },
  [INTENT.WhereIsVm]: { [SLOT.VmName]: 'Which VM are you looking for?' },
  [INTENT.ListHosts]: { [SLOT.HostName]: 'Which host?' },
  [INTENT.RecommendHost]: { [SLOT.VmName]: 'Which VM needs a new host?' },
  [INTENT.CreateVm]: {
    [SLOT.ApplianceName]:
      'Which appliance should the VM run: web-server, database, cache, game-server or memory-muncher?',
    [SLOT.VmName]: 'What should the new VM be called?',
    [SLOT.TargetHost]: 'Which host should it run on?',
    [SLOT.MemoryGiB]: 'How much memory, in GiB?',
  },
  [INTENT.EvacuateHost]: { [SLOT.HostName]: 'Which host should I evacuate?' },
  [INTENT.EndMaintenance]: { [SLOT.HostName]: 'Which host should come out of maintenance?' },
} as const satisfies Partial<Record<string, Partial<Record<string, string>>>>;
