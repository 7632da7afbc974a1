/** ThankYou (the lead's intent): thanks, plain or warm. */
export const thankYouUtterances: readonly string[] = [
  'thanks',
  'thank you',
  'thanks a lot',
  'thank you very much',
  'many thanks',
  'cheers',
  'thx',
  'ty',
  'much appreciated',
  'great, thanks',
  'perfect, thank you',
  'nice work',
  'good job',
  'that helped',
  'awesome',
];
