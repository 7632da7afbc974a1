import { lambdaTask, priorities, slot, utterances } from '../builders';
import { defineIntent } from '../intent';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import type { SlotDefinition } from '../types';

/**
 * What people ask a VM bot that this one cannot do: power, reboot, pause, resize, clone,
 * snapshot, logs, removing a host, stopping a migration. Recognised as what it is, so that Lex
 * does not take "switch host-c off" for an evacuation or "add memory to vm-2" for a creation;
 * the Lambda names the operation it cannot do and what it can do instead. The slots are what
 * such requests mention: a VM by name or by what it runs ("restart the postgres vm"), a host, a
 * size ("resize vm-4 to 16 GB"); without them in the utterances, an appliance or a size would
 * make the request read as a creation. The Lambda uses none of them.
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
      'add another host to the cluster',
      'add {HostName} to the fleet',
      'remove a host from the cluster',
      'decommission {HostName}',
      'make a copy of {VmName}',
      'undo the migration of {VmName}',
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
      // A VM described by what it runs.
      'restart the {ApplianceName} VM',
      'shut down the {ApplianceName} server',
      'take a snapshot of the {ApplianceName} VM',
      'clone the {ApplianceName} box',
      'back up the {ApplianceName}',
      'pause the {ApplianceName} instance',
      // Resizing to a size.
      'resize {VmName} to {MemoryGiB}',
      'give {VmName} {MemoryGiB} more',
      'increase the memory of {VmName} to {MemoryGiB}',
      'bump the RAM on {VmName} up to {MemoryGiB}',
      'shrink {VmName} to {MemoryGiB}',
      'lower the memory of {VmName} to {MemoryGiB}',
      'add more vCPUs to {VmName}',
    ),
    slots: [
      mentioned(SLOT.VmName, SLOT_TYPE.VmName, 'VM'),
      mentioned(SLOT.HostName, SLOT_TYPE.HostName, 'host'),
      mentioned(SLOT.ApplianceName, SLOT_TYPE.ApplianceName, 'appliance'),
      mentioned(SLOT.MemoryGiB, SLOT_TYPE.Number, 'size in GiB'),
    ],
    slotPriorities: priorities(SLOT.VmName, SLOT.HostName, SLOT.ApplianceName, SLOT.MemoryGiB),
    ...lambdaTask(),
  },
});
