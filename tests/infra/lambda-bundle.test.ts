import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lambdaBuildOptions,
  lambdaBundleLayout,
  PROJECT_ROOT,
  type LambdaBundleLayout,
} from '../../infra/lambda-bundling';

/**
 * What the Lambda's cold start loads: what every event needs (reading the event, the
 * conversation, the logger, the store), while the fleet intents are a chunk loaded by the first
 * event that asks for one of them.
 */
let outdir: string;
/** Source files (relative to the project) whose code is in the files loaded at init, and lazily. */
let atInit: Set<string>;
let lazy: Set<string>;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'vmbot-bundle-test-'));
  const { metafile } = await build({ ...lambdaBuildOptions(outdir), sourcemap: false });
  const layout: LambdaBundleLayout = lambdaBundleLayout(metafile!, outdir);
  const sourcesOf = (files: LambdaBundleLayout['lazy']) => {
    const paths = new Set(files.map((f) => f.path));
    const outputs = Object.entries(metafile!.outputs).filter(([out]) =>
      paths.has(relative(outdir, resolve(PROJECT_ROOT, out)).replace(/\\/g, '/')),
    );
    return new Set(
      outputs.flatMap(([, output]) =>
        Object.entries(output.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([source]) => source),
      ),
    );
  };
  atInit = sourcesOf(layout.atInit);
  lazy = sourcesOf(layout.lazy);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('the Lambda bundle', () => {
  it('loads at init what every event needs', () => {
    for (const source of [
      'lambda/handler.ts',
      'src/intents/fulfillment.ts',
      'src/intents/conversation/conversation.ts',
      'src/lex/schema/index.ts',
      'src/store/workflows/unit.ts',
      'src/store/dynamo/table.ts',
    ])
      expect(atInit, source).toContain(source);
  });

  it('loads the fleet intents only when an event asks for one of them', () => {
    for (const source of [
      'src/intents/migrate-vm.ts',
      'src/intents/evacuate-host.ts',
      'src/intents/create-vm.ts',
      'src/intents/where-is-vm.ts',
      'src/intents/destinations.ts',
      'src/intents/describe.ts',
    ]) {
      expect(atInit, source).not.toContain(source);
      expect(lazy, source).toContain(source);
    }
  });
});
