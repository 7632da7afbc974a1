import { describe, expect, it } from 'vitest';
import { ConditionSyntaxError, evaluateCondition, parseCondition } from '../../../../src/runtime';
import type { ConditionContext } from '../../../../src/runtime';

const context: ConditionContext = {
  slot: (name) =>
    ({ VmName: ['vm-3'], Memory: ['16'], Hosts: ['host-a', 'host-b'] })[name] as
      string[] | undefined,
  sessionAttribute: (name) => ({ mode: 'Expert', count: '3' })[name],
  requestAttribute: (name) => ({ channel: 'cli' })[name],
  path: (path) =>
    path === 'inputTranscript' ? 'migrate vm-3' : path === 'inputMode' ? 'Text' : undefined,
};
const check = (expression: string) => evaluateCondition(expression, context);

describe('the condition language', () => {
  it.each([
    ['{VmName} = "vm-3"', true],
    ['{VmName} = "VM-3"', true],
    ['{VmName} != "vm-3"', false],
    ['{Memory} > 8', true],
    ['{Memory} >= 16', true],
    ['{Memory} < 16', false],
    ['{Memory} <= 16', true],
    ['{Memory} > "9"', true],
    ['[mode] = "expert"', true],
    ['[count] = 3', true],
    ['((channel)) = "cli"', true],
    ['$.inputTranscript CONTAINS "vm-3"', true],
    ['$.inputMode = "Text"', true],
    ['{Hosts} CONTAINS "host-b"', true],
    ['{Hosts} CONTAINS "host-c"', false],
    ['fn.IS_SET({VmName})', true],
    ['fn.IS_SET({Missing})', false],
    ['fn.IS_SET([mode]) AND fn.LENGTH({VmName}) = 4', true],
    ['fn.COUNT({Hosts}) = 2', true],
    ['fn.COUNT({Missing}) = 0', true],
    ['{Memory} > 32 OR [mode] = "expert"', true],
    ['{Memory} > 32 || [mode] = "novice"', false],
    ['{Memory} > 8 && [mode] = "expert"', true],
    ['NOT {Memory} > 32', true],
    ['!({Memory} > 8)', false],
    ['({Memory} > 32 OR [count] = 3) AND NOT fn.IS_SET({Missing})', true],
  ])('%s → %s', (expression, expected) => {
    expect(check(expression)).toBe(expected);
  });

  it('a reference to something unset makes the expression invalid, so false', () => {
    expect(check('{Missing} = "x"')).toBe(false);
    expect(check('NOT {Missing} = "x"')).toBe(false);
    expect(check('[nothing] != "x"')).toBe(false);
  });

  it('a bare value is not a condition', () => {
    expect(check('{VmName}')).toBe(false);
  });

  it.each(['{VmName} =', '({VmName} = "x"', 'fn.IS_SET(1)', '{VmName} = "x" garbage', '@'])(
    'rejects the malformed %j',
    (expression) => {
      expect(() => parseCondition(expression)).toThrow(ConditionSyntaxError);
    },
  );
});
