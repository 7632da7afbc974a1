import { lambdaTask, priorities, slot, utterances } from '../builders';
import { INTENT, INVOCATION_LABEL, SLOT, SLOT_TYPE } from '../names';
import { QUESTION } from '../questions';
import { message, prompt } from '../prompts';
import type { IntentDefinition } from '../types';
import { migrationReportUtterances } from '../utterances/MigrationReport';

export const migrationReport: IntentDefinition = {
  name: INTENT.MigrationReport,
  description: "Show a VM's migration progress and its round-by-round pre-copy report.",
  sampleUtterances: utterances(...migrationReportUtterances),
  slots: [
    slot(
      SLOT.VmName,
      SLOT_TYPE.VmName,
      'Required',
      prompt(
        2,
        message(
          QUESTION.MigrationReport.VmName,
          'Which VM should I report on? For example vm-3.',
          'Please name the VM whose migration you want to see, like vm-2.',
        ),
      ),
      'The VM whose migration to report.',
    ),
  ],
  slotPriorities: priorities(SLOT.VmName),
  // When chain 1 starts this intent, the Lambda sees the label and the session attribute
  // offerReportFor, and asks "shall I show ...?" (ConfirmIntent) instead of reporting at once.
  ...lambdaTask(INVOCATION_LABEL.offerReport),
};
