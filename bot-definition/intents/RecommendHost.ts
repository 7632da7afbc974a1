import { priorities, slot, lambdaTask, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { recommendHostUtterances } from '../utterances/RecommendHost';

/**
 * Chain 2 is the Lambda's: the recommendation is answered with MigrateVm's confirmation for that
 * host ("... Live-migrate vm-2 to host-b? ..."), so that a yes migrates it there.
 */
export const recommendHost = defineIntent('RecommendHost', {
  kind: 'question',
  task: {
    entities: { VmName: 'vm' },
    doing: 'finding a host for {VmName|a VM}',
    dropped: 'OK, no recommendation then.',
    example: '"where should vm-2 go?"',
    verbs: [
      'recommend',
      'suggest',
      'best host',
      'where should',
      'where could',
      'where would',
      'which host should',
      'best place',
      'good home',
    ],
    help: 'recommend a host',
  },
  definition: {
    name: 'RecommendHost',
    description: 'Recommend the best destination host for a VM, then offer to migrate it there.',
    sampleUtterances: utterances(...recommendHostUtterances),
    slots: [
      slot(
        SLOT.VmName,
        SLOT_TYPE.VmName,
        'Required',
        prompt(
          2,
          message(
            'Which VM needs a new host?',
            'Which VM should I find a host for? For example vm-4.',
            'Please name the VM to place, like vm-2 or vm-6.',
          ),
        ),
        'The VM to place.',
      ),
    ],
    slotPriorities: priorities(SLOT.VmName),
    ...lambdaTask(),
  },
});
