import { priorities, slot, lambdaTask, utterances } from '../builders';
import { INTENT, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { listHostsUtterances } from '../utterances/ListHosts';

export const listHosts: IntentDefinition = {
  name: INTENT.ListHosts,
  description: 'Show the fleet, or one host: capacity, load and the VMs on it.',
  sampleUtterances: utterances(...listHostsUtterances),
  slots: [
    slot(
      SLOT.HostName,
      SLOT_TYPE.HostName,
      'Optional',
      prompt(
        2,
        message(
          QUESTION.ListHosts.HostName,
          'Which host do you want to see? For example host-c.',
          'Please name a host, like host-a or host-f.',
        ),
      ),
      'One host to show; without it, the whole fleet.',
    ),
  ],
  slotPriorities: priorities(SLOT.HostName),
  ...lambdaTask(),
};
