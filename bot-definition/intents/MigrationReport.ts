import { lambdaTask, priorities, slot, utterances } from '../builders';
import { SLOT, SLOT_TYPE } from '../names';
import { message, prompt } from '../prompts';
import { defineIntent } from '../intent';
import { migrationReportUtterances } from '../utterances/MigrationReport';

export const migrationReport = defineIntent('MigrationReport', {
  kind: 'question',
  task: {
    entities: { VmName: 'vm', Follow: 'yes-no' },
    doing: 'the report on {VmName|a migration}',
    dropped: 'OK. Ask "how is {VmName|vm-3} doing?" any time.',
    example: '"how is vm-3 doing?"',
    verbs: [
      'how is',
      'how s',
      'how are',
      'progress',
      'status',
      'report',
      'follow',
      'doing',
      'going',
      'far along',
      'done yet',
      'finished',
      'rounds',
    ],
    help: 'report on a migration round by round',
  },
  definition: {
    name: 'MigrationReport',
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
            'Which VM do you want the report for?',
            'Which VM should I report on? For example vm-3.',
            'Please name the VM whose migration you want to see, like vm-2.',
          ),
        ),
        'The VM whose migration to report.',
      ),
      // Never asked by Lex (optional): the Lambda elicits it when it offers the report of a
      // migration it has just started (chain 1) or found running, so that the answer is a value.
      slot(
        SLOT.Follow,
        SLOT_TYPE.Confirmation,
        'Optional',
        prompt(
          2,
          message(
            "Do you want to follow {VmName}'s migration?",
            "Shall I show {VmName}'s migration, round by round? Yes or no.",
            "Please answer yes or no: follow {VmName}'s migration?",
          ),
        ),
        'Whether to show the migration just offered.',
      ),
    ],
    slotPriorities: priorities(SLOT.VmName, SLOT.Follow),
    ...lambdaTask(),
  },
});
