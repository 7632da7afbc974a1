import { confirmation, lambdaTask, priorities, slot, startIntent, utterances } from '../builders';
import { INTENT, SESSION_ATTRIBUTE, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
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
          QUESTION.MigrateVm.VmName,
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
        // No example host: the one named could be where the VM already is, or full. The
        // Lambda asks with the hosts that would really take it.
        message(
          QUESTION.MigrateVm.TargetHost,
          "Where should I move {VmName}? Name a host, or say 'anywhere' and I'll pick one.",
          "Please name the destination host for {VmName}, or say 'you pick'.",
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
  ...lambdaTask(),
  // The Lambda normally sends its own confirmation with the estimate; this is the fallback.
  intentConfirmationSetting: confirmation(
    prompt(
      2,
      message(
        'Live-migrate {VmName} to {TargetHost}?',
        'Shall I live-migrate {VmName} to {TargetHost}? Yes or no.',
        'Please answer yes or no: live-migrate {VmName} to {TargetHost}?',
      ),
    ),
  ),
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
    // Chain 1: offer the round-by-round report of the VM that just moved (the fulfillment
    // names it in a session attribute: Lex fills a slot of the next intent from one).
    nextStep: startIntent(INTENT.MigrationReport, {
      [SLOT.VmName]: `[${SESSION_ATTRIBUTE.offerReportFor}]`,
    }),
  },
};
