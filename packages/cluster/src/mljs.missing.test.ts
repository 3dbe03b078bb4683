/**
 * What a user without ml-kmeans / ml-hclust sees: the subpath is bundled (as the published ESM and
 * CommonJS builds are, with the optional peers left external) into a folder with no node_modules,
 * and run in a fresh Node process, so the peers are really missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { cjsPeers } from '../tsup.config.js';

const dir = mkdtempSync(join(tmpdir(), 'cluster-mljs-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function bundle(format: 'esm' | 'cjs'): Promise<string> {
  const outfile = join(dir, format === 'esm' ? 'mljs.mjs' : 'mljs.cjs');
  await build({ entryPoints: [src('./mljs.ts')], bundle: true, platform: 'node', format, target: 'node20', outfile, conditions: ['@shopper-spectrum/source'], external: ['ml-kmeans', 'ml-hclust', 'ml-matrix'], plugins: [cjsPeers], logLevel: 'silent' });
  return outfile;
}

function run(script: string): { code?: string; name?: string; message?: string; parameter?: string; loaded?: boolean } {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, script);
  // no NODE_PATH: pnpm's bin shims set one that would let require() find the workspace's copies
  const { NODE_PATH: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim());
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
