/**
 * How the Lambda is bundled: one set of esbuild options shared by the CDK stack
 * (infra/vmbot-stack.ts), `npm run build` (scripts/build.mjs) and the bundle bench, so that the
 * bundle measured and built locally is byte for byte the one deployed.
 */
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LAMBDA_ENTRY = join(PROJECT_ROOT, 'lambda', 'handler.ts');
/** `.mjs`: the Node.js runtime loads it as an ES module without a package.json next to it. */
export const LAMBDA_BUNDLE_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_NODE_TARGET = 'node22';
/** Where the split-off chunks go, relative to the output folder. */
export const LAMBDA_CHUNK_DIR = 'chunks';

/**
 * Some dependencies still `require()` Node built-ins; in an ES module bundle esbuild's shim
 * throws "Dynamic require of ... is not supported" unless a real `require` exists. The banner
 * goes on every chunk: each is its own module scope and may hold the shim.
 */
const REQUIRE_SHIM =
  "import { createRequire as __vmbotCreateRequire } from 'node:module';" +
  'const require = __vmbotCreateRequire(import.meta.url);';

/**
 * The AWS SDK v3 is bundled, not taken from the runtime: the version that was tested (pinned
 * in package-lock.json) is the one that ships, instead of whatever the runtime carries that
 * month, and minified files load faster than resolving the SDK's hundreds of modules.
 *
 * Code splitting: the SDK reaches its credential providers (SSO, ini, process, web identity,
 * IMDS, ...) through `import()`, so each becomes a chunk of its own that is loaded only when
 * that provider is tried. In Lambda the environment credentials are found first and those
 * chunks are never loaded: cold init parses and runs only the entry and the chunks it imports
 * statically. The output is a folder (entry + chunks/), and the whole folder is the asset.
 */
export function lambdaBuildOptions(outdir: string, entry: string = LAMBDA_ENTRY): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    entryNames: 'index',
    chunkNames: `${LAMBDA_CHUNK_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    // Fixed so that the output (and the metafile's paths) do not depend on where it runs from.
    absWorkingDir: PROJECT_ROOT,
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
    // Costs nothing on disk (it is returned, not written) and tells what loads at init.
    metafile: true,
    logLevel: 'warning',
  };
}

/** Bundles the handler into `outdir` synchronously (CDK's local bundling is synchronous). */
export function bundleLambdaSync(outdir: string, entry?: string): void {
  buildSync(lambdaBuildOptions(outdir, entry));
}

export interface BundleFile {
  /** Relative to the output folder, with `/` separators (e.g. `chunks/chunk-AB12CD34.mjs`). */
  path: string;
  bytes: number;
  /** For a chunk that an `import()` reaches: the package (or file) imported there. */
  splitAt?: string;
}

/** What a cold start loads: the code files of a split bundle, source maps left out. */
export interface LambdaBundleLayout {
  entry: BundleFile;
  /** The entry and every chunk it imports statically, directly or not: loaded at init. */
  atInit: BundleFile[];
  /** Chunks reached only through an `import()`: loaded when (if ever) that import runs. */
  lazy: BundleFile[];
  /** Bytes of the source maps of all files. */
  mapBytes: number;
}

/**
 * Sorts the outputs of a build made with `lambdaBuildOptions(outdir)` into what a cold start
 * loads and what it does not, following the static imports from the entry in the metafile.
 */
export function lambdaBundleLayout(metafile: Metafile, outdir: string): LambdaBundleLayout {
  // The metafile's paths are relative to the working directory (PROJECT_ROOT, see above).
  const inOutdir = (path: string) =>
    relative(outdir, resolve(PROJECT_ROOT, path)).replace(/\\/g, '/');
  const outputs = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [inOutdir(path), output]),
  );
  const fileOf = (path: string): BundleFile => {
    const output = outputs.get(path);
    if (output === undefined) throw new Error(`the build has no ${path}`);
    const splitAt = path === LAMBDA_BUNDLE_FILE ? undefined : moduleName(output.entryPoint);
    return { path, bytes: output.bytes, ...(splitAt === undefined ? {} : { splitAt }) };
  };
  const entry = fileOf(LAMBDA_BUNDLE_FILE);

  const loaded = new Set<string>();
  const pending = [entry.path];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs.get(path)?.imports ?? []) {
      if (imported.kind === 'import-statement' && imported.external !== true)
        pending.push(inOutdir(imported.path));
    }
  }

  const code = [...outputs.keys()].filter((path) => !path.endsWith('.map')).sort();
  const maps = [...outputs].filter(([path]) => path.endsWith('.map'));
  return {
    entry,
    atInit: [entry, ...code.filter((path) => loaded.has(path) && path !== entry.path).map(fileOf)],
    lazy: code.filter((path) => !loaded.has(path)).map(fileOf),
    mapBytes: maps.reduce((sum, [, output]) => sum + output.bytes, 0),
  };
}

/**
 * The module an `import()` reached, short: `node_modules/@aws-sdk/credential-provider-sso/dist-es/
 * index.js` is `@aws-sdk/credential-provider-sso`; a file of the project keeps its path.
 */
function moduleName(entryPoint: string | undefined): string | undefined {
  if (entryPoint === undefined) return undefined;
  const inPackage = entryPoint.split('node_modules/').pop() ?? entryPoint;
  if (inPackage === entryPoint) return entryPoint;
  const parts = inPackage.split('/');
  const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const rest = parts
    .slice(nameLength)
    .join('/')
    .replace(/^dist-[a-z]+\//, '')
    .replace(/(^|\/)index\.m?js$/, '')
    .replace(/\.m?js$/, '');
  return rest === '' ? name : `${name}/${rest}`;
}
