import { confirmation, lambdaTask, priorities, slot, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { createVmUtterances } from '../utterances/CreateVm';

export const createVm = defineIntent('CreateVm', {
  kind: 'change',
  task: {
    entities: {
      ApplianceName: 'appliance',
      VmName: 'new-vm',
      TargetHost: 'host',
      MemoryGiB: 'size',
    },
    doing: 'creating a {ApplianceName|} VM',
    dropped: 'OK, nothing created.',
    example: '"create a web server"',
    verbs: [
      'create',
      'spin up',
      'spin',
      'make',
      'new',
      'launch',
      'provision',
      'deploy',
      'build',
      'set up',
      'setup',
      'add a vm',
      'add a new',
      'fire up',
      'stand up',
      'instantiate',
      'bring up',
      'start a new',
      'give me a',
      'i need a',
      'i want a',
    ],
    help: 'create a VM from an appliance',
  },
  definition: {
    name: 'CreateVm',
    description: 'Create a VM from an appliance, optionally naming it, placing it and sizing it.',
    sampleUtterances: utterances(...createVmUtterances),
    slots: [
      slot(
        SLOT.ApplianceName,
        SLOT_TYPE.ApplianceName,
        'Required',
        prompt(
          2,
          message(
            'Which appliance should the VM run: web-server, database, cache, game-server or memory-muncher?',
            'Which appliance: web-server, database, cache, game-server or memory-muncher?',
            'Please pick an appliance, for example database or web-server.',
          ),
        ),
        'The appliance the new VM runs.',
      ),
      slot(
        SLOT.VmName,
        SLOT_TYPE.VmName,
        'Optional',
        prompt(
          2,
          message(
            'What should the new VM be called?',
            'Which name should I give the VM? For example vm-9.',
            'Please name the new VM, like vm-10.',
          ),
        ),
        'A name for the new VM; the Lambda picks one if absent.',
      ),
      slot(
        SLOT.TargetHost,
        SLOT_TYPE.HostName,
        'Optional',
        prompt(
          2,
          message(
            'Which host should it run on?',
            'Where should I place the new VM? Name a host, or leave it to placement.',
            'Please name a host for the new VM, like host-b.',
          ),
        ),
        'Where to place the VM; the Lambda chooses if absent.',
      ),
      slot(
        SLOT.MemoryGiB,
        SLOT_TYPE.Number,
        'Optional',
        prompt(
          2,
          message(
            'How much memory, in GiB?',
            'How many GiB of memory should the VM get? For example 8.',
            'Please give the memory size in GiB, like 4 or 16.',
          ),
        ),
        "Memory in GiB; the appliance's default if absent.",
      ),
    ],
    slotPriorities: priorities(SLOT.ApplianceName, SLOT.VmName, SLOT.TargetHost, SLOT.MemoryGiB),
    ...lambdaTask(),
    intentConfirmationSetting: confirmation(
      prompt(
        2,
        message(
          'Create a {ApplianceName} VM?',
          'Shall I create a {ApplianceName} VM? Yes or no.',
          'Please answer yes or no: create a {ApplianceName} VM?',
        ),
      ),
    ),
  },
});
