import { priorities, slot, lambdaTask, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { listHostsUtterances } from '../utterances/ListHosts';

export const listHosts = defineIntent('ListHosts', {
  kind: 'question',
  task: {
    entities: { HostName: 'host' },
    doing: 'showing {HostName|the hosts}',
    dropped: 'OK.',
    example: '"list hosts"',
    verbs: [
      'list',
      'show',
      'hosts',
      'fleet',
      'capacity',
      'how busy',
      'load',
      'free',
      'room',
      'overview',
      'status of host',
      'tell me about',
    ],
    help: 'list the hosts',
  },
  definition: {
    name: 'ListHosts',
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
            'Which host?',
            'Which host do you want to see? For example host-c.',
            'Please name a host, like host-a or host-f.',
          ),
        ),
        'One host to show; without it, the whole fleet.',
      ),
    ],
    slotPriorities: priorities(SLOT.HostName),
    ...lambdaTask(),
  },
});
