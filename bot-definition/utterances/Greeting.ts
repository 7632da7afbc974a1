/** Greeting (the lead's intent): hello in its everyday forms. */
export const greetingUtterances: readonly string[] = [
  'hi',
  'hello',
  'hey',
  'hey there',
  'hello there',
  'hi bot',
  'hiya',
  'howdy',
  'yo',
  'greetings',
  'good morning',
  'good afternoon',
  'good evening',
  'morning',
  "what's up",
];
