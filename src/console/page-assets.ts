import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/**
 * The console page: index.html, one script and one stylesheet bundled by esbuild from
 * src/console/web (Preact, d3 modules, the engine's unit formatting), built in memory on first
 * use and kept for the life of the process. Every byte the page loads comes from here.
 */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

export type PageAssets = ReadonlyMap<string, Asset>;

export const WEB_DIR = fileURLToPath(new URL('./web', import.meta.url));
export const PAGE_PATH = '/';
export const SCRIPT_PATH = '/console/app.js';
export const STYLE_PATH = '/console/app.css';
export const ICON_PATH = '/console/icon.svg';

/** esbuild's options for the page, also used by the bench to report the page's size. */
export function pageBuildOptions() {
  return {
    entryPoints: { app: join(WEB_DIR, 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome111', 'firefox115', 'safari16.4'] as string[],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: join(WEB_DIR, 'out'),
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  } satisfies BuildOptions;
}

export async function buildPageAssets(): Promise<PageAssets> {
  const [result, html, icon] = await Promise.all([
    build(pageBuildOptions()),
    readFile(join(WEB_DIR, 'index.html')),
    readFile(join(WEB_DIR, 'icon.svg')),
  ]);
  const output = (ext: string) => {
    const file = result.outputFiles?.find((f) => f.path.endsWith(ext));
    if (!file) throw new Error(`the console's bundle has no ${ext} file`);
    return Buffer.from(file.contents);
  };
  return new Map<string, Asset>([
    [PAGE_PATH, { type: 'text/html; charset=utf-8', body: html }],
    [SCRIPT_PATH, { type: 'text/javascript; charset=utf-8', body: output('.js') }],
    [STYLE_PATH, { type: 'text/css; charset=utf-8', body: output('.css') }],
    [ICON_PATH, { type: 'image/svg+xml', body: icon }],
  ]);
}
