import { priorities, slot, lambdaTask, utterances } from '../builders';
import { INTENT, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { whereIsVmUtterances } from '../utterances/WhereIsVm';

export const whereIsVm: IntentDefinition = {
  name: INTENT.WhereIsVm,
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
          QUESTION.WhereIsVm.VmName,
          'Which VM should I locate? For example vm-5.',
          'Please name the VM to find, like vm-1 or vm-8.',
        ),
      ),
      'The VM to locate.',
    ),
  ],
  slotPriorities: priorities(SLOT.VmName),
  ...lambdaTask(),
};
