/**
 * A vmbot process as far as its DynamoDB is concerned: it opens the backend of the checkout
 * given (starting or sharing DynamoDB Local), says what it got as one line of JSON, then for
 * each `turn` line on stdin does what the chat does before a turn (recover) and reads the fleet,
 * answering with one line of JSON. It closes the backend and exits when its stdin ends.
 */
import { createInterface } from 'node:readline';
import { openBackend } from '../../../src/cli/backend/backend';

const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const backend = await openBackend({ seedWhenEmpty: true, cwd: process.argv[2] });
say({ pid: process.pid, endpoint: backend.endpoint });
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'turn') continue;
  try {
    const notice = await backend.recover();
    const hosts = await backend.store.listHosts();
    say({ notice, endpoint: backend.endpoint, hosts: hosts.map((h) => `${h.id}:${h.state}`) });
  } catch (err) {
    say({
      error: err instanceof Error ? err.message : String(err),
      cause: String((err as { cause?: unknown }).cause),
    });
  }
}
await backend.close();
