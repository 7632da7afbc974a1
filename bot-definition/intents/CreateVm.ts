import { confirmation, lambdaTask, priorities, slot, utterances } from '../builders';
import { INTENT, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { createVmUtterances } from '../utterances/CreateVm';

export const createVm: IntentDefinition = {
  name: INTENT.CreateVm,
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
          QUESTION.CreateVm.ApplianceName,
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
          QUESTION.CreateVm.VmName,
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
          QUESTION.CreateVm.TargetHost,
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
          QUESTION.CreateVm.MemoryGiB,
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
};
