import { defineIntent } from '../intent';

/** Taken when no intent scores above the locale's confidence threshold (CloudFormation requires one). */
export const fallbackIntent = defineIntent('FallbackIntent', {
  kind: 'fallback',
  definition: {
    name: 'FallbackIntent',
    description: 'Nothing matched: the Lambda answers with what the bot can do.',
    parentIntentSignature: 'AMAZON.FallbackIntent',
    dialogCodeHook: { enabled: true },
    fulfillmentCodeHook: { enabled: true },
  },
});
