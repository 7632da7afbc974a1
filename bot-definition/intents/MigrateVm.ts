import { priorities, slot, startIntent, utterances } from '../builders';
import { INTENT, SLOT, SLOT_TYPE } from '../names';
import { message, prompt, response } from '../prompts';
import type { IntentDefinition } from '../types';
import { migrateVmUtterances } from '../utterances/MigrateVm';

export const migrateVm: IntentDefinition = {
  name: INTENT.MigrateVm,
  description: 'Live-migrate a VM to another host (pre-copy), optionally with auto-converge.',
  sampleUtterances: utterances(...migrateVmUtterances),
  slots: [
    slot(
      SLOT.VmName,
      SLOT_TYPE.VmName,
      'Required',
      prompt(
        2,
        message(
          'Which VM should I migrate?',
          'Which VM do you want to move? For example vm-3.',
          'Please name the VM to migrate, like vm-1 or vm-7.',
        ),
      ),
      'The VM to migrate.',
    ),
    slot(
      SLOT.TargetHost,
      SLOT_TYPE.HostName,
      'Required',
      prompt(
        2,
        message(
          'Which host should {VmName} go to?',
          'Where should I move {VmName}? For example host-b.',
          'Please name the destination host for {VmName}, like host-a or host-d.',
        ),
      ),
      'The destination host.',
    ),
    slot(
      SLOT.AutoConverge,
      SLOT_TYPE.AutoConverge,
      'Optional',
      prompt(
        2,
        message(
          'Should I use auto-converge?',
          'Do you want auto-converge (CPU throttling) for this migration?',
          'Say "auto-converge" to throttle the guest so the copy can catch up.',
        ),
      ),
      'Throttle the guest CPU so that pre-copy converges.',
    ),
  ],
  slotPriorities: priorities(SLOT.VmName, SLOT.TargetHost, SLOT.AutoConverge),
  dialogCodeHook: { enabled: true },
  intentConfirmationSetting: {
    isActive: true,
    // The Lambda normally sends its own confirmation with the estimate; this is the fallback.
    promptSpecification: prompt(
      2,
      message(
        'Live-migrate {VmName} to {TargetHost}?',
        'Shall I live-migrate {VmName} to {TargetHost}? Yes or no.',
        'Please answer yes or no: live-migrate {VmName} to {TargetHost}?',
      ),
    ),
    declinationResponse: response(message("OK, I won't migrate {VmName}. It stays where it is.")),
  },
  fulfillmentCodeHook: {
    enabled: true,
    postFulfillmentStatusSpecification: {
      // No success or failure message: the Lambda's messages are the answer. After a failure,
      // wait for the next request so that the user can retry ("with auto-converge").
      failureNextStep: { dialogAction: { type: 'ElicitIntent' } },
    },
  },
  intentClosingSetting: {
    isActive: true,
    // Chain 1: offer the round-by-round report of the VM that just moved.
    nextStep: startIntent(INTENT.MigrationReport, { [SLOT.VmName]: '{VmName}' }),
  },
};
