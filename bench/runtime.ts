import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { bot } from '../bot-definition';
import { localLexClient, startLocalBot } from '../src/cli/backend/local-bot';
import { createFulfillment } from '../src/intents';
import { createLexRuntime, startLexServer, type LexRuntime } from '../src/runtime';
import { InMemoryFleetStore, seedDemoFleet } from '../src/store';
import { percentile, printTable } from './stats';

/**
 * The local Lex V2 runtime over HTTP/2 (the real SDK client) with the handler logic: RecognizeText
 * turns per second and p50/p99 latency with 1, 10 and 50 sessions talking at once, with the
 * store on DynamoDB Local (the real lambda/handler.ts) and, in the same run, on the in-memory
 * adapter: the ceiling of the project's own code, and so the share of a turn DynamoDB takes.
 * Then the time from `npm start` to the bot's first answer, cold (new .vmbot folder: table
 * created and fleet seeded) and warm. BENCH_PORT (default: any free port) is the first of the
 * two ports the servers listen on.
 */
const TURNS_PER_LEVEL = 300;
const LEVELS = [1, 10, 50];
const UTTERANCES = ['where is vm-5', 'list hosts', 'show me host b', 'where should vm-2 go', 'no'];

interface Level {
  sessions: number;
  turns: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** The load of `sessions` concurrent sessions, through `client`. */
async function load(
  client: LexRuntimeV2Client,
  runtime: LexRuntime,
  sessions: number,
  label: string,
): Promise<Level> {
  {
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
              botId: runtime.botId,
              botAliasId: runtime.botAliasId,
              localeId: runtime.localeId,
              sessionId: `bench-${label}-${sessions}-${s}`,
              text: UTTERANCES[turn % UTTERANCES.length]!,
            }),
          );
          latencies.push(performance.now() - start);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      sessions,
      turns: latencies.length,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  }
}

/** The same runtime and handler logic, the fleet in memory: no DynamoDB at all. */
async function inMemoryBot(port: number) {
  const store = new InMemoryFleetStore();
  await seedDemoFleet(store);
  const runtime = createLexRuntime({ bot, invokeLambda: createFulfillment({ store }) });
  const server = await startLexServer({ runtime, port });
  const client = new LexRuntimeV2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    runtime,
    client,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

export async function benchRuntime(): Promise<void> {
  const port = Number(process.env.BENCH_PORT ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'vmbot-bench-'));
  const cwd = process.cwd();
  process.chdir(dir); // a DynamoDB Local of our own, not the one a chat may be using
  const local = await startLocalBot({ port });
  const client = localLexClient(local);
  const memoryBot = await inMemoryBot(port === 0 ? 0 : port + 1);
  const dynamo: Level[] = [];
  const memory: Level[] = [];
  try {
    // Level by level, one backend after the other: a busy moment of the machine hits both.
    for (const sessions of LEVELS) {
      dynamo.push(await load(client, local.runtime, sessions, 'dynamo'));
      memory.push(await load(memoryBot.client, memoryBot.runtime, sessions, 'memory'));
    }
  } finally {
    client.destroy();
    await memoryBot.close();
    await local.close();
    process.chdir(cwd);
  }
  printTable(
    'runtime: RecognizeText over HTTP/2 against the local runtime, the store on DynamoDB Local and in memory',
    [
      'sessions',
      'turns',
      'DynamoDB turns/s',
      'p50 ms',
      'p99 ms',
      'in memory turns/s',
      'p50 ms',
      'p99 ms',
      'DynamoDB / memory',
    ],
    dynamo.map((d, i) => {
      const m = memory[i]!;
      return [
        d.sessions,
        d.turns,
        d.perSecond,
        d.p50,
        d.p99,
        m.perSecond,
        m.p50,
        m.p99,
        `${(d.perSecond / m.perSecond).toFixed(2)}x`,
      ];
    }),
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
