import { confirmation, lambdaTask, priorities, slot, utterances } from '../builders';
import { defineIntent } from '../intent';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';

/**
 * DeleteVm: decommission a VM, which frees its memory and vCPUs on its host. A change, so asked
 * to confirm (naming the VM and what it frees; there is no undo), refused while the VM
 * migrates; its migration history stays.
 */
export const deleteVm = defineIntent('DeleteVm', {
  kind: 'change',
  task: {
    entities: { VmName: 'vm' },
    doing: 'deleting {VmName|a VM}',
    dropped: 'OK, {VmName|the VM} stays.',
    example: '"delete vm-9"',
    help: 'delete a VM',
    verbs: [
      'delete',
      'decommission',
      'remove',
      'destroy',
      'get rid of',
      'tear down',
      'retire',
      'terminate',
      'scrap',
      'trash',
      'kill off',
      'dispose of',
    ],
  },
  definition: {
    name: 'DeleteVm',
    description: 'Delete a VM, freeing its memory and vCPUs on its host.',
    sampleUtterances: utterances(
      'delete {VmName}',
      'decommission {VmName}',
      'remove {VmName}',
      'destroy {VmName}',
      'get rid of {VmName}',
      'tear down {VmName}',
      'retire {VmName}',
      'terminate {VmName}',
      'please delete {VmName}',
      'I want to delete {VmName}',
      'we no longer need {VmName}, delete it',
      'remove {VmName} from the fleet',
      'decommission the VM {VmName}',
      'delete a VM',
      'I need to get rid of a VM',
      'can you remove a virtual machine',
      'scrap {VmName}',
      'throw away {VmName}',
      'kill off {VmName} for good',
      'free up the room {VmName} takes',
    ),
    slots: [
      slot(
        SLOT.VmName,
        SLOT_TYPE.VmName,
        'Required',
        prompt(
          2,
          message(
            'Which VM should I delete?',
            'Which VM do you want to decommission? For example vm-9.',
            'Please name the VM to delete, like vm-9.',
          ),
        ),
        'The VM to delete.',
      ),
    ],
    slotPriorities: priorities(SLOT.VmName),
    ...lambdaTask(),
    // The Lambda sends its own confirmation, naming what is freed; this is the fallback.
    intentConfirmationSetting: confirmation(
      prompt(
        2,
        message(
          'Delete {VmName}? There is no undo.',
          'Shall I delete {VmName} for good? Yes or no.',
          'Please answer yes or no: delete {VmName}?',
        ),
      ),
    ),
  },
});
