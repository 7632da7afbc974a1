import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLexEvent, type LexEvent } from '../../../src/lex';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

export const fixtureNames: readonly string[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();

/** The raw fixture, freshly parsed on every call so that tests never share one object. */
export function rawFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function eventFixture(name: string): LexEvent {
  const result = parseLexEvent(rawFixture(name));
  if (!result.ok) throw new Error(`fixture ${name}: ${result.problems.join('; ')}`);
  return result.event;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every object and array inside a value, the value included. */
export function* objectsIn(value: unknown): Generator<object> {
  if (value === null || typeof value !== 'object') return;
  yield value;
  for (const child of Object.values(value)) yield* objectsIn(child);
}

/** A JSON round trip: what a value looks like on the wire. */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
