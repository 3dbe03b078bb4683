/**
 * `pnpm bench`: load, clean and explore the real Online Retail file (.csv.gz and .csv) and synthetic
 * logs of 1, 3 and 10 million rows; print rows/s per stage and peak memory; record the figures in
 * docs/benchmarks.md (between the bench markers). `pnpm bench -- --quick` skips the 10-million-row log;
 * `pnpm bench -- --scale` runs only the scale benchmark (bench/src/scaleScenario.ts, into docs/scale.md).
 * `pnpm bench -- --only-app` runs only the reference app's part (analyze, the API, start-up) and
 * rewrites only its block. `pnpm bench -- --before <worktree>` also runs the API table and the filter memory run on the
 * server of another revision (a git worktree with its dependencies installed), in the same run.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { cleanTransactions, generateTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { rfmTable } from '@shopper-spectrum/rfm';
import { fitPipeline, SeededRandom, toRows } from '@shopper-spectrum/cluster';
import { mljsComparison } from './clusterMljs.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const quick = process.argv.includes('--quick');
const realGz = process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz');
const cache = join(tmpdir(), 'shopper-spectrum-bench');
mkdirSync(cache, { recursive: true });

interface Result {
  runs: Record<string, number>[];
  rows: number;
  tableBytes?: number;
  heapAfterLoad?: number;
  maxRssBytes: number;
}

function run(kind: string, file: string, runs: number, preset = 'notebook'): Result {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const out = execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'scenario.ts'), kind, file, String(runs), preset], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const perSec = (rows: number, t: number) => `${((rows / t) * 1000 / 1e6).toFixed(2)} M rows/s`;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const onlyApp = process.argv.includes('--only-app');
if (process.argv.includes('--scale')) {
  // the scale benchmark (in-process / DuckDB / PostgreSQL, real file to 100M rows) on its own: it takes
  // tens of minutes and records into docs/scale.md
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'scaleScenario.ts'), '--record'], { stdio: 'inherit', env: process.env });
  process.exit(0);
}
const lines: string[] = [];
/** The reference app's figures go to their own block of docs/benchmarks.md (`--only-app` rewrites only it). */
const appLines: string[] = [];
let sink = lines;
const say = (s = '') => {
  console.log(s);
  sink.push(s);
};

const machine = `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.`;
say(machine);
say();

if (!onlyApp) {
if (existsSync(realGz)) {
  const csv = join(cache, 'online-retail.csv');
  if (!existsSync(csv)) writeFileSync(csv, gunzipSync(readFileSync(realGz)));
  say('### Real data: UCI Online Retail, 541,909 rows (median of 5 runs in one process; first run in brackets)');
  say();
  say('| input | preset | load | clean | explore (9 aggregates) | total | load speed | RFM + scores + segments | repeat-purchase summary | peak RSS |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, file, preset] of [
    ['.csv.gz', realGz, 'notebook'],
    ['.csv', csv, 'notebook'],
    ['.csv.gz', realGz, 'strict'],
  ] as const) {
    const r = run('pipeline', file, 5, preset);
    const m = (k: string) => median(r.runs.map((x) => x[k]!));
    const first = (k: string) => r.runs[0]![k]!;
    say(
      `| ${label} (${(statSync(file).size / 1e6).toFixed(1)} MB) | ${preset} | ${ms(m('load'))} (${ms(first('load'))}) | ${ms(m('clean'))} (${ms(first('clean'))}) | ${ms(m('explore'))} (${ms(first('explore'))}) | **${ms(m('total'))}** (${ms(first('total'))}) | ${perSec(r.rows, m('load'))} | ${ms(m('rfm'))} | ${ms(m('repeat'))} | ${mb(r.maxRssBytes)} |`,
    );
  }
  say();
  say('Parsing alone, the same 47 MB of text already in memory (median of 5):');
  say();
  say('| parser | output | time | speed | peak RSS |');
  say('| --- | --- | --- | --- | --- |');
  const p = run('papaparse', realGz, 5);
  const t = run('tokenizer', realGz, 5);
  say(`| papaparse 5 | arrays of strings | ${ms(median(p.runs.map((x) => x.parse!)))} | ${perSec(p.rows, median(p.runs.map((x) => x.parse!)))} | ${mb(p.maxRssBytes)} |`);
  say(`| core CsvReader | field offsets (no strings) | ${ms(median(t.runs.map((x) => x.parse!)))} | ${perSec(t.rows, median(t.runs.map((x) => x.parse!)))} | ${mb(t.maxRssBytes)} |`);
  say();
} else {
  say(`(Real data not found at ${realGz}: set SHOPPER_SPECTRUM_DATA to include it.)`);
  say();
}

