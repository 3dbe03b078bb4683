/**
 * What a user without ml-kmeans / ml-hclust sees: the subpath is bundled (as the published ESM and
 * CommonJS builds are, with the optional peers left external) into a folder with no node_modules,
 * and run in a fresh Node process, so the peers are really missing. Then a user's project with
 * only ml-kmeans installed: the subpath bundled into their app by esbuild, for the browser (esm and
 * iife) and for Node, and required on a Node that cannot require ES modules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBuild, cjsPeers } from '../tsup.config.js';

const dir = mkdtempSync(join(tmpdir(), 'cluster-mljs-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function bundle(format: 'esm' | 'cjs'): Promise<string> {
  const outfile = join(dir, format === 'esm' ? 'mljs.mjs' : 'mljs.cjs');
  await build({ entryPoints: [src('./mljs.ts')], bundle: true, platform: 'node', format, target: 'node20', outfile, conditions: ['@shopper-spectrum/source'], external: ['ml-kmeans', 'ml-hclust', 'ml-matrix'], plugins: [cjsPeers], logLevel: 'silent' });
  return outfile;
}

// no NODE_PATH: pnpm's bin shims set one that would let require() find the workspace's copies
const { NODE_PATH: _ignored, ...env } = process.env;

/** Runs a file in a fresh Node process; its one line of JSON output. */
function runFile<T>(file: string, flags: string[] = []): T {
  const r = spawnSync(process.execPath, [...flags, file], { cwd: dirname(file), encoding: 'utf8', env });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim());
}

function run<T>(script: string): T {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  return runFile(file);
}

/** What an adapter's creation gave in the app: its result, or the error's fields. */
interface Attempt {
  readonly code: string;
  readonly name: string;
  readonly value: string;
  readonly message: string;
}

/** What the app prints. */
interface AppOutput {
  readonly early: string | Attempt;
  readonly available: Record<string, boolean>;
  readonly kmeans: string | Attempt;
  readonly hclust: string | Attempt;
}

const probe = (load: string) => `
const m = ${load};
const out = { loaded: true };
for (const make of [() => m.mlKmeansClusterer({ seed: 1 }), () => m.mlHclustClusterer()]) {
  try { make(); } catch (e) { out[e.parameter] = { code: e.code, name: e.name, message: e.message, parameter: e.parameter }; }
}
console.log(JSON.stringify(out));
`;

describe('the mljs subpath without its optional peers', () => {
  it('imports (ESM), and each adapter throws MISSING_DEPENDENCY with the npm command', async () => {
    const file = await bundle('esm');
    const out = run(probe(`await import(${JSON.stringify(file)})`)) as Record<string, { code: string; name: string; message: string }> & { loaded: boolean };
    expect(out.loaded).toBe(true);
    expect(out['ml-kmeans']).toMatchObject({ code: 'MISSING_DEPENDENCY', name: 'ClusterError' });
    expect(out['ml-kmeans']!.message).toContain('npm install ml-kmeans');
    expect(out['ml-kmeans']!.message).toContain('not installed');
    expect(out['ml-hclust']!.code).toBe('MISSING_DEPENDENCY');
    expect(out['ml-hclust']!.message).toContain('npm install ml-hclust');
  });

  it('requires (CommonJS), and each adapter throws MISSING_DEPENDENCY with the npm command', async () => {
    const file = await bundle('cjs');
    const out = run(`import { createRequire } from 'node:module';\n${probe(`createRequire(import.meta.url)(${JSON.stringify(file)})`)}`) as Record<string, { code: string; message: string }> & { loaded: boolean };
    expect(out.loaded).toBe(true);
    expect(out['ml-kmeans']!.code).toBe('MISSING_DEPENDENCY');
    expect(out['ml-kmeans']!.message).toContain('npm install ml-kmeans');
    expect(out['ml-hclust']!.message).toContain('npm install ml-hclust');
  });
});

describe('the main entry', () => {
  it('never imports ml-kmeans, ml-hclust or ml-matrix', async () => {
    const result = await build({ entryPoints: [src('./index.ts')], bundle: true, platform: 'neutral', format: 'esm', write: false, metafile: true, conditions: ['@shopper-spectrum/source'], logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('src/index.ts'))).toBe(true);
    expect(inputs.filter((p) => /ml-(kmeans|hclust|matrix)/.test(p))).toEqual([]);
  });
});

/**
 * A user's project with only ml-kmeans installed: @shopper-spectrum/cluster laid out as published
 * (its package.json, and the dist files built from src as tsup builds them), ml-kmeans linked in.
 */
async function projectWithOnlyMlKmeans(): Promise<string> {
  const root = mkdtempSync(join(dir, 'project-'));
  const pkg = join(root, 'node_modules', '@shopper-spectrum', 'cluster');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  copyFileSync(src('../package.json'), join(pkg, 'package.json'));
  const external = ['@shopper-spectrum/cluster', 'ml-kmeans', 'ml-hclust', 'ml-matrix'];
  const common: BuildOptions = { bundle: true, target: 'es2022', logLevel: 'silent', conditions: ['@shopper-spectrum/source'] };
  await Promise.all([
    build({ ...common, entryPoints: [src('./index.ts')], outfile: join(pkg, 'dist', 'index.js'), format: 'esm', platform: 'neutral' }),
    build({ ...common, entryPoints: [src('./index.ts')], outfile: join(pkg, 'dist', 'index.cjs'), format: 'cjs', platform: 'node' }),
    build({ ...common, entryPoints: [src('./mljs.ts')], outfile: join(pkg, 'dist', 'mljs.js'), format: 'esm', platform: 'node', external }),
    build({ ...common, entryPoints: [src('./mljs.ts')], outfile: join(pkg, 'dist', 'mljs.cjs'), format: 'cjs', platform: 'node', external, plugins: [cjsPeers] }),
    build(browserBuild(join(pkg, 'dist', 'mljs.browser.js'), { logLevel: 'silent', sourcemap: false })),
  ]);
  symlinkSync(realpathSync(src('../node_modules/ml-kmeans')), join(root, 'node_modules', 'ml-kmeans'), 'dir');
  return root;
}

