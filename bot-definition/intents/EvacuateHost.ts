import { confirmation, lambdaTask, priorities, slot, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { evacuateHostUtterances } from '../utterances/EvacuateHost';

export const evacuateHost = defineIntent('EvacuateHost', {
  kind: 'change',
  task: {
    entities: { HostName: 'host' },
    doing: 'evacuating {HostName|a host}',
    dropped: 'OK, {HostName|the host} stays as it is.',
    example: '"evacuate host-f"',
    verbs: [
      'evacuate',
      'drain',
      'empty',
      'clear out',
      'clear off',
      'maintenance',
      'vacate',
      'move everything off',
      'move all',
    ],
    help: 'evacuate a host for maintenance',
  },
  definition: {
    name: 'EvacuateHost',
    description: 'Live-migrate every VM off a host and put it in maintenance.',
    sampleUtterances: utterances(...evacuateHostUtterances),
    slots: [
      slot(
        SLOT.HostName,
        SLOT_TYPE.HostName,
        'Required',
        prompt(
          2,
          message(
            'Which host should I evacuate?',
            'Which host goes into maintenance? For example host-c.',
            'Please name the host to drain, like host-a or host-f.',
          ),
        ),
        'The host to empty and put in maintenance.',
      ),
    ],
    slotPriorities: priorities(SLOT.HostName),
    ...lambdaTask(),
    // The Lambda normally sends the per-VM plan as its confirmation; this is the fallback.
    intentConfirmationSetting: confirmation(
      prompt(
        2,
        message(
          'Evacuate {HostName} and put it in maintenance?',
          'Shall I evacuate {HostName} and put it in maintenance? Yes or no.',
          'Please answer yes or no: evacuate {HostName}?',
        ),
      ),
    ),
  },
});
