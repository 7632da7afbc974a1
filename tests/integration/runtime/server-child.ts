/**
 * The local runtime's HTTP server in a process of its own, so that a test can load it and read
 * its memory: prints its URL as one line of JSON, then answers each `memory` line on stdin with
 * its resident set size now and at its peak (MiB).
 */
import { createInterface } from 'node:readline';
import { createLexRuntime, startLexServer } from '../../../src/runtime';
import { dialogBot } from '../../unit/runtime/fixtures/dialog-bot';
import { fakeLambda } from '../../unit/runtime/fixtures/fake-lambda';

const runtime = createLexRuntime({ bot: dialogBot(), invokeLambda: fakeLambda().fn });
const server = await startLexServer({ runtime, port: 0 });
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const memory = () => ({
  rssMiB: process.memoryUsage().rss / 2 ** 20,
  peakMiB: process.resourceUsage().maxRSS / 1024,
});
say({ url: server.url, ...memory() });
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'memory') say(memory());
}
await server.close();
