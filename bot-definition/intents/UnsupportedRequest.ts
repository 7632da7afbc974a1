import { lambdaTask, priorities, slot, utterances } from '../builders';
import { defineIntent } from '../intent';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import type { SlotDefinition } from '../types';

/**
 * What people ask a VM bot that this one cannot do: power, reboot, pause, resize, clone,
 * snapshot, logs, removing a host, stopping a migration. Recognised as what it is, so that Lex
 * does not take "switch host-c off" for an evacuation or "add memory to vm-2" for a creation;
 * the Lambda names the operation it cannot do and what it can do instead.
 */
const mentioned = (name: string, slotTypeName: string, what: string): SlotDefinition =>
  slot(
    name,
    slotTypeName,
    'Optional',
    prompt(2, message(`Which ${what}?`, `Please name the ${what}.`, `Which ${what} do you mean?`)),
    'Named in the request, never asked for.',
  );

export const unsupportedRequest = defineIntent('UnsupportedRequest', {
  kind: 'unsupported',
  definition: {
    name: 'UnsupportedRequest',
    description: 'An operation the bot cannot do (power, reboot, resize, snapshot...).',
    sampleUtterances: utterances(
      'reboot {HostName}',
      'restart {VmName}',
      'reboot {VmName}',
      'power off {HostName}',
      'power on {VmName}',
      'power down {VmName}',
      'shut down {VmName}',
      'shut down {HostName}',
      'switch {HostName} off',
      'turn off {HostName}',
      'turn {VmName} off',
      'start {VmName}',
      'boot {VmName}',
      'pause {VmName}',
      'suspend {VmName}',
      'resume {VmName}',
      'resize {VmName}',
      'give {VmName} more memory',
      'add memory to {VmName}',
      'add cpus to {VmName}',
      'add a cpu to {VmName}',
      'scale up {VmName}',
      'clone {VmName}',
      'copy {VmName}',
      'duplicate {VmName}',
      'take a snapshot of {VmName}',
      'snapshot {VmName}',
      'back up {VmName}',
      'restore {VmName} from a backup',
      'remove {HostName} from the fleet',
      'delete {HostName}',
      'add a new host',
      'show me the logs',
      'show the logs of {VmName}',
      'abort the migration of {VmName}',
      'cancel the migration of {VmName}',
      'stop migrating {VmName}',
      'kill the migration',
      'roll back the migration of {VmName}',
      'upgrade the hypervisor on {HostName}',
      'patch {HostName}',
      'open a console on {VmName}',
      'ssh into {VmName}',
      'change the password of {VmName}',
    ),
    slots: [
      mentioned(SLOT.VmName, SLOT_TYPE.VmName, 'VM'),
      mentioned(SLOT.HostName, SLOT_TYPE.HostName, 'host'),
    ],
    slotPriorities: priorities(SLOT.VmName, SLOT.HostName),
    ...lambdaTask(),
  },
});
