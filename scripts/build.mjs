// npm run build: bundle the Lambda into dist/lambda/ (entry index.mjs, split-off chunks in
// chunks/, a source map next to each) with exactly the esbuild options the CDK stack uses
// (infra/lambda-bundling.ts, loaded through tsx because it is TypeScript). `npm run deploy`
// bundles again by itself; this build is for inspecting and measuring the artifact, or for
// shipping it by other means (ship the whole folder, not index.mjs alone).
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const { lambdaBuildOptions, lambdaBundleLayout, PROJECT_ROOT } = await tsImport(
  '../infra/lambda-bundling.ts',
  import.meta.url,
);

const outdir = join(PROJECT_ROOT, 'dist', 'lambda');
await rm(outdir, { recursive: true, force: true });
const { metafile } = await build(lambdaBuildOptions(outdir));
const { entry, atInit, lazy, mapBytes } = lambdaBundleLayout(metafile, outdir);

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sum = (files) => files.reduce((total, file) => total + file.bytes, 0);
const where = relative(process.cwd(), outdir) || '.';
console.log(`${join(where, entry.path)}  ${kib(entry.bytes)} (entry)`);
console.log(
  `  loaded at init: ${kib(sum(atInit))} in ${atInit.length} files (the entry and the chunks it imports)`,
);
console.log(`  loaded lazily:  ${kib(sum(lazy))} in ${lazy.length} chunks, only if import() runs:`);
for (const file of lazy) {
  console.log(`    ${file.path.padEnd(36)} ${kib(file.bytes).padStart(9)}  ${file.splitAt ?? ''}`);
}
console.log(
  `  total: ${kib(sum(atInit) + sum(lazy))} of code, ${kib(mapBytes)} of source maps, in ${where}/`,
);