/** An app that creates each adapter at once, then again after mljsReady(), and prints what happened. */
const app = (load: string) => `${load}
const attempt = (f) => { try { return f(); } catch (e) { return { code: e.code, name: e.name, value: e.value, message: e.message }; } };
const early = attempt(() => (mlKmeansClusterer({ seed: 1 }), 'created'));
mljsReady().then((available) => console.log(JSON.stringify({
  early,
  available,
  kmeans: attempt(() => [...mlKmeansClusterer({ seed: 1 })({ rows: 4, cols: 1, data: Float64Array.of(0, 1, 10, 11) }, 2).labels].join(',')),
  hclust: attempt(() => (mlHclustClusterer(), 'created')),
})));
`;
const esmApp = app("import { mljsReady, mlHclustClusterer, mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';");
const cjsApp = app("const { mljsReady, mlHclustClusterer, mlKmeansClusterer } = require('@shopper-spectrum/cluster/mljs');");

describe('a project with only ml-kmeans installed', () => {
  let root = '';
  beforeAll(async () => {
    root = await projectWithOnlyMlKmeans();
    writeFileSync(join(root, 'app.mjs'), esmApp);
    writeFileSync(join(root, 'app.cjs'), cjsApp);
  });

  /** Bundles the app with esbuild as a user would (nothing resolvable but the project's node_modules). */
  async function bundleApp(entry: string, platform: 'browser' | 'node', format: 'esm' | 'iife' | 'cjs' | undefined): Promise<{ outfile: string; inputs: string[] }> {
    const outfile = join(root, `out-${platform}-${format ?? 'default'}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    const result = await build({ entryPoints: [join(root, entry)], absWorkingDir: root, bundle: true, platform, ...(format === undefined ? {} : { format }), outfile, nodePaths: [], metafile: true, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    return { outfile, inputs: Object.keys(result.metafile!.inputs) };
  }

  const missingHclust = (out: AppOutput) => {
    expect(out.available).toEqual({ 'ml-kmeans': true, 'ml-hclust': false });
    expect(out.kmeans).toBe('1,1,0,0');
    expect(out.hclust).toMatchObject({ code: 'MISSING_DEPENDENCY', name: 'ClusterError', value: 'not installed' });
    expect((out.hclust as Attempt).message).toContain('npm install ml-hclust');
  };

  for (const format of [undefined, 'esm', 'iife'] as const) {
    it(`bundles for the browser (${format ?? 'default'} format): ml-kmeans works once mljsReady() resolves, ml-hclust fails at run time with MISSING_DEPENDENCY`, async () => {
      const { outfile, inputs } = await bundleApp('app.mjs', 'browser', format);
      expect(inputs.some((p) => p.endsWith('dist/mljs.browser.js'))).toBe(true);
      expect(inputs.filter((p) => p.includes('ml-hclust'))).toEqual([]);
      expect(readFileSync(outfile, 'utf8')).not.toMatch(/^\s*(var \w+ = )?await /m);
      const out = runFile<AppOutput>(outfile);
      // the peers load asynchronously in the browser build: created too early, the adapter says to wait
      expect(out.early).toMatchObject({ code: 'MISSING_DEPENDENCY', value: 'still loading' });
      expect((out.early as Attempt).message).toContain('await mljsReady()');
      missingHclust(out);
    });
  }

  it('bundles for Node as an ES module: the adapters are ready with the import', async () => {
    const out = runFile<AppOutput>((await bundleApp('app.mjs', 'node', 'esm')).outfile);
    expect(out.early).toBe('created');
    missingHclust(out);
  });

  it('bundles for Node as CommonJS through require(): the missing peer is left to run time', async () => {
    const { outfile, inputs } = await bundleApp('app.cjs', 'node', 'cjs');
    expect(inputs.some((p) => p.endsWith('dist/mljs.cjs'))).toBe(true);
    const out = runFile<AppOutput>(outfile);
    expect(out.early).toBe('created');
    missingHclust(out);
  });

  it("requires (CommonJS) on a Node that cannot require ES modules: MISSING_DEPENDENCY says Node >= 20.19 or import()", () => {
    // Node >= 20.19 / 22.12 requires ES modules; this flag turns that off, as older Node is
    const canRequireEsm = (process.features as { require_module?: boolean }).require_module !== undefined;
    const out = runFile<AppOutput>(join(root, 'app.cjs'), canRequireEsm ? ['--no-experimental-require-module'] : []);
    expect(out.early).toMatchObject({ code: 'MISSING_DEPENDENCY', value: 'installed but not loadable with require' });
    expect((out.early as Attempt).message).toContain('Node >= 20.19');
    expect((out.early as Attempt).message).toContain("import('@shopper-spectrum/cluster/mljs')");
    expect(out.hclust).toMatchObject({ code: 'MISSING_DEPENDENCY', value: 'not installed' });
    if (canRequireEsm) {
      const modern = runFile<AppOutput>(join(root, 'app.cjs'));
      expect(modern.early).toBe('created');
      missingHclust(modern);
    }
  });
});
