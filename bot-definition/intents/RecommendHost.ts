import { priorities, slot, startIntent, lambdaTask, utterances } from '../builders';
import { INTENT, SESSION_ATTRIBUTE, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';

export const recommendHost: IntentDefinition = {
  name: INTENT.RecommendHost,
  description: 'Recommend the best destination host for a VM, then offer to migrate it there.',
  sampleUtterances: utterances(
    'where should {VmName} go',
    'recommend a host for {VmName}',
    'which host is best for {VmName}',
    'suggest a destination for {VmName}',
    'find a new home for {VmName}',
    'pick a host for {VmName}',
    'what is the best place for {VmName}',
    'where would {VmName} fit',
    'recommend a host',
    'help me choose a host for a VM',
  ),
  slots: [
    slot(
      SLOT.VmName,
      SLOT_TYPE.VmName,
      'Required',
      prompt(
        2,
        message(
          QUESTION.RecommendHost.VmName,
          'Which VM should I find a host for? For example vm-4.',
          'Please name the VM to place, like vm-2 or vm-6.',
        ),
      ),
      'The VM to place.',
    ),
  ],
  slotPriorities: priorities(SLOT.VmName),
  ...lambdaTask(),
  intentClosingSetting: {
    isActive: true,
    // Chain 2: MigrateVm with the recommendation filled in from the session attributes that the
    // fulfillment sets; its dialog hook validates and asks for confirmation with the estimate.
    nextStep: startIntent(INTENT.MigrateVm, {
      [SLOT.VmName]: `[${SESSION_ATTRIBUTE.recommendedVm}]`,
      [SLOT.TargetHost]: `[${SESSION_ATTRIBUTE.recommendedHost}]`,
    }),
  },
};
