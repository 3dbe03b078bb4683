/**
 * The reference app under measurement, as a user runs it (the CLI in a child process):
 * - `analyze <file> <out> <runs>`: `analyze --json` runs; per-stage seconds and peak RSS of each run;
 * - `api <artifacts> <seconds> [cli.ts]`: `serve` in a child process, then autocannon (10 connections) on
 *   each endpoint for a few seconds: requests/s and p50 / p99 latency. `cli.ts` runs another
 *   revision's CLI (a git worktree) to compare servers in the same run;
 * - `filters <artifacts> <count> [cli.ts]`: `serve`, then `count` requests to `/api/sales` and
 *   `/api/products/top`, each with a filter (dates, country) not asked before; the server's RSS before,
 *   after, and its peak (VmHWM), from /proc.
 * Prints one JSON line.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const cli = resolve(root, 'examples/reference-app/src/cli.ts');
const [mode, target, arg3, arg4] = process.argv.slice(2);

/** `serve --port 0` of the CLI at `cliPath` in a child process; resolves when it listens. */
async function serve(cliPath: string, artifacts: string) {
  // the load tool is one client: this revision's per-client rate limit (3000/min by default) is
  // turned off so that the table measures the server, not its 429s (older revisions had no limit)
  const extra = cliPath === cli ? ['--rate-limit', '0'] : [];
  const child = spawn(tsx, ['--conditions=@shopper-spectrum/source', cliPath, 'serve', '--artifacts', artifacts, '--port', '0', '--quiet', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((ok, fail) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += String(d);
      const m = text.match(/Dashboard: (http:\/\/\S+?)\//);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
  return { child, url };
}

/** The RSS and peak RSS (VmHWM) of a process, MiB, from /proc (the server is tsx's child: take the largest in its tree). */
function rssOf(pid: number): { rss: number; hwm: number } {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const c of readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) tree.push(Number(c));
    } catch { /* gone */ }
  }
  let best = { rss: 0, hwm: 0 };
  for (const p of tree) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
      if (kb('VmRSS') > best.rss) best = { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    } catch { /* gone */ }
  }
  return best;
}

if (mode === 'analyze') {
  const runs = Number(arg4 ?? 3);
  const out: { timings: Record<string, number>; peakMemoryMiB: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const doc = JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', cli, 'analyze', '--data', target!, '--out', arg3!, '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    out.push({ timings: doc.timings, peakMemoryMiB: doc.peakMemoryMiB });
  }
  console.log(JSON.stringify({ runs: out }));
} else if (mode === 'filters') {
  const count = Number(arg3 ?? 1000);
  const { child, url } = await serve(arg4 ?? cli, target!);
  const countries = ['', 'United Kingdom', 'France', 'Germany', 'EIRE', 'Spain', 'Netherlands', 'Belgium'];
  const day = (n: number) => new Date(Date.UTC(2010, 11, 1) + n * 86_400_000).toISOString().slice(0, 10);
  await fetch(`${url}/api/sales`);
  const before = rssOf(child.pid!);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const from = i % 300;
    const to = from + 20 + ((i * 7) % 60) + Math.floor(i / 300); // (from, to, country) never repeats
    const country = countries[i % countries.length]!;
    const q = `from=${day(from)}&to=${day(to)}${country ? `&country=${encodeURIComponent(country)}` : ''}`;
    const r = await fetch(`${url}${i % 2 ? '/api/products/top' : '/api/sales'}?${q}`);
    if (r.status !== 200) throw new Error(`${r.status} for ${q}: ${await r.text()}`);
    await r.arrayBuffer();
  }
  const seconds = (performance.now() - started) / 1000;
  const after = rssOf(child.pid!);
  child.kill();
  console.log(JSON.stringify({ count, seconds, rssBeforeMiB: before.rss, rssAfterMiB: after.rss, peakMiB: after.hwm }));
} else if (mode === 'api') {
  const seconds = Number(arg3 ?? 5);
  const { child, url } = await serve(arg4 ?? cli, target!);
  const customers = readFileSync(join(target!, 'rfm.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
  const products = readFileSync(join(target!, 'eda/top-products.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
  const countries = ['United Kingdom', 'France', 'Germany', 'EIRE', 'Spain', 'Netherlands'];
  const rotate = (paths: (i: number) => string) => {
    let i = 0;
    return [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths(i++) }) }];
  };
  const endpoints: [string, ReturnType<typeof rotate>][] = [
    ['GET /api/customers/:id/recommendations?k=10 (every customer in turn)', rotate((i) => `/api/customers/${customers[i % customers.length]}/recommendations?k=10`)],
    ['GET /api/products/:stockCode/similar?k=10 (top 50 products in turn)', rotate((i) => `/api/products/${encodeURIComponent(products[i % products.length]!)}/similar?k=10`)],
    ['GET /api/products/search?q=... (typed words)', rotate((i) => `/api/products/search?q=${encodeURIComponent(['heart', 'lunch bag', 'chrismas', 't-light holder', 'vintage', 'cake stand'][i % 6]!)}`)],
    ['POST /api/segments/predict', rotate(() => '/api/segments/predict').map((r) => ({ ...r, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"recency":30,"frequency":5,"monetary":1500}' }))],
    ['GET /api/sales?from&to&country (6 filters in turn, cached)', rotate((i) => `/api/sales?from=2011-03-01&to=2011-08-31&country=${encodeURIComponent(countries[i % countries.length]!)}`)],
    ['GET /api/health', rotate(() => '/api/health')],
  ];
  const results: { endpoint: string; load: string; requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number }[] = [];
  for (const [endpoint, requests] of endpoints) {
    // saturation: 10 connections as fast as the server answers; moderate: 200 requests/s in all
    for (const [load, rate] of [['saturation', undefined], ['moderate (200 req/s)', 200]] as const) {
      const r = await autocannon({ url, connections: 10, duration: seconds, requests: requests as never, ...(rate ? { overallRate: rate } : {}) });
      results.push({ endpoint, load, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
    }
  }
  child.kill();
  console.log(JSON.stringify({ connections: 10, seconds, results }));
}
