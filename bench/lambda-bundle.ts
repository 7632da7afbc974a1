/**
 * The Lambda bundle: sizes (the entry, what a cold start loads, what only an `import()` loads),
 * cold-init time (loading the entry in a fresh Node process, as a Lambda cold start does) and
 * the first invocation after it (a HelpIntent fulfillment, which needs no DynamoDB), next to a
 * baseline bundle that only constructs a DynamoDBClient, built with the same options (code
 * splitting included). Then the handler's cold start on a first event that works on the fleet
 * (a MigrateVm dialog hook against DynamoDB Local): what is loaded on first use is paid there.
 * Run alone with `npx tsx bench/lambda-bundle.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import {
  LAMBDA_BUNDLE_FILE,
  lambdaBuildOptions,
  lambdaBundleLayout,
  PROJECT_ROOT,
  type BundleFile,
} from '../infra/lambda-bundling';
import { benchDynamo, stopBenchDynamo } from './dynamo';
import { printTable } from './stats';

const RUNS = 10;

const BASELINE_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const client = new DynamoDBClient({});
export const handler = async () => ({ region: typeof client.config.region });
`;

// Runs in the child: the time to load and evaluate the bundle, nothing else. CPU time too
// (all threads of the process): it is what a Lambda's fraction of a vCPU pays, and it is less
// shaken than wall time by whatever else the machine runs.
// Then the first invocation, on a HelpIntent fulfillment (no DynamoDB call): what the cold start
// still owes once the module is loaded (schemas built on first use, first-call compilation).
const PROBE_SOURCE = `
import { readFileSync } from 'node:fs';
const cpu = process.cpuUsage();
const started = performance.now();
const mod = await import(process.argv[2]);
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
const event = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const calledAt = performance.now();
await mod.handler(event);
const firstCallMs = performance.now() - calledAt;
process.stdout.write('\\nPROBE ' + JSON.stringify({ wallMs, cpuMs: (user + system) / 1000, firstCallMs }));
`;
const EVENTS = join(PROJECT_ROOT, 'lambda', 'events');
const FIRST_CALL_EVENT = join(EVENTS, 'HelpIntent-dialog.json');
/** A conversation's usual opening: reads the VM, the hosts and the due migrations, plans. */
const FLEET_EVENT = join(EVENTS, 'MigrateVm-dialog.json');

interface ColdStart {
  wallMs: number;
  cpuMs: number;
  firstCallMs: number;
}

interface BundleStats {
  label: string;
  dir: string;
  entry: BundleFile;
  atInit: BundleFile[];
  lazy: BundleFile[];
  gzipBytes: number;
  mapBytes: number;
  runs: ColdStart[];
}

