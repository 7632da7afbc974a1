import { answeredByLambda, utterances } from '../builders';
import { INTENT } from '../names';
import type { IntentDefinition } from '../types';

/**
 * Small talk: greetings, thanks, goodbyes and "who are you". The Lambda answers them briefly
 * and, when a request was open, goes back to it in the same answer.
 */
export const greeting: IntentDefinition = {
  name: INTENT.Greeting,
  description: 'The user says hello.',
  sampleUtterances: utterances(
    'hello',
    'hi',
    'hey',
    'hello there',
    'hi there',
    'good morning',
    'good afternoon',
    'good evening',
    'howdy',
    'hey bot',
    'yo',
    'greetings',
  ),
  ...answeredByLambda,
};

export const thankYou: IntentDefinition = {
  name: INTENT.ThankYou,
  description: 'The user says thanks.',
  sampleUtterances: utterances(
    'thanks',
    'thank you',
    'thanks a lot',
    'thank you very much',
    'cheers',
    'much appreciated',
    'great, thanks',
    'perfect thank you',
    'thx',
    'nice one',
    'awesome',
  ),
  ...answeredByLambda,
};

export const goodbye: IntentDefinition = {
  name: INTENT.Goodbye,
  description: 'The user ends the chat.',
  sampleUtterances: utterances(
    'bye',
    'goodbye',
    'see you',
    'see you later',
    'bye bye',
    "that's all",
    "that's all for now",
    "I'm done",
    'talk to you later',
    'have a good one',
    'catch you later',
  ),
  ...answeredByLambda,
};

export const aboutBot: IntentDefinition = {
  name: INTENT.AboutBot,
  description: 'The user asks who or what the bot is.',
  sampleUtterances: utterances(
    'who are you',
    'what are you',
    'are you a bot',
    'are you human',
    'what is your name',
    'who made you',
    'what is vmbot',
    'introduce yourself',
    'tell me about yourself',
  ),
  ...answeredByLambda,
};
