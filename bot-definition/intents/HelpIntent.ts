import { utterances } from '../builders';
import { INTENT } from '../names';
import type { IntentDefinition } from '../types';
import { helpIntentUtterances } from '../utterances/HelpIntent';

export const helpIntent: IntentDefinition = {
  name: INTENT.HelpIntent,
  description: 'Explain what the bot can do.',
  sampleUtterances: utterances(...helpIntentUtterances),
  // No slots and nothing to validate: a dialog hook would only cost a Lambda call per turn.
  dialogCodeHook: { enabled: false },
  fulfillmentCodeHook: { enabled: true },
};
