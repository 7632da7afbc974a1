/**
 * The web console's page: what a browser downloads (script and stylesheet, raw and gzipped) and
 * how long vmbot takes to bundle it on the first request, next to a baseline page that only
 * renders a paragraph with Preact, built with the same options. Run alone with
 * `npx tsx bench/console.ts`.
 */
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type BuildResult } from 'esbuild';
import { pageBuildOptions, WEB_DIR } from '../src/console/page-assets';
import { median, printTable } from './stats';

const RUNS = 5;
const BASELINE = `import { render } from 'preact';
import { jsx } from 'preact/jsx-runtime';
render(jsx('p', { children: 'hello' }), document.body);`;

type Built = BuildResult<BuildOptions & { write: false; metafile: true }>;

async function measure(options: BuildOptions & { write: false; metafile: true }) {
  const times: number[] = [];
  let result: Built | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = (await build(options)) as Built;
    times.push(performance.now() - t0);
  }
  const files = result!.outputFiles;
  const bytes = (ext: string) => files.filter((f) => f.path.endsWith(ext));
  const raw = (ext: string) => bytes(ext).reduce((n, f) => n + f.contents.length, 0);
  const gz = (ext: string) => bytes(ext).reduce((n, f) => n + gzipSync(f.contents).length, 0);
  return {
    result: result!,
    ms: median(times),
    js: raw('.js'),
    jsGz: gz('.js'),
    css: raw('.css'),
    cssGz: gz('.css'),
  };
}

export async function benchConsole(): Promise<void> {
  const page = await measure(pageBuildOptions());
  const { entryPoints: _, ...options } = pageBuildOptions();
  const baseline = await measure({
    ...options,
    stdin: { contents: BASELINE, resolveDir: WEB_DIR, loader: 'js', sourcefile: 'baseline.js' },
  });
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  printTable(
    'console: the page a browser downloads (esbuild, minified), built on the first request',
    ['bundle', 'script', 'gzip', 'stylesheet', 'gzip', 'build ms'],
    [
      [
        'console page (src/console/web)',
        kib(page.js),
        kib(page.jsGz),
        kib(page.css),
        kib(page.cssGz),
        page.ms,
      ],
      [
        'baseline (Preact, one paragraph)',
        kib(baseline.js),
        kib(baseline.jsGz),
        '-',
        '-',
        baseline.ms,
      ],
      [
        'ratio',
        (page.js / baseline.js).toFixed(1),
        (page.jsGz / baseline.jsGz).toFixed(1),
        '',
        '',
        (page.ms / baseline.ms).toFixed(1),
      ],
    ],
  );
  // Where the script's bytes come from, by package (ours: by folder).
  const byOrigin = new Map<string, number>();
  for (const output of Object.values(page.result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (input.endsWith('.css')) continue;
      const origin = input.startsWith('node_modules/')
        ? input.split('/')[1]!
        : input.startsWith('src/console/web/')
          ? 'src/console/web (the page)'
          : dirname(input);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + bytesInOutput);
    }
  }
  printTable(
    'console: the script by origin',
    ['origin', 'minified'],
    [...byOrigin].sort((a, b) => b[1] - a[1]).map(([origin, n]) => [origin, kib(n)]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchConsole();
