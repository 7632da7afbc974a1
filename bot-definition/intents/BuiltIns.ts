import { answeredByLambda } from '../builders';
import { INTENT } from '../names';
import type { IntentDefinition } from '../types';

/**
 * Lex's built-in intents for repair, with Lex's own phrasings ("cancel", "never mind", "start
 * over", "say that again"...; built-ins take no sample utterances). The Lambda answers each from
 * the conversation memory it keeps in session attributes: what was open is named and dropped,
 * restarted or asked again. The Lambda also reads these phrasings itself in the dialog code
 * hook, for when Lex takes them as a slot value instead.
 */
export const cancelIntent: IntentDefinition = {
  name: INTENT.CancelIntent,
  description: 'Drop the open request: nothing is started or written.',
  parentIntentSignature: 'AMAZON.CancelIntent',
  ...answeredByLambda,
};

export const stopIntent: IntentDefinition = {
  name: INTENT.StopIntent,
  description: 'Stop: drop the open request and end the conversation.',
  parentIntentSignature: 'AMAZON.StopIntent',
  ...answeredByLambda,
};

export const startOverIntent: IntentDefinition = {
  name: INTENT.StartOverIntent,
  description: 'Start the open request again from its first question.',
  parentIntentSignature: 'AMAZON.StartOverIntent',
  ...answeredByLambda,
};

export const repeatIntent: IntentDefinition = {
  name: INTENT.RepeatIntent,
  description: 'Say the last question again.',
  parentIntentSignature: 'AMAZON.RepeatIntent',
  ...answeredByLambda,
};
