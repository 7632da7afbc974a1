import { utterances } from '../builders';
import { INTENT } from '../names';
import type { IntentDefinition } from '../types';

export const helpIntent: IntentDefinition = {
  name: INTENT.HelpIntent,
  description: 'Explain what the bot can do.',
  sampleUtterances: utterances(
    'help',
    'what can you do',
    'how does this work',
    'what can I ask',
    'commands',
    'help me',
    "I'm lost",
    'options',
  ),
  // No slots and nothing to validate: a dialog hook would only cost a Lambda call per turn.
  dialogCodeHook: { enabled: false },
  fulfillmentCodeHook: { enabled: true },
};