say('### Synthetic logs (generateTransactions, seed 1; one run each: load .csv, clean notebook, explore, RFM)');
say();
say('| rows | file | load | clean | explore | RFM + scores + segments | repeat-purchase summary | load speed | table columns | peak RSS |');
say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const sizes: [string, number][] = [
  ['1M', 25_500],
  ['3M', 76_500],
  ['10M', 255_000],
];
for (const [label, customers] of quick ? sizes.slice(0, 2) : sizes) {
  const file = join(cache, `synthetic-${label}.csv`);
  if (!existsSync(file)) {
    const out = createWriteStream(file);
    for (const chunk of generateTransactions({ seed: 1, customers })) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  const r = run('pipeline', file, 1);
  const x = r.runs[0]!;
  say(
    `| ${r.rows.toLocaleString('en-GB')} | ${(statSync(file).size / 1e6).toFixed(0)} MB | ${ms(x.load!)} | ${ms(x.clean!)} | ${ms(x.explore!)} | ${ms(x.rfm!)} | ${ms(x.repeat!)} | ${perSec(r.rows, x.load!)} | ${mb(r.tableBytes!)} (${(r.tableBytes! / r.rows).toFixed(0)} B/row) | ${mb(r.maxRssBytes)} |`,
  );
}

say();
say('### Clustering (one process per task; median of up to 5 runs within 2 s, first run in brackets; silhouette alone on k-means k = 4 labels)');
say();
say('| data | rows | k-means k = 4, nInit = 10 | k = 2..10 sweep (k-means + silhouette + CH + DB) | ward | silhouette | peak RSS (largest task) |');
say('| --- | --- | --- | --- | --- | --- | --- |');
const matrices: [string, string][] = [];
if (existsSync(realGz)) {
  const file = join(cache, 'rfm-log1p-standard.csv');
  if (!existsSync(file)) {
    const rfm = rfmTable(cleanTransactions((await loadTransactions(realGz)).table).table);
    const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
    writeFileSync(file, `${toRows(fitPipeline(rows, ['log1p', 'standard']).transform(rows)).map((r) => r.join(',')).join('\n')}\n`);
  }
  matrices.push(['Online Retail RFM (log1p + standard)', file]);
}
for (const n of quick ? [20_000] : [20_000, 100_000]) {
  const file = join(cache, `blobs-${n}.csv`);
  if (!existsSync(file)) {
    const rng = new SeededRandom(n);
    const u = () => rng.next();
    const centres = [[0, 0, 0], [4, 0, 1], [0, 5, 2], [3, 3, 6]];
    const rows = Array.from({ length: n }, (_, i) => centres[i % 4]!.map((v) => v + Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())));
    writeFileSync(file, `${rows.map((r) => r.join(',')).join('\n')}\n`);
  }
  matrices.push([`4 Gaussian blobs in 3-d (seeded)`, file]);
}
for (const [label, file] of matrices) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').length;
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const task = (name: string) =>
    JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'clusterScenario.ts'), name, file], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { first: number; median: number; runs: number; maxRssBytes: number };
  const r = ['kmeans', 'sweep', 'ward', 'silhouette'].map(task);
  say(`| ${label} | ${rows.toLocaleString('en-GB')} | ${r.map((x) => (x.runs > 1 ? `${ms(x.median)} (${ms(x.first)})` : ms(x.first))).join(' | ')} | ${mb(Math.max(...r.map((x) => x.maxRssBytes)))} |`);
}
say();
say('### Built-in clustering against mljs (ml-kmeans, ml-hclust agnes; one process per size, the built-in first)');
say();
await mljsComparison({ cache, realGz, quick, say, record: join(root, 'docs/cluster.md') });

say();
say('### Ranking metrics (all six metrics at K = 10 in one pass per user; median of 3 runs)');
say();
say('| users | time | per user | peak RSS |');
say('| --- | --- | --- | --- |');
for (const users of [4_000, 1_000_000]) {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const r = JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'metricsScenario.ts'), String(users)], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { ms: number; maxRssBytes: number };
  say(`| ${users.toLocaleString('en-GB')} | ${ms(r.ms)} | ${((r.ms * 1e6) / users).toFixed(0)} ns | ${mb(r.maxRssBytes)} |`);
}

