import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { localLexClient, startLocalBot } from '../src/cli/backend/local-bot';
import { percentile, printTable } from './stats';

/**
 * The local Lex V2 runtime over HTTP/2 (the real SDK client) with the real handler and DynamoDB
 * Local: RecognizeText turns per second and p50/p99 latency with 1, 10 and 50 sessions talking at
 * once; and the time from `npm start` to the bot's first answer, cold (new .vmbot folder: table
 * created and fleet seeded) and warm.
 */
const TURNS_PER_LEVEL = 300;
const UTTERANCES = ['where is vm-5', 'list hosts', 'show me host b', 'where should vm-2 go', 'no'];

export async function benchRuntime(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vmbot-bench-'));
  const cwd = process.cwd();
  process.chdir(dir); // a DynamoDB Local of our own, not the one a chat may be using
  const local = await startLocalBot({ port: 0 });
  const client = localLexClient(local);
  const rows: (string | number)[][] = [];
  try {
    for (const sessions of [1, 10, 50]) {
      const latencies: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: sessions }, async (_, s) => {
          for (let turn = 0; next < TURNS_PER_LEVEL; turn++) {
            next++;
            const start = performance.now();
            await client.send(
              new RecognizeTextCommand({
                botId: local.runtime.botId,
                botAliasId: local.runtime.botAliasId,
                localeId: local.runtime.localeId,
                sessionId: `bench-${sessions}-${s}`,
                text: UTTERANCES[turn % UTTERANCES.length]!,
              }),
            );
            latencies.push(performance.now() - start);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      rows.push([
        sessions,
        latencies.length,
        latencies.length / seconds,
        percentile(latencies, 50),
        percentile(latencies, 99),
      ]);
    }
  } finally {
    client.destroy();
    await local.close();
    process.chdir(cwd);
  }
  printTable(
    'runtime: RecognizeText over HTTP/2 against the local runtime and DynamoDB Local',
    ['sessions', 'turns', 'turns/s', 'p50 ms', 'p99 ms'],
    rows,
  );

  const cold = await timeToFirstAnswer(dir);
  const warm = await timeToFirstAnswer(dir);
  rmSync(dir, { recursive: true, force: true });
  printTable(
    'npm start: to the first answer (piped "help")',
    ['start', 'ms'],
    [
      ['cold (new table, seeding)', cold],
      ['warm (table and fleet exist)', warm],
    ],
  );
}

/** Runs the chat as `npm start` does, in `cwd`, and times its first answer to "help". */
function timeToFirstAnswer(cwd: string): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // As a newcomer runs it: no endpoint or table left over from the measurements above.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['AWS_ENDPOINT_URL_DYNAMODB', 'TABLE_NAME', 'VMBOT_TIME_SCALE'].includes(k),
    ),
  );
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tsx = join(root, 'node_modules/.bin/tsx');
    const child = spawn(tsx, [join(root, 'src/cli/main.ts'), 'chat'], {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let answeredAt: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      if (answeredAt === undefined && d.toString().includes('bot:')) {
        answeredAt = performance.now() - t0;
        child.stdin.end('/quit\n');
      }
    });
    child.on('error', reject);
    // Resolve once it has exited: the next run must not find this one's DynamoDB Local going away.
    child.on('exit', (code) => {
      if (answeredAt === undefined) reject(new Error(`chat exited with ${code} before answering`));
      else resolve(answeredAt);
    });
    child.stdin.write('help\n');
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRuntime();
