import { lambdaTask, priorities, slot, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { endMaintenanceUtterances } from '../utterances/EndMaintenance';

/**
 * The way back from EvacuateHost: a host in maintenance becomes active again, so that placement
 * may use it. No confirmation: it moves nothing and can be undone by evacuating again.
 */
export const endMaintenance = defineIntent('EndMaintenance', {
  kind: 'change',
  task: {
    entities: { HostName: 'host' },
    doing: 'ending maintenance on {HostName|a host}',
    dropped: 'OK, {HostName|the host} stays as it is.',
    example: '"end maintenance on host-a"',
    verbs: [
      'end maintenance',
      'back in service',
      'out of maintenance',
      'bring back',
      'reactivate',
      'finish maintenance',
      'done with maintenance',
      'back online',
      'put back',
      'return to service',
      'maintenance is over',
      'maintenance over',
    ],
    help: 'bring it back',
  },
  definition: {
    name: 'EndMaintenance',
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
            'Which host should come out of maintenance?',
            'Which host is back from maintenance?',
            'Please name the host to bring back into service.',
          ),
        ),
        'The host to make active again.',
      ),
    ],
    slotPriorities: priorities(SLOT.HostName),
    ...lambdaTask(),
  },
});
