/**
 * Writes lambda/events/*.json: a realistic Lex V2 event for every intent and both invocation
 * sources, for `vmbot invoke` and for reading, formatted as the repository's prettier would.
 * Run with `npx tsx scripts/sample-events.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { lexEvent } from '../tests/support/lex-events';
import { SAMPLE_EVENTS } from '../tests/support/sample-events';

const dir = new URL('../lambda/events/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, spec] of Object.entries(SAMPLE_EVENTS)) {
  const file = new URL(`${name}.json`, dir);
  const filepath = fileURLToPath(file);
  const options = { ...(await resolveConfig(filepath)), filepath };
  writeFileSync(file, await format(JSON.stringify(lexEvent(spec)), options));
}
console.log(`wrote ${Object.keys(SAMPLE_EVENTS).length} events to lambda/events/`);