export async function benchLambdaBundle(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'vmbot-bundle-bench-'));
  const dynamo = await benchDynamo();
  try {
    const handler = await buildBundle('handler (lambda/handler.ts)', join(work, 'handler'), {});
    const baseline = await buildBundle('baseline (new DynamoDBClient)', join(work, 'baseline'), {
      entryPoints: undefined,
      stdin: {
        contents: BASELINE_SOURCE,
        resolveDir: PROJECT_ROOT,
        loader: 'ts',
        sourcefile: 'baseline.ts',
      },
    });
    const probe = join(work, 'probe.mjs');
    writeFileSync(probe, PROBE_SOURCE);

    // Interleave the runs so that a slow moment of the machine hits all alike.
    const onFleet: ColdStart[] = [];
    const fleetEnv = { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: dynamo.tableName };
    for (let i = 0; i < RUNS; i++) {
      for (const bundle of [handler, baseline])
        bundle.runs.push(coldStart(probe, bundle.dir, FIRST_CALL_EVENT));
      onFleet.push(coldStart(probe, handler.dir, FLEET_EVENT, fleetEnv));
    }

    printTable(
      `Lambda bundle (esbuild, minified ESM split into chunks, node22; cold init = median of ${RUNS} fresh node processes)`,
      [
        'bundle',
        'entry',
        'loaded at init',
        'lazy (import())',
        'total',
        'gzip',
        'maps',
        'init ms',
        'init CPU ms',
        'first call ms',
        'init + first call ms',
      ],
      [handler, baseline].map((s) => [
        s.label,
        kib(s.entry.bytes),
        `${kib(total(s.atInit))} in ${s.atInit.length}`,
        `${kib(total(s.lazy))} in ${s.lazy.length}`,
        kib(total(s.atInit) + total(s.lazy)),
        kib(s.gzipBytes),
        kib(s.mapBytes),
        ms(s.runs, (r) => r.wallMs),
        ms(s.runs, (r) => r.cpuMs),
        ms(s.runs, (r) => r.firstCallMs),
        ms(s.runs, withFirstCall),
      ]),
    );
    const ratio = (pick: (r: ColdStart) => number) =>
      `${(median(handler.runs.map(pick)) / median(baseline.runs.map(pick))).toFixed(2)}x`;
    const loaded = total(handler.atInit) / total(baseline.atInit);
    console.log(
      `handler / baseline: loaded at init ${loaded.toFixed(2)}x, init ${ratio((r) => r.wallMs)}, ` +
        `init CPU ${ratio((r) => r.cpuMs)}, init + first call ${ratio(withFirstCall)}`,
    );
    console.log(
      `handler, first event on the fleet (MigrateVm dialog hook, DynamoDB Local): ` +
        `init ${ms(onFleet, (r) => r.wallMs)} ms, first call ${ms(onFleet, (r) => r.firstCallMs)} ms, ` +
        `init + first call ${ms(onFleet, withFirstCall)} ms`,
    );
    const lazy = handler.lazy.map((f) => f.splitAt).filter((name) => name !== undefined);
    console.log(`handler, split off at import(): ${lazy.join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    await dynamo.drop();
  }
}

async function buildBundle(
  label: string,
  dir: string,
  overrides: BuildOptions,
): Promise<BundleStats> {
  const { metafile } = await build({ ...lambdaBuildOptions(dir), ...overrides });
  if (metafile === undefined) throw new Error('the Lambda build options ask for no metafile');
  const { entry, atInit, lazy, mapBytes } = lambdaBundleLayout(metafile, dir);
  const gzipBytes = [...atInit, ...lazy].reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dir, file.path))).byteLength,
    0,
  );
  return {
    label,
    dir,
    entry,
    atInit,
    lazy,
    gzipBytes,
    mapBytes,
    runs: [],
  };
}

/**
 * One cold start: a new process with the flags and environment the function has in AWS (and
 * `env` on top), then the first invocation with `event`.
 */
function coldStart(
  probe: string,
  dir: string,
  event: string,
  env: Record<string, string> = {},
): ColdStart {
  const bundle = pathToFileURL(join(dir, LAMBDA_BUNDLE_FILE)).href;
  const args = ['--enable-source-maps', probe, bundle, event];
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'vmbot-bench',
      POWERTOOLS_SERVICE_NAME: 'vmbot',
      VMBOT_TIME_SCALE: '1',
      ...env,
    },
  });
  if (run.status !== 0) throw new Error(`loading ${bundle} failed:\n${run.stderr}`);
  // The handler may log on stdout too: the probe's figures are its last line.
  const line = run.stdout.split('\n').findLast((l) => l.startsWith('PROBE ')) ?? '';
  return JSON.parse(line.slice('PROBE '.length)) as ColdStart;
}

const withFirstCall = (r: ColdStart) => r.wallMs + r.firstCallMs;

/** The median of one figure over the runs, in ms. */
function ms(runs: ColdStart[], pick: (r: ColdStart) => number): string {
  return median(runs.map(pick)).toFixed(1);
}

function total(files: BundleFile[]): number {
  return files.reduce((sum, file) => sum + file.bytes, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await benchLambdaBundle();
  } finally {
    await stopBenchDynamo();
  }
}
