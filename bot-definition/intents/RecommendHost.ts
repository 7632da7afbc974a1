import { priorities, slot, startIntent, lambdaTask, utterances } from '../builders';
import { INTENT, SESSION_ATTRIBUTE, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { recommendHostUtterances } from '../utterances/RecommendHost';

export const recommendHost: IntentDefinition = {
  name: INTENT.RecommendHost,
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
