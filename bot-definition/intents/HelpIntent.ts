import { answeredByDefinition, utterances, WAIT_FOR_REQUEST } from '../builders';
import { defineIntent } from '../intent';
import { helpIntentUtterances } from '../utterances/HelpIntent';

export const HELP_INTENT = 'HelpIntent';

/**
 * What the bot can do, in its closing response (the lines come from every intent's task: see
 * index.ts); with a question open, the Lambda answers instead with what that question needs.
 */
export const helpIntent = (helpText: readonly string[]) =>
  defineIntent(HELP_INTENT, {
    kind: 'repair',
    act: 'help',
    definition: {
      name: HELP_INTENT,
      description: 'Explain what the bot can do.',
      sampleUtterances: utterances(...helpIntentUtterances),
      ...answeredByDefinition(helpText, WAIT_FOR_REQUEST),
    },
  });
