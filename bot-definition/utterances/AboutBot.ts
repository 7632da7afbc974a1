/** AboutBot (the lead's intent): what the bot is, as opposed to what it can do (HelpIntent). */
export const aboutBotUtterances: readonly string[] = [
  'who are you',
  'what are you',
  'what is your name',
  'are you a bot',
  'are you a human',
  'am I talking to a person',
  'who made you',
  'who built you',
  'what is vmbot',
  'tell me about yourself',
  'introduce yourself',
  'are you real',
  'what kind of bot are you',
  'how do you work inside',
  'what are you built with',
  'are you human',
];
