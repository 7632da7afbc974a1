import { confirmation, lambdaTask, priorities, slot, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { migrateVmUtterances } from '../utterances/MigrateVm';

/**
 * Chain 1 is the Lambda's: after a migration starts, its fulfillment answers with MigrationReport's
 * Follow slot to elicit ("Do you want to follow vm-3's migration?"), a switch of intent the Lambda
 * response format documents (see src/runtime/README.md, "Chains").
 */
export const migrateVm = defineIntent('MigrateVm', {
  kind: 'change',
  task: {
    entities: { VmName: 'vm', TargetHost: 'host', AutoConverge: 'auto-converge' },
    doing: 'moving {VmName|a VM}',
    dropped: "OK, I won't migrate {VmName|anything}.",
    example: '"migrate vm-3 to host-b"',
    verbs: [
      'migrate',
      'move',
      'shift',
      'relocate',
      'transfer',
      'send',
      'put',
      'push',
      'vmotion',
      'live migrate',
      'take',
      'bring',
    ],
    help: 'migrate a VM (with auto-converge if it writes memory fast)',
  },
  definition: {
    name: 'MigrateVm',
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
          // No example host: the one named could be where the VM already is, or full. The
          // Lambda asks with the hosts that would really take it.
          message(
            'Which host should {VmName} go to?',
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
  },
});
