import { lambdaTask, priorities, slot, utterances } from '../builders';
import { INTENT, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { endMaintenanceUtterances } from '../utterances/EndMaintenance';

/**
 * The way back from EvacuateHost: a host in maintenance becomes active again, so that placement
 * may use it. No confirmation: it moves nothing and can be undone by evacuating again.
 */
export const endMaintenance: IntentDefinition = {
  name: INTENT.EndMaintenance,
  description: 'Bring a host back from maintenance into service.',
  sampleUtterances: utterances(...endMaintenanceUtterances),
  slots: [
    slot(
      SLOT.HostName,
      SLOT_TYPE.HostName,
      'Required',
      prompt(
        2,
        message(
          QUESTION.EndMaintenance.HostName,
          'Which host is back from maintenance?',
          'Please name the host to bring back into service.',
        ),
      ),
      'The host to make active again.',
    ),
  ],
  slotPriorities: priorities(SLOT.HostName),
  ...lambdaTask(),
};
