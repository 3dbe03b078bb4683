/**
 * The analysis in Debian's Chromium: the packages bundled for the browser by esbuild, the page served
 * on loopback, a CSV.gz picked in the file input, and the page's report compared with the same
 * analysis run in Node and with the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleOutputTest } from '../../../scripts/exampleTest.js';
import { analyse } from './analysis.js';
import { buildPage } from './build.js';
import { sampleGz } from './sample.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

exampleOutputTest(new URL('..', import.meta.url));

describe.runIf(existsSync(CHROMIUM) || process.env.CI)('the analysis in Chromium', () => {
  const dist = mkdtempSync(join(tmpdir(), 'browser-analysis-'));
  let server: Server;
  let browser: Browser;
  let url: string;
  let bundleBytes = 0;
  beforeAll(async () => {
    bundleBytes = await buildPage(dist);
    server = createServer((req, res) => {
      const name = (req.url ?? '/') === '/' ? 'index.html' : (req.url ?? '').slice(1).split('?')[0]!;
      const file = join(dist, name);
      if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return void res.writeHead(404).end();
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.gz': 'application/gzip' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('bundles with no Node built-in', () => {
    expect(bundleBytes).toBeGreaterThan(10_000);
    expect(readFileSync(join(dist, 'app.js'), 'utf8')).not.toMatch(/node:(fs|zlib|stream|path)/);
  });

  it('analyses a CSV.gz picked in the file input exactly as Node does', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url);
    const picked = join(dist, 'orders.csv.gz');
    writeFileSync(picked, sampleGz());
    await page.setInputFiles('#file', picked);
    await page.waitForSelector('#output[data-done]', { timeout: 60_000 });
    expect(await page.getAttribute('#output', 'data-done')).toBe('true');
    const inBrowser = (await page.textContent('#output'))!.split('\n');
    expect(inBrowser).toEqual(await analyse(new Blob([sampleGz()]), '2011-11-01'));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('reports a file it cannot read as a coded error on the page, not a blank page', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const bad = join(dist, 'notes.csv');
    writeFileSync(bad, 'name,colour\nkettle,red\n');
    await page.setInputFiles('#file', bad);
    await page.waitForSelector('#output[data-done]', { timeout: 30_000 });
    expect(await page.textContent('#output')).toMatch(/^Error MISSING_COLUMNS: /);
    await page.close();
  }, 60_000);

  it('builds from the command line too', () => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '../node_modules/tsx/dist/cli.mjs'), '--conditions=@shopper-spectrum/source', 'src/build.ts'], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
    expect(r.stdout).toMatch(/^built dist\/: index.html, app.js \(\d+ KiB\), sample.csv.gz/);
  }, 60_000);
});
