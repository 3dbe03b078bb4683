/**
 * Bundles the page for the browser with esbuild (`platform: 'browser'`: a Node built-in reached from
 * the page would fail the build) and writes it with the sample log into `dist/`.
 *
 *   pnpm --dir examples/browser-analysis build      then serve dist/ with any static server
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sampleGz } from './sample.js';

const here = fileURLToPath(new URL('..', import.meta.url));

/** Builds the page into `outDir`; resolves to the bundle's size in bytes. */
export async function buildPage(outDir = join(here, 'dist')): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src/page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    outfile: join(outDir, 'app.js'),
    // the workspace sources (as `pnpm test` runs before any build); a user's project gets dist/
    conditions: ['@shopper-spectrum/source'],
    metafile: true,
    logLevel: 'silent',
  });
  copyFileSync(join(here, 'public/index.html'), join(outDir, 'index.html'));
  writeFileSync(join(outDir, 'sample.csv.gz'), sampleGz());
  return result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.bytes;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await buildPage();
  console.log(`built dist/: index.html, app.js (${(bytes / 1024).toFixed(0)} KiB), sample.csv.gz`);
}
