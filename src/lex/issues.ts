import type * as z from 'zod/mini';
import { describeValue, formatPath, orList } from './problem-text';

/**
 * zod issues as the problems this project reports: one sentence each that names the field,
 * `sessionState.intent.slots.VmName.shape is missing`, `messages[0].content must be at most
 * 1024 characters, got 1025`. One wording for the event, the response and the session state
 * a client sends, whichever schema found the issue.
 */

export const MAX_PROBLEMS = 20;

/** Custom issues whose message is a whole sentence, not a predicate about the field. */
export const SENTENCE = { sentence: true } as const;

export function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PropertyKey[] = [],
  root = 'the response',
): string[] {
  const problems = [...new Set(issues.flatMap((issue) => issueTexts(issue, base, root)))];
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    `… and ${problems.length - MAX_PROBLEMS} more problems`,
  ];
}

function issueTexts(issue: z.core.$ZodIssue, base: readonly PropertyKey[], root: string): string[] {
  const path = [...base, ...issue.path];
  const field = formatPath(path) || root;
  const input: unknown = 'input' in issue ? issue.input : undefined;
  const got = describeValue(input);
  switch (issue.code) {
    case 'custom':
      return [issue.params?.sentence ? issue.message : `${field} ${issue.message}`];
    case 'invalid_type':
      if (input === undefined) return [`${field} is missing`];
      return [`${field} must be ${expected(issue.expected)}, got ${got}`];
    case 'invalid_value':
      if (input === undefined) return [`${field} is missing`];
      return [`${field} must be ${oneOf(issue.values.map(String))}, got ${got}`];
    case 'too_small':
      return [`${field} ${tooSmall(issue, input)}`];
    case 'too_big':
      return [`${field} ${tooBig(issue, input)}`];
    case 'invalid_key':
      return [`${formatPath(path.slice(0, -1)) || root} keys must not be empty`];
    case 'unrecognized_keys':
      return issue.keys.map(
        (key) => `${formatPath([...path, key])} is not a field of ${field} (${issue.message})`,
      );
    case 'invalid_format':
      return [`${field} ${issue.message}, got ${got}`];
    default:
      return [`${field}: ${issue.message}`];
  }
}

function expected(type: string): string {
  if (type === 'int') return 'an integer';
  if (type === 'array' || type === 'object') return `an ${type}`;
  if (type === 'record') return 'an object';
  return `a ${type}`;
}

function oneOf(values: readonly string[]): string {
  return values.length === 1 ? (values[0] ?? '') : `one of ${orList(values)}`;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall, input: unknown): string {
  const min = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
    case 'array':
      return `must hold at least ${min} items`;
    default:
      return `must be at least ${min}, got ${describeValue(input)}`;
  }
}

function tooBig(issue: z.core.$ZodIssueTooBig, input: unknown): string {
  const max = Number(issue.maximum);
  const length = typeof input === 'string' || Array.isArray(input) ? input.length : undefined;
  switch (issue.origin) {
    case 'string':
      return `must be at most ${max} characters, got ${length}`;
    case 'array':
      return `must hold at most ${max} items, got ${length}`;
    default:
      return `must be at most ${max}, got ${describeValue(input)}`;
  }
}
