// npm run build: bundle the Lambda into dist/lambda/index.mjs (+ .map) with exactly the esbuild
// options the CDK stack uses (infra/lambda-bundling.ts, loaded through tsx because it is
// TypeScript). `npm run deploy` bundles again by itself; this build is for inspecting and
// measuring the artifact, or for shipping it by other means.
import { rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const { lambdaBuildOptions, PROJECT_ROOT, LAMBDA_BUNDLE_FILE } = await tsImport(
  '../infra/lambda-bundling.ts',
  import.meta.url,
);

const outdir = join(PROJECT_ROOT, 'dist', 'lambda');
await rm(outdir, { recursive: true, force: true });
await build(lambdaBuildOptions(outdir));

for (const file of [LAMBDA_BUNDLE_FILE, `${LAMBDA_BUNDLE_FILE}.map`]) {
  const path = join(outdir, file);
  const { size } = await stat(path);
  console.log(`${relative(process.cwd(), path)}  ${(size / 1024).toFixed(1)} KiB`);
}