say();
say('### Recommenders (fit, top-10 for every customer, similar items for every product)');
say();
const recScenario = (kind: string, file: string) => {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  return JSON.parse(execFileSync(tsx, ['--max-old-space-size=8192', '--conditions=@shopper-spectrum/source', join(here, 'recommendScenario.ts'), kind, file], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!) as {
    rows: number; customers: number; products: number; nnz: number; matrixMs: number; fitMs: Record<string, number>; firstFitMs: Record<string, number>; recommendMs: Record<string, number>; recommendCustomers: number; similarMs: number; similarProducts: number; explained500Ms: number; easeBytes?: number; maxRssBytes: number;
  };
};
const recInputs: [string, string, string][] = [];
if (existsSync(realGz)) recInputs.push(['Online Retail, notebook cleaning', 'real', realGz]);
if (!quick) {
  const file = join(cache, 'synthetic-10M-50k.csv');
  if (!existsSync(file)) {
    const out = createWriteStream(file);
    for (const chunk of generateTransactions({ seed: 1, customers: 255_000, products: 50_000 })) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
  }
  recInputs.push(['synthetic, 50,000 products', 'synthetic', file]);
}
for (const [label, kind, file] of recInputs) {
  const r = recScenario(kind, file);
  say(`${label}: ${r.rows.toLocaleString('en-GB')} rows, ${r.customers.toLocaleString('en-GB')} customers x ${r.products.toLocaleString('en-GB')} products, ${r.nnz.toLocaleString('en-GB')} cells; matrix build ${ms(r.matrixMs)}; similar items (top 10) for ${r.similarProducts.toLocaleString('en-GB')} products ${ms(r.similarMs)}; peak RSS ${mb(r.maxRssBytes)}${r.easeBytes ? `; EASE saved in binary: ${mb(r.easeBytes)}` : ''}.`);
  say();
  say(`| recommender | fit: median of 5 under 1 s (first) | top-10 for ${r.recommendCustomers.toLocaleString('en-GB')} customers | per customer |`);
  say('| --- | --- | --- | --- |');
  for (const name of Object.keys(r.fitMs)) say(`| ${name} | ${ms(r.fitMs[name]!)}${r.firstFitMs[name] !== r.fitMs[name] ? ` (${ms(r.firstFitMs[name]!)})` : ''} | ${ms(r.recommendMs[name]!)} | ${((r.recommendMs[name]! / r.recommendCustomers) * 1000).toFixed(0)} us |`);
  say();
}
if (!quick) say('EASE is refused on 50,000 products (a dense 50,000^2 matrix: 9.3 GiB in single precision; `TOO_LARGE`), as is the learned ranker\'s EASE base: it falls back to item cosine there.');
say();
say('### Customer value: BTYD fits against scipy (bench/src/clvScenario.ts; table also in docs/clv.md)');
say();
{
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const out = execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'clvScenario.ts'), ...(quick ? ['--no-million'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  for (const line of out.trimEnd().split('\n')) say(line);
}
} // !onlyApp

sink = appLines;
say(machine);
say();
say('### Reference app: `analyze` on the real file, and the API under load');
say();
if (existsSync(realGz)) {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const appOut = join(cache, 'app-artifacts');
  const scenario = (args: string[]) => JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'appScenario.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!);
  const a = scenario(['analyze', realGz, appOut, '3']) as { runs: { timings: Record<string, number>; peakMemoryMiB: number }[] };
  const stages = Object.keys(a.runs[0]!.timings);
  say('`analyze --data online-retail.csv.gz` (default models: popularity, repeat-purchase, item cosine, user cosine, TIFU-kNN, content), median of 3 runs, seconds per stage; the evaluation runs in a worker thread from the end of cleaning, so its time overlaps the stages after it:');
  say();
  say(`| ${stages.join(' | ')} | peak RSS |`);
  say(`| ${stages.map(() => '---:').join(' | ')} | ---: |`);
  say(`| ${stages.map((k) => median(a.runs.map((r) => r.timings[k]!)).toFixed(2)).join(' | ')} | ${median(a.runs.map((r) => r.peakMemoryMiB)).toFixed(0)} MiB |`);
  say();
  const api = scenario(['api', appOut, quick ? '2' : '5']) as { connections: number; seconds: number; results: { endpoint: string; load: string; requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number }[] };
  say(`API on loopback over those artifacts: autocannon, ${api.connections} connections, ${api.seconds} s per endpoint and load, server and load tool on the same 2 cores (latency resolution 1 ms):`);
  say();
  say('| endpoint | load | requests/s | p50 | p99 | errors |');
  say('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of api.results) say(`| ${r.endpoint} | ${r.load} | ${Math.round(r.requestsPerSecond).toLocaleString('en-GB')} | ${r.p50} ms | ${r.p99} ms | ${r.errors + r.non2xx} |`);
  say();
  type Filters = { count: number; seconds: number; rssBeforeMiB: number; rssAfterMiB: number; peakMiB: number };
  const filterCount = quick ? 200 : 1000;
  const filters = scenario(['filters', appOut, String(filterCount)]) as Filters;
  // --before <worktree>: the same API table and filter run on another revision's server (a git
  // worktree with its own install), over artifacts its own analyze writes, in this run
  const beforeAt = process.argv.indexOf('--before');
  const before = beforeAt > 0 ? resolve(process.argv[beforeAt + 1]!) : null;
  let beforeApi: typeof api | null = null;
  let beforeFilters: Filters | null = null;
  if (before) {
    const beforeCli = join(before, 'examples/reference-app/src/cli.ts');
    const beforeOut = join(cache, 'app-artifacts-before');
    execFileSync(tsx, ['--conditions=@shopper-spectrum/source', beforeCli, 'analyze', '--data', realGz, '--out', beforeOut, '--quiet', '--json'], { cwd: before, encoding: 'utf8', maxBuffer: 1 << 26 });
    beforeApi = scenario(['api', beforeOut, quick ? '2' : '5', beforeCli]) as typeof api;
    beforeFilters = scenario(['filters', beforeOut, String(filterCount), beforeCli]) as Filters;
    const rev = execFileSync('git', ['-C', before, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    say(`The same table on the hand-written server this one replaced (revision ${rev}, run from its own worktree over artifacts its own analyze wrote, after the table above, in the same run):`);
    say();
    say('| endpoint | load | requests/s before | requests/s now | ratio | p99 before | p99 now |');
    say('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of api.results) {
      const b = beforeApi.results.find((x) => x.endpoint === r.endpoint && x.load === r.load);
      if (b) say(`| ${r.endpoint} | ${r.load} | ${Math.round(b.requestsPerSecond).toLocaleString('en-GB')} | ${Math.round(r.requestsPerSecond).toLocaleString('en-GB')} | ${(r.requestsPerSecond / b.requestsPerSecond).toFixed(2)} | ${b.p99} ms | ${r.p99} ms |`);
    }
    say();
  }
  say(`Memory under distinct filters: ${filterCount.toLocaleString('en-GB')} requests, alternately \`/api/sales\` and \`/api/products/top\`, each with a (from, to, country) filter not asked before; the server's RSS:`);
  say();
  say('| server | RSS after start | RSS after the requests | peak RSS | seconds |');
  say('| --- | ---: | ---: | ---: | ---: |');
  const filterRow = (name: string, f: Filters) => say(`| ${name} | ${f.rssBeforeMiB.toFixed(0)} MiB | ${f.rssAfterMiB.toFixed(0)} MiB | ${f.peakMiB.toFixed(0)} MiB | ${f.seconds.toFixed(1)} |`);
  if (beforeFilters) filterRow('hand-written (before)', beforeFilters);
  filterRow('Fastify, byte-bounded cache, row selection (now)', filters);
  say();
  // the built CLI is one of the commands measured: build it first (and the packages it imports)
  execFileSync('npx', ['-y', 'pnpm@10', 'build'], { cwd: root, stdio: 'ignore' });
  const side = execFileSync(tsx, ['--conditions=@shopper-spectrum/source', join(here, 'sideBySide.ts'), realGz, '3'], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n');
  say('Side by side with pandas + scikit-learn (bench/src/sideBySide.ts, bench/python/analyze_pandas.py):');
  say();
  for (const line of side.slice(0, -1)) say(line);
} else say('(Real data not found: the reference app benchmark needs it.)');

say();
say('### CLI start-up (the tsup build, whole processes)');
say();
{
  execFileSync('npx', ['-y', 'pnpm@10', '--filter', 'shopper-spectrum', 'build'], { cwd: root, stdio: 'ignore' });
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const st = JSON.parse(execFileSync(tsx, [join(here, 'startup.ts'), quick ? '3' : '5'], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { runs: number; medians: Record<string, number>; ratios: Record<string, number> };
  say(`Median of ${st.runs} rounds, alternating, each a whole \`node\` process from spawn to exit (\`node examples/reference-app/dist/cli.js\`, what the installed bin runs):`);
  say();
  say('| command | wall | against `node -e 0` |');
  say('| --- | ---: | ---: |');
  for (const [name, t] of Object.entries(st.medians)) say(`| \`${name}\` | ${ms(t)} | ${st.ratios[name]!.toFixed(2)}x |`);
  say();
}

const doc = join(root, 'docs/benchmarks.md');
if (existsSync(doc)) {
  let text = readFileSync(doc, 'utf8');
  const splice = (start: string, end: string, body: string[]) => {
    if (!text.includes(start) || !text.includes(end)) text = `${text.trimEnd()}\n\n${start}\n${end}\n`;
    text = `${text.slice(0, text.indexOf(start) + start.length)}\n${body.join('\n')}\n${text.slice(text.indexOf(end))}`;
  };
  if (!onlyApp) splice('<!-- bench:start -->', '<!-- bench:end -->', lines);
  splice('<!-- bench:app:start -->', '<!-- bench:app:end -->', appLines);
  writeFileSync(doc, text);
  console.log(`\nRecorded in ${doc}`);
}
