/** Goodbye (the lead's intent): the end of a chat. */
export const goodbyeUtterances: readonly string[] = [
  'bye',
  'goodbye',
  'bye bye',
  'see you',
  'see you later',
  'see ya',
  'later',
  'talk to you later',
  'good night',
  "that's all",
  "that's all for now",
  "I'm done",
  "we're done here",
  'signing off',
  'catch you later',
];
