/**
 * The built CLI (tsup, as `pnpm pack` builds it) starts light: `--help` and `analyze --help` load
 * Node built-ins and the CLI's own light chunks only (no library, no vega, no server), `serve
 * --help` the same (no server, fastify or vega either); and the bin runs through a link, as npm installs it.
 * Which modules load is recorded by a module hook, not timed (speed: bench/src/startup.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('..', import.meta.url));
// inside the app, so that the build's bare imports resolve to the app's dependencies
const dir = join(app, 'node_modules', '.cache', `startup-test-${process.pid}`);
const out = join(dir, 'dist');
const log = join(dir, 'imports.log');

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tsupCli = join(dirname(createRequire(import.meta.url).resolve('tsup')), 'cli-default.js');
  const built = spawnSync(process.execPath, [tsupCli, '--out-dir', out, '--silent'], { cwd: app, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`);
  writeFileSync(join(dir, 'record.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI with the hook; returns its output and every module URL it loaded. */
function runBuilt(args: string[], nodeFlags: string[] = []): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', pathToFileURL(join(dir, 'record.mjs')).href, join(out, 'cli.js'), ...args], { cwd: dir, encoding: 'utf8' });
  let loaded: string[] = [];
  try {
    loaded = readFileSync(log, 'utf8').trim().split('\n');
  } catch {
    /* nothing loaded through the hook */
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

const outUrl = pathToFileURL(out).href;
/** What --help may load: Node's built-ins and the build's own files (which import nothing else, as the list shows). */
const light = (url: string) => url.startsWith('node:') || url.startsWith(`${outUrl}/`);

describe('the built CLI starts light', () => {
  it('builds cli.js (the bin, with its shebang) and evaluateWorker.js into one directory', () => {
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'evaluateWorker.js']));
    expect(readFileSync(join(out, 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(files.every((f) => f.endsWith('.js'))).toBe(true);
  });

  it('--help loads Node built-ins and its own light chunks only', () => {
    const r = runBuilt(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.loaded.length).toBeGreaterThan(1);
    expect(r.loaded.filter((u) => !light(u))).toEqual([]);
  });

  it('analyze --help loads Node built-ins and its own light chunks only, and lists the names from the light module', () => {
    const r = runBuilt(['analyze', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ml-hclust');
    expect(r.stdout).toContain('learned-ranker');
    expect(r.loaded.filter((u) => !light(u))).toEqual([]);
    const own = r.loaded.filter((u) => u.startsWith(outUrl)).map((u) => u.slice(outUrl.length + 1));
    expect(own.some((f) => /^(analyze|server|serveCommand|recommenders|segmentation)/.test(f))).toBe(false);
  });

  it('serve --help loads Node built-ins and its own light chunks only: no library, server, fastify or vega', () => {
    const r = runBuilt(['serve', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('--artifacts');
    expect(r.loaded.some((u) => u.includes('serveCommand'))).toBe(true);
    expect(r.loaded.filter((u) => !light(u))).toEqual([]);
    const own = r.loaded.filter((u) => u.startsWith(outUrl)).map((u) => u.slice(outUrl.length + 1));
    expect(own.some((f) => /^(analyze|server-|recommenders|segmentation|errors)/.test(f))).toBe(false);
  });

  it('runs through a link named shopper-spectrum, as npm installs the bin', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(join(out, 'cli.js'), join(bin, 'shopper-spectrum'));
    const r = spawnSync(join(bin, 'shopper-spectrum'), ['analyze', '--help'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: .* analyze \[options\]/);
  });

  it('exits 2 with the main help for an unknown command, loading nothing heavy', () => {
    const r = runBuilt(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Unknown command "frobnicate"/);
    expect(r.loaded.filter((u) => !light(u))).toEqual([]);
  });
});
