import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generateTransactionsCsv } from '@shopper-spectrum/core';
import { checkArtifacts, run } from '../test/helpers.js';
import { DEFAULT_MODELS } from './recommenders.js';

describe('analyze on a small synthetic log', () => {
  const out = mkdtempSync(join(tmpdir(), 'ss-analyze-'));
  let result: Awaited<ReturnType<typeof run>>;

  it('exits 0 and prints one JSON document with --json, progress on stderr', async () => {
    result = await run(['analyze', '--customers', '300', '--out', out, '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.rows.loaded).toBe(doc.rows.kept + doc.rows.rejected);
    expect(Object.values(doc.rows.rejectedBy as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(doc.rows.rejected);
    expect(doc.customers).toBeGreaterThan(100);
    expect(doc.products).toBeGreaterThan(10);
    expect(doc.rfmSegments.map((s: { segment: string }) => s.segment).sort()).toEqual(['At-Risk', 'High-Value', 'Occasional', 'Regular']); // issue 16: the business names are the RFM segments'; clusters are named by their centres
    expect(new Set(doc.segments.map((s: { name: string }) => s.name)).size).toBe(4);
    expect(doc.segments.reduce((n: number, s: { size: number }) => n + s.size, 0)).toBe(doc.customers);
    for (const s of doc.segments) expect(Object.keys(s.centroid)).toEqual(['recency', 'frequency', 'monetary']);
    expect(doc.evaluation).toHaveLength(DEFAULT_MODELS.length * 2 * 2); // models x policies x K
    for (const r of doc.evaluation) {
      expect(Object.keys(r).sort()).toEqual(['hitRate', 'k', 'map', 'ndcg', 'policy', 'precision', 'recall', 'recommender', 'users']);
      expect(['exclude', 'allow']).toContain(r.policy);
      expect([5, 10]).toContain(r.k);
      for (const m of ['precision', 'recall', 'map', 'ndcg', 'hitRate']) expect(r[m]).toBeGreaterThanOrEqual(0);
    }
    for (const stage of ['load', 'clean', 'explore', 'rfm', 'segment', 'recommend', 'evaluate', 'charts', 'write', 'total']) expect(doc.timings[stage]).toBeGreaterThanOrEqual(0);
    expect(result.stderr).toMatch(/\[1\/9\] load: .* rows\/s/);
  });

  it('writes every artifact it lists, each of which parses', () => {
    const summary = checkArtifacts(out);
    for (const required of ['report.html', 'summary.md', 'rfm.csv', 'cleaning-report.json', 'evaluation.csv', 'models/segment-model.json', 'models/choose-k.json', 'models/item-knn.ssrm']) expect(summary.artifacts).toContain(required);
    for (const chart of ['sales-trend', 'top-products', 'pareto', 'rfm-distributions', 'choose-k', 'cluster-scatter', 'dendrogram', 'similarity-heatmap']) expect(summary.artifacts).toContain(`charts/${chart}.svg`);
  });

  it('fills the Timings of summary.md and report.html with the final figures of analysis.json', () => {
    const summary = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    const timingsMd = /## Timings \(seconds\)\n\n(.*)\n/.exec(md)?.[1] ?? '';
    expect(timingsMd).toBe(Object.entries(summary.timings as Record<string, number>).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' · '));
    expect(timingsMd).toMatch(/ total \d+\.\d\d$/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(/<h2>Timings<\/h2><p>(.*?)<\/p>/.exec(html)?.[1]).toMatch(/^load \d+\.\d\d s · .* total \d+\.\d\d s$/);
  });

  it('accounts for every row in the cleaning report', () => {
    const { load, cleaning } = JSON.parse(readFileSync(join(out, 'cleaning-report.json'), 'utf8'));
    expect(load.rowsRead).toBe(load.rowsKept + load.rowsRejected);
    expect(cleaning.rowsIn).toBe(load.rowsKept);
    expect(cleaning.rowsIn).toBe(cleaning.rowsKept + cleaning.dropped.reduce((n: number, d: { rows: number }) => n + d.rows, 0));
  });

  it('gives the same results for the same seed', async () => {
    const again = await run(['analyze', '--customers', '300', '--out', mkdtempSync(join(tmpdir(), 'ss-analyze-')), '--json', '--quiet']);
    const strip = (s: string) => ({ ...JSON.parse(s), timings: null, peakMemoryMiB: null });
    expect(strip(again.stdout)).toEqual(strip(result.stdout));
    expect(again.stderr).toBe('');
  });

  it('reads a file given with --data and honours --k, --cutoff and --models', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-analyze-'));
    const file = join(dir, 'log.csv');
    writeFileSync(file, generateTransactionsCsv({ seed: 9, customers: 120 }));
    const r = await run(['--', 'analyze', '--data', file, '--preset', 'strict', '--k', '3', '--cutoff', '2011-10-01', '--models', 'popularity,repeat-purchase', '--out', join(dir, 'out'), '--json', '--quiet']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.source).toBe(file);
    expect(doc.segments).toHaveLength(3);
    expect(doc.evaluationProtocol.cutoff).toBe('2011-10-01');
    expect([...new Set(doc.evaluation.map((e: { recommender: string }) => e.recommender))]).toEqual(['popularity', 'repeat-purchase']);
    expect(doc.rows.rejectedBy.duplicate).toBeGreaterThan(0); // the generator writes 1% of lines twice; only strict drops them
  });
});

describe('analyze --clusterer', () => {
  it.each(['ward', 'ml-kmeans', 'ml-hclust'])('segments with %s and saves a model the dashboard predicts with', async (name) => {
    const out = mkdtempSync(join(tmpdir(), 'ss-clusterer-'));
    const r = await run(['analyze', '--customers', '150', '--clusterer', name, '--models', 'popularity', '--out', out, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.clusterer).toBe(name);
    expect(doc.segments).toHaveLength(4);
    expect(doc.segments.reduce((n: number, s: { size: number }) => n + s.size, 0)).toBe(doc.customers);
    const model = JSON.parse(readFileSync(join(out, 'models/segment-model.json'), 'utf8'));
    expect(model.clusterer).toBe(name);
    expect(model.clustering.type).toBe('clustering');
    const { segmentPredictor } = await import('./segmentation.js');
    expect(model.names).toContain(segmentPredictor(model)(10, 8, 3000).segment);
  }, 60_000);
});

describe('a recommender of your own, through --plugin', () => {
  const plugin = fileURLToPath(new URL('../../custom-recommender/trending.mjs', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'ss-plugin-'));

  it('analyze evaluates, saves and serves the plugin kind like a built-in', async () => {
    const r = await run(['analyze', '--customers', '200', '--plugin', plugin, '--models', 'popularity,trending', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([...new Set(doc.evaluation.map((e: { recommender: string }) => e.recommender))]).toEqual(['popularity', 'trending']);
    expect(doc.servedModels).toContain('trending');
    expect(doc.artifacts).toContain('models/trending.ssrm');
  }, 60_000);

  it('serve, a process of its own, loads it with the same --plugin and answers with it', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const child = spawn(process.execPath, [tsx, '--conditions=@shopper-spectrum/source', fileURLToPath(new URL('./cli.ts', import.meta.url)), 'serve', '--artifacts', out, '--plugin', plugin, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /Dashboard: (http:\/\/[^/]+)\//.exec(text);
          if (m) ok(m[1]!);
        });
        child.stderr.on('data', (d: Buffer) => fail(new Error(d.toString())));
        child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { models: string[] };
      expect(health.models).toContain('trending');
      const customer = readFileSync(join(out, 'rfm.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
      const body = (await (await fetch(`${url}/api/customers/${customer}/recommendations?model=trending&k=3`)).json()) as { model: string; recommendations: { because: string }[] };
      expect(body.model).toBe('trending');
      expect(body.recommendations).toHaveLength(3);
      expect(body.recommendations[0]!.because).toMatch(/^trending: /);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('a plugin whose fit throws is the plugin\'s error (INVALID_PLUGIN, exit 2), not a bug of the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-plugin-bad-'));
    const bad = join(dir, 'boom.mjs');
    writeFileSync(bad, "export default { kind: 'boom', description: 'fails', defaults: {}, fit() { throw new TypeError('plugin bug'); }, restore() { throw new TypeError('no'); } };\n");
    const r = await run(['analyze', '--customers', '120', '--plugin', bad, '--models', 'boom', '--out', join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error INVALID_PLUGIN \[--plugin\]: The plugin recommender 'boom' failed to fit: plugin bug/);
  }, 60_000);

  it('serve without the plugin refuses the file by name (UNKNOWN_KIND, exit 2)', async () => {
    const { unregisterRecommender } = await import('@shopper-spectrum/recommend');
    unregisterRecommender('trending');
    const r = await run(['serve', '--artifacts', out, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/models\/trending\.ssrm holds a 'trending' model, a kind registered by a plugin: start serve with the same --plugin/);
  });

  it.each([
    ['a missing file', ['--plugin', '/nonexistent/x.mjs'], 3, /Cannot read --plugin "\/nonexistent\/x.mjs": no such file/],
    ['a module without a definition', ['--plugin', fileURLToPath(new URL('../package.json', import.meta.url))], 2, /Error INVALID_PLUGIN/],
    ['a built-in kind', ['--plugin', fileURLToPath(new URL('../test/fixtures/builtin-kind-plugin.mjs', import.meta.url))], 2, /Error INVALID_PLUGIN .*item-knn/],
  ])('a bad --plugin (%s) is a coded error', async (_what, args, code, message) => {
    const r = await run(['analyze', ...args, '--models', 'popularity', '--quiet']);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});

describe('analyze: usage and data errors', () => {
  it('--help documents every flag and the exit codes', async () => {
    const r = await run(['analyze', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--data', '--out', '--preset', '--fees-in-spend', '--columns', '--delimiter', '--decimal-comma', '--date-format', '--encoding', '--sheet', '--date-range', '--k', '--cutoff', '--models', '--plugin', '--clusterer', '--seed', '--customers', '--json', '--quiet', '--help']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('Exit codes');
    const serveHelp = (await run(['serve', '--help'])).stdout;
    for (const flag of ['--artifacts', '--port', '--host', '--plugin', '--quiet']) expect(serveHelp).toContain(flag);
    expect((await run(['--help'])).code).toBe(0);
  });

  it.each([
    [['analyze', '--bogus'], /Unknown option '--bogus'/],
    [['analyze', '--preset', 'tidy'], /--preset must be trusted, notebook or strict, got "tidy"/],
    [['analyze', '--columns', 'customerId'], /--columns takes field=column pairs/],
    [['analyze', '--columns', 'buyer=x'], /--columns: unknown field "buyer"/],
    [['analyze', '--delimiter', '::'], /--delimiter must be one character/],
    [['analyze', '--date-format', 'yesterday'], /--date-format must be auto, iso, mdy, dmy or a date-fns pattern/],
    [['analyze', '--encoding', 'ebcdic'], /--encoding must be one of auto, utf-8/],
    [['analyze', '--sheet', '0'], /--sheet positions start at 1, got "0"/],
    [['analyze', '--sheet', ' '], /--sheet takes a worksheet name \(1 to 31 characters\) or a 1-based position/],
    [['analyze', '--date-range', '2011-12-31..2011-01-01'], /--date-range ends before it starts/],
    [['analyze', '--date-range', 'last year'], /--date-range must be YYYY-MM-DD..YYYY-MM-DD/],
    [['analyze', '--k', '1'], /--k must be an integer from 2 to 10, got "1"/],
    [['analyze', '--k', 'four'], /--k must be an integer/],
    [['analyze', '--cutoff', '1/9/2011'], /--cutoff must be a date YYYY-MM-DD/],
    [['analyze', '--models', 'popularity,magic'], /--models: unknown "magic"; allowed: popularity/],
    [['analyze', '--clusterer', 'dbscan'], /--clusterer must be one of kmeans, ward, average, complete, ml-kmeans, ml-hclust, got "dbscan"/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['serve', '--port', '70000'], /--port must be an integer from 0 to 65535/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 3 for a missing file, naming it', async () => {
    const r = await run(['analyze', '--data', '/nonexistent/orders.csv']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('/nonexistent/orders.csv');
    expect(r.stderr).toContain('no such file');
  });

  it('exits 4 for a file in the wrong format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bad-'));
    writeFileSync(join(dir, 'notes.csv'), 'name,colour\nkettle,red\n');
    const r = await run(['analyze', '--data', join(dir, 'notes.csv'), '--out', dir, '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Error MISSING_COLUMNS( \[[^\]]*\])?: .*InvoiceNo/);
  });

  it('exits 4 for a file with no usable rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-bad-'));
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
    writeFileSync(join(dir, 'cancelled.csv'), `${header}\nC536379,D,Discount,-1,2010-12-01 09:41,27.5,14527,United Kingdom\n536380,22,Mug,3,2010-12-01 09:41,2.5,,United Kingdom\n`);
    const r = await run(['analyze', '--data', join(dir, 'cancelled.csv'), '--out', dir, '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Error NO_USABLE_ROWS: no usable rows: 2 read/);
  });

  it('serve exits 3 when the directory holds no artifacts', async () => {
    const r = await run(['serve', '--artifacts', mkdtempSync(join(tmpdir(), 'ss-empty-'))]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/No artifacts in .*analysis\.json is missing/);
  });
});
