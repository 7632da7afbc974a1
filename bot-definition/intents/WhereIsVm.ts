import { priorities, slot, lambdaTask, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { whereIsVmUtterances } from '../utterances/WhereIsVm';

export const whereIsVm = defineIntent('WhereIsVm', {
  kind: 'question',
  task: {
    entities: { VmName: 'vm' },
    doing: 'finding {VmName|a VM}',
    dropped: "OK, I'll stop looking.",
    example: '"where is vm-5?"',
    verbs: [
      'where is',
      'where s',
      'where are',
      'where does',
      'locate',
      'find',
      'which host is',
      'what host',
      'runs on',
      'running on',
      'sitting on',
      'hosted',
    ],
    help: 'find a VM',
  },
  definition: {
    name: 'WhereIsVm',
    description: 'Tell which host a VM runs on.',
    sampleUtterances: utterances(...whereIsVmUtterances),
    slots: [
      slot(
        SLOT.VmName,
        SLOT_TYPE.VmName,
        'Required',
        prompt(
          2,
          message(
            'Which VM are you looking for?',
            'Which VM should I locate? For example vm-5.',
            'Please name the VM to find, like vm-1 or vm-8.',
          ),
        ),
        'The VM to locate.',
      ),
    ],
    slotPriorities: priorities(SLOT.VmName),
    ...lambdaTask(),
  },
});
