import { answeredByLambda, utterances } from '../builders';
import { INTENT } from '../names';
import type { IntentDefinition } from '../types';
import { aboutBotUtterances } from '../utterances/AboutBot';
import { goodbyeUtterances } from '../utterances/Goodbye';
import { greetingUtterances } from '../utterances/Greeting';
import { thankYouUtterances } from '../utterances/ThankYou';

/**
 * Small talk: greetings, thanks, goodbyes and "who are you". The Lambda answers them briefly
 * and, when a request was open, goes back to it in the same answer.
 */
export const greeting: IntentDefinition = {
  name: INTENT.Greeting,
  description: 'The user says hello.',
  sampleUtterances: utterances(...greetingUtterances),
  ...answeredByLambda,
};

export const thankYou: IntentDefinition = {
  name: INTENT.ThankYou,
  description: 'The user says thanks.',
  sampleUtterances: utterances(...thankYouUtterances),
  ...answeredByLambda,
};

export const goodbye: IntentDefinition = {
  name: INTENT.Goodbye,
  description: 'The user ends the chat.',
  sampleUtterances: utterances(...goodbyeUtterances),
  ...answeredByLambda,
};

export const aboutBot: IntentDefinition = {
  name: INTENT.AboutBot,
  description: 'The user asks who or what the bot is.',
  sampleUtterances: utterances(...aboutBotUtterances),
  ...answeredByLambda,
};
