/**
 * How the Lambda is bundled: one set of esbuild options shared by the CDK stack
 * (infra/vmbot-stack.ts), `npm run build` (scripts/build.mjs) and the bundle bench, so that the
 * bundle measured and built locally is byte for byte the one deployed.
 */
import { buildSync, type BuildOptions } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LAMBDA_ENTRY = join(PROJECT_ROOT, 'lambda', 'handler.ts');
/** `.mjs`: the Node.js runtime loads it as an ES module without a package.json next to it. */
export const LAMBDA_BUNDLE_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_NODE_TARGET = 'node22';

/**
 * Some dependencies still `require()` Node built-ins; in an ES module bundle esbuild's shim
 * throws "Dynamic require of ... is not supported" unless a real `require` exists.
 */
const REQUIRE_SHIM =
  "import { createRequire as __vmbotCreateRequire } from 'node:module';" +
  'const require = __vmbotCreateRequire(import.meta.url);';

/**
 * The AWS SDK v3 is bundled, not taken from the runtime: the version that was tested (pinned
 * in package-lock.json) is the one that ships, instead of whatever the runtime carries that
 * month, and one minified file loads faster than resolving the SDK's hundreds of modules.
 */
export function lambdaBuildOptions(outdir: string, entry: string = LAMBDA_ENTRY): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: join(outdir, LAMBDA_BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: LAMBDA_NODE_TARGET,
    format: 'esm',
    // Prefer the ES module builds of dependencies: they tree-shake, the CommonJS builds do not.
    mainFields: ['module', 'main'],
    minify: true,
    // Source maps for readable stack traces (the function sets NODE_OPTIONS=--enable-source-maps).
    // Without sourcesContent: a trace needs file:line, not the sources, and the zip stays small.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'warning',
  };
}

/** Bundles the handler into `outdir` synchronously (CDK's local bundling is synchronous). */
export function bundleLambdaSync(outdir: string, entry?: string): void {
  buildSync(lambdaBuildOptions(outdir, entry));
}
