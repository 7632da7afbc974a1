/**
 * Built-in intents the runtime knows, with English phrasings to match them on: the examples of
 * Lex's documentation and a few close paraphrases, standing in for Lex's own (unpublished)
 * models of these intents. Built-ins take no sample utterances of their own.
 */
export const BUILT_IN_INTENT_UTTERANCES: Readonly<Record<string, readonly string[]>> = {
  'AMAZON.CancelIntent': [
    'cancel',
    'never mind',
    'nevermind',
    'forget it',
    'cancel that',
    'forget about it',
    'scratch that',
    'drop it',
  ],
  'AMAZON.HelpIntent': ['help', 'help me', 'can you help me'],
  'AMAZON.StopIntent': ['stop', 'off', 'shut up', 'stop it', 'quit'],
  'AMAZON.StartOverIntent': ['start over', 'start again', 'restart', 'begin again', 'from the top'],
  'AMAZON.RepeatIntent': [
    'repeat',
    'repeat that',
    'say that again',
    'come again',
    'what did you say',
    'pardon',
  ],
};

export const FALLBACK_SIGNATURE = 'AMAZON.FallbackIntent';

/**
 * Built-in intents that need AWS services the runtime does not have: they are never recognised
 * locally (a bot that has them still loads).
 */
export const UNSUPPORTED_INTENT_SIGNATURES = [
  'AMAZON.KendraSearchIntent',
  'AMAZON.QnAIntent',
  'AMAZON.BedrockAgentIntent',
  'AMAZON.QinConnectIntent',
];

export const BUILT_IN_SLOT_TYPE_PREFIX = 'AMAZON.';
