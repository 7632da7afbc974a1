import { describe, expect, it } from 'vitest';
import { classifyConfirmation } from '../../../../src/runtime/nlu/confirmation';

describe('classifyConfirmation', () => {
  it.each([
    'yes',
    'Yeah',
    'yep',
    'sure',
    'ok',
    'okay',
    'please do',
    'go ahead',
    'do it',
    'correct',
    'confirm',
    'Yes please',
    'yes, do it',
    'yesss',
    'Sure thing!',
    'ok go ahead',
  ])('%j is yes', (text) => {
    expect(classifyConfirmation(text)).toBe('yes');
  });

  it.each([
    'no',
    'nope',
    'nah',
    "don't",
    'do not',
    'cancel',
    'stop',
    'negative',
    'No thanks',
    'nooo',
    'no, cancel it',
  ])('%j is no', (text) => {
    expect(classifyConfirmation(text)).toBe('no');
  });

  it.each(['', 'maybe', 'yes and no', 'move vm-3 instead', 'what is the estimate?', 'ok no'])(
    '%j is neither',
    (text) => {
      expect(classifyConfirmation(text)).toBeUndefined();
    },
  );
});
