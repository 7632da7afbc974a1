import { answeredByLambda } from '../builders';
import { defineIntent } from '../intent';

/**
 * Lex's built-in intents for repair, with Lex's own phrasings ("cancel", "never mind", "start
 * over", "say that again"...; built-ins take no sample utterances). The Lambda answers each from
 * the conversation memory it keeps in session attributes: what was open is named and dropped,
 * restarted or asked again. The Lambda also reads these phrasings itself, for when Lex takes
 * them as a slot value or an answer instead.
 */
export const cancelIntent = defineIntent('CancelIntent', {
  kind: 'repair',
  act: 'cancel',
  definition: {
    name: 'CancelIntent',
    description: 'Drop the open request: nothing is started or written.',
    parentIntentSignature: 'AMAZON.CancelIntent',
    ...answeredByLambda,
  },
});

export const stopIntent = defineIntent('StopIntent', {
  kind: 'repair',
  act: 'stop',
  definition: {
    name: 'StopIntent',
    description: 'Stop: drop the open request and end the conversation.',
    parentIntentSignature: 'AMAZON.StopIntent',
    ...answeredByLambda,
  },
});

export const startOverIntent = defineIntent('StartOverIntent', {
  kind: 'repair',
  act: 'startOver',
  definition: {
    name: 'StartOverIntent',
    description: 'Start the open request again from its first question.',
    parentIntentSignature: 'AMAZON.StartOverIntent',
    ...answeredByLambda,
  },
});

export const repeatIntent = defineIntent('RepeatIntent', {
  kind: 'repair',
  act: 'repeat',
  definition: {
    name: 'RepeatIntent',
    description: 'Say the last question again.',
    parentIntentSignature: 'AMAZON.RepeatIntent',
    ...answeredByLambda,
  },
});
