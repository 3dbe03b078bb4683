/**
 * The built-in clustering against the mljs libraries, side by side (issue 13): k-means against
 * ml-kmeans at 4,338 rows (the Online Retail RFM matrix, log1p + standard) and 100,000 rows (the
 * seeded blobs), ward against ml-hclust's agnes at 1,000, 2,000 and 4,338 rows (the first rows of
 * the RFM matrix). One process per size (bench/src/mljsScenario.ts): the built-in runs first, then
 * mljs on the same matrix. Prints a Markdown table through `say`.
 *
 * bench.ts calls {@link mljsComparison}; it can also run alone:
 *   tsx --conditions=@shopper-spectrum/source src/clusterMljs.ts [--quick] [--small] [--record]
 * (--record writes the table into docs/cluster.md between its mljs-figures markers)
 * agnes is O(n^3): the 4,338-row run takes minutes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { fitPipeline, SeededRandom, toRows } from '@shopper-spectrum/cluster';
import { rfmTable } from '@shopper-spectrum/rfm';
import type { MljsScenarioResult } from './mljsScenario.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/** Options of {@link mljsComparison}. */
export interface MljsComparisonOptions {
  /** Folder of the cached matrices (bench.ts's `cache`). */
  readonly cache: string;
  /** The real Online Retail file (.csv.gz); without it the blobs stand in for the RFM matrix. */
  readonly realGz?: string;
  /** Skip the 100,000-row k-means and the 4,338-row agnes. */
  readonly quick?: boolean;
  /** Prints a line (bench.ts's `say`, which also records it in docs/benchmarks.md). */
  readonly say: (line?: string) => void;
  /**
   * A Markdown file (docs/cluster.md) whose block between `<!-- mljs-figures -->` and
   * `<!-- /mljs-figures -->` is replaced with the table and the date and machine.
   */
  readonly record?: string;
  /** Override the sizes (a small check): k-means matrices and ward row counts. */
  readonly sizes?: { readonly kmeans?: readonly ('rfm' | number)[]; readonly ward?: readonly number[] };
}

/** The RFM matrix bench.ts clusters (log1p, then standardised), as a CSV in the cache. */
export async function rfmMatrixFile(cache: string, realGz: string): Promise<string> {
  const file = join(cache, 'rfm-log1p-standard.csv');
  if (!existsSync(file)) {
    const rfm = rfmTable(cleanTransactions((await loadTransactions(realGz)).table).table);
    const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
    writeFileSync(file, `${toRows(fitPipeline(rows, ['log1p', 'standard']).transform(rows)).map((r) => r.join(',')).join('\n')}\n`);
  }
  return file;
}

/** The seeded 4-blob matrix bench.ts clusters (same generator, same file), as a CSV in the cache. */
export function blobsMatrixFile(cache: string, n: number): string {
  const file = join(cache, `blobs-${n}.csv`);
  if (!existsSync(file)) {
    const rng = new SeededRandom(n);
    const u = () => rng.next();
    const centres = [[0, 0, 0], [4, 0, 1], [0, 5, 2], [3, 3, 6]];
    const rows = Array.from({ length: n }, (_, i) => centres[i % 4]!.map((v) => v + Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())));
    writeFileSync(file, `${rows.map((r) => r.join(',')).join('\n')}\n`);
  }
  return file;
}

function scenario(task: 'kmeans' | 'ward', file: string, rows?: number): MljsScenarioResult {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const args = ['--conditions=@shopper-spectrum/source', join(here, 'mljsScenario.ts'), task, file, ...(rows === undefined ? [] : [String(rows)])];
  const out = execFileSync(tsx, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as MljsScenarioResult;
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const time = (t: { first: number; median: number; runs: number }) => (t.runs > 1 ? `${ms(t.median)} (${ms(t.first)})` : ms(t.first));

/**
 * Runs the comparison and prints it: one table row per task and size with both times (median of up
 * to 5 runs within 2 s, first run in brackets), the ratio mljs / built-in, the agreement of the two
 * partitions (adjusted Rand index), the within-cluster sums of squares, and the peak RSS after the
 * built-in and after both.
 */
export async function mljsComparison(options: MljsComparisonOptions): Promise<void> {
  const { cache } = options;
  const table: string[] = [];
  const say = (line = '') => {
    table.push(line);
    options.say(line);
  };
  mkdirSync(cache, { recursive: true });
  const real = options.realGz !== undefined && existsSync(options.realGz);
  const rfm = real ? await rfmMatrixFile(cache, options.realGz!) : null;
  const kmeansInputs = options.sizes?.kmeans ?? (options.quick ? ['rfm'] : ['rfm', 100_000]);
  const wardRows = options.sizes?.ward ?? (options.quick ? [1_000, 2_000] : [1_000, 2_000, 4_338]);
  const runs: { label: string; result: MljsScenarioResult }[] = [];
  for (const input of kmeansInputs) {
    if (input === 'rfm') {
      if (rfm !== null) runs.push({ label: 'Online Retail RFM (log1p + standard)', result: scenario('kmeans', rfm) });
      continue;
    }
    runs.push({ label: '4 Gaussian blobs in 3-d (seeded)', result: scenario('kmeans', blobsMatrixFile(cache, input)) });
  }
  for (const rows of wardRows) {
    const file = rfm ?? blobsMatrixFile(cache, 100_000);
    runs.push({ label: `${rfm !== null ? 'Online Retail RFM' : '4 Gaussian blobs'}, first ${rows.toLocaleString('en-GB')} rows`, result: scenario('ward', file, rows) });
  }
  say('| task | data | rows | built-in | mljs | mljs / built-in | same partition (ARI) | WSS built-in / mljs | peak RSS: built-in, then with mljs |');
  say('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { label, result } of runs) {
    for (const p of result.pairs) {
      const lib = p.task.startsWith('k-means') ? 'ml-kmeans' : "agnes 'ward2'";
      say(
        `| ${p.task} (${lib}) | ${label} | ${result.rows.toLocaleString('en-GB')} | ${time(p.builtIn)} | ${time(p.mljs)} | ${(p.mljs.median / p.builtIn.median).toFixed(1)}x | ${p.agreement.toFixed(3)} | ${p.wss.builtIn.toFixed(1)} / ${p.wss.mljs.toFixed(1)} | ${mb(result.rssAfterBuiltIn)}, ${mb(result.rssAfterBoth)} |`,
      );
    }
  }
  if (options.record !== undefined && existsSync(options.record)) {
    const text = readFileSync(options.record, 'utf8');
    const start = '<!-- mljs-figures -->';
    const end = '<!-- /mljs-figures -->';
    if (text.includes(start) && text.includes(end)) {
      const machine = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version} (bench/src/clusterMljs.ts).`;
      writeFileSync(options.record, `${text.slice(0, text.indexOf(start) + start.length)}\n${machine}\n\n${table.join('\n')}\n${text.slice(text.indexOf(end))}`);
      options.say(`\nRecorded in ${options.record}`);
    }
  }
}

const invoked = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const quick = process.argv.includes('--quick');
  const small = process.argv.includes('--small');
  await mljsComparison({
    cache: join(tmpdir(), 'shopper-spectrum-bench'),
    realGz: process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz'),
    quick,
    say: (line = '') => console.log(line),
    ...(process.argv.includes('--record') ? { record: resolve(root, 'docs/cluster.md') } : {}),
    ...(small ? { sizes: { kmeans: [2_000], ward: [300] } } : {}),
  });
}
