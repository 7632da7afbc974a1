/**
 * The Lambda bundle: size, and cold-init time (loading the module in a fresh Node process, as a
 * Lambda cold start does), next to a baseline bundle that only constructs a DynamoDBClient, built
 * with the same options. Run alone with `npx tsx bench/lambda-bundle.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE_FILE, lambdaBuildOptions, PROJECT_ROOT } from '../infra/lambda-bundling';

const RUNS = 10;

const BASELINE_SOURCE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const client = new DynamoDBClient({});
export const handler = async () => ({ region: typeof client.config.region });
`;

// Runs in the child: the time to load and evaluate the bundle, nothing else.
const PROBE_SOURCE = `
const started = performance.now();
await import(process.argv[2]);
process.stdout.write(String(performance.now() - started));
`;

interface BundleStats {
  label: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  initMs: number[];
}

export async function benchLambdaBundle(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'vmbot-bundle-bench-'));
  try {
    const handlerDir = join(work, 'handler');
    const baselineDir = join(work, 'baseline');
    await build(lambdaBuildOptions(handlerDir));
    await build({
      ...lambdaBuildOptions(baselineDir),
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

    const handler = stats('handler (lambda/handler.ts)', handlerDir);
    const baseline = stats('baseline (new DynamoDBClient)', baselineDir);
    // Interleave the runs so that a slow moment of the machine hits both alike.
    for (let i = 0; i < RUNS; i++) {
      handler.initMs.push(coldInit(probe, handlerDir));
      baseline.initMs.push(coldInit(probe, baselineDir));
    }

    console.log(
      `Lambda bundle (esbuild, minified ESM, node22; cold init = median of ${RUNS} fresh node processes)`,
    );
    for (const s of [handler, baseline]) {
      console.log(
        `  ${s.label.padEnd(32)} ${kib(s.bytes).padStart(9)} (gzip ${kib(s.gzipBytes)}, map ${kib(s.mapBytes)})  init ${median(s.initMs).toFixed(1)} ms`,
      );
    }
    console.log(
      `  handler / baseline: size ${(handler.bytes / baseline.bytes).toFixed(2)}x, init ${(median(handler.initMs) / median(baseline.initMs)).toFixed(2)}x`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function stats(label: string, dir: string): BundleStats {
  const file = join(dir, LAMBDA_BUNDLE_FILE);
  const code = readFileSync(file);
  return {
    label,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    mapBytes: statSync(`${file}.map`).size,
    initMs: [],
  };
}

/** One cold start: a new process with the flags and environment the function has in AWS. */
function coldInit(probe: string, dir: string): number {
  const bundle = pathToFileURL(join(dir, LAMBDA_BUNDLE_FILE)).href;
  const run = spawnSync(process.execPath, ['--enable-source-maps', probe, bundle], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      TABLE_NAME: 'vmbot-bench',
      POWERTOOLS_SERVICE_NAME: 'vmbot',
      VMBOT_TIME_SCALE: '1',
    },
  });
  if (run.status !== 0) throw new Error(`loading ${bundle} failed:\n${run.stderr}`);
  return Number(run.stdout);
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
  await benchLambdaBundle();
}
