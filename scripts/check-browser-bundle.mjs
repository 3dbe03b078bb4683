#!/usr/bin/env node
/**
 * Every package's main entry (and `@shopper-spectrum/cluster/mljs`) bundles for a browser: esbuild `--bundle --platform=browser` from each
 * package's folder, failing on any Node built-in (esbuild cannot resolve `node:fs` and friends for the
 * browser) and on any `process`, `Buffer` or `require` left in the output.
 *
 *   node scripts/check-browser-bundle.mjs [--source]   (default: the built dist/, as users get it)
 *
 * Prints the bundle size of each package; exits 1 if one fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const source = process.argv.includes('--source');
const packages = ['core', 'rfm', 'cluster', 'metrics', 'recommend', 'clv', 'sql', 'arrow'].filter((p) => {
  try {
    return JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')).name !== undefined;
  } catch {
    return false;
  }
});
/** Each package's main entry, and the subpaths meant for browsers too (the mljs adapters, with their peers). */
const entries = [...packages.map((p) => [p, `@shopper-spectrum/${p}`]), ...(packages.includes('cluster') ? [['cluster', '@shopper-spectrum/cluster/mljs']] : [])];
const out = mkdtempSync(join(tmpdir(), 'browser-bundle-'));
let failed = 0;
for (const [p, name] of entries) {
  try {
    const r = await build({
      stdin: { contents: `import * as m from '${name}';\nglobalThis.__module = m;\n`, resolveDir: join(root, 'packages', p), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      conditions: source ? ['@shopper-spectrum/source'] : [],
      logLevel: 'silent',
      outfile: join(out, `${name.replaceAll('/', '_')}.js`),
    });
    const text = r.outputFiles[0].text;
    // a module specifier such as "node:fs" (not an object key like {node:a}), and Node globals
    const leaks = [/["'`]node:[a-z]/, /process\.env/, /\bBuffer\.from\(/, /require\(/]
      .filter((re) => re.test(text) && !(re.source.includes('Buffer') && text.includes('globalThis.Buffer')))
      .map((re) => re.source.replaceAll('\\', ''));
    if (leaks.length) {
      failed++;
      console.error(`✗ ${name}: the browser bundle still mentions ${leaks.join(', ')}`);
    } else console.log(`✓ ${name}: ${(text.length / 1024).toFixed(0)} KiB minified, no Node built-in`);
  } catch (error) {
    failed++;
    const errors = error.errors?.map((e) => `${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`) ?? [String(error)];
    console.error(`✗ ${name} does not bundle for the browser:\n  ${errors.slice(0, 5).join('\n  ')}`);
  }
}
rmSync(out, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
