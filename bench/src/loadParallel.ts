/**
 * Loading the real Online Retail file (CSV.gz, 541,909 rows) in one process: `loadTransactions` on
 * one thread (`workers: 1`) against the parallel parse (`workers: 'auto'`, both cores here: with
 * workers started by that parse, and again at once with them warm), and
 * DuckDB's `read_csv` of the same file into a table (when @duckdb/node-api is installed, with as
 * many threads), alternating, `runs` rounds (default 5); medians. It checks that the parallel
 * table, issues and summary equal the one-thread ones, and prints one JSON line.
 *
 * Run: `tsx --conditions=@shopper-spectrum/source bench/src/loadParallel.ts [runs]`.
 */
import { availableParallelism } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { loadTransactions, loadTransactionsInParallel } from '@shopper-spectrum/core/node';
import type { ParallelParseReport } from '@shopper-spectrum/core/node';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.env.SHOPPER_SPECTRUM_ONLINE_RETAIL ?? resolve(here, '../../../shared/data/online-retail.csv.gz');
const runs = Number(process.argv[2] ?? 5);
const threads = availableParallelism();

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

type DuckRun = () => Promise<number>;
async function duckdb(): Promise<DuckRun | string> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch {
    return '@duckdb/node-api is not installed';
  }
  const db = await api.DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await db.connect();
  return async () => {
    await con.run('DROP TABLE IF EXISTS t');
    await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true)`);
    const reader = await con.runAndReadAll('SELECT count(*) AS n FROM t');
    return Number(reader.getRowObjects()[0]!.n);
  };
}

// parallel: the first parse of a round starts its workers (as a one-load process such as the CLI
// does); parallelWarm: the next one, at once, reuses them (warm code, no start-up)
const times: Record<string, number[]> = { serial: [], parallel: [], parallelWarm: [], duckdb: [] };
const duck = await duckdb();
let report: ParallelParseReport | null = null;
let equal = true;
let rows = 0;
let duckRows = 0;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const serial = await loadTransactions(file, { workers: 1 });
  times.serial!.push(performance.now() - t);
  t = performance.now();
  const { parallel, ...result } = await loadTransactionsInParallel(file, { workers: 'auto' });
  times.parallel!.push(performance.now() - t);
  report = parallel;
  t = performance.now();
  await loadTransactionsInParallel(file, { workers: 'auto' });
  times.parallelWarm!.push(performance.now() - t);
  rows = serial.table.length;
  equal &&= isDeepStrictEqual(serial.table.columns, result.table.columns) && isDeepStrictEqual(serial.table.dictionaries, result.table.dictionaries) && isDeepStrictEqual(serial.issues, result.issues) && isDeepStrictEqual(serial.summary, result.summary);
  if (typeof duck !== 'string') {
    t = performance.now();
    duckRows = await duck();
    times.duckdb!.push(performance.now() - t);
  }
}
const medians = Object.fromEntries(Object.entries(times).filter(([, v]) => v.length > 0).map(([k, v]) => [k, Math.round(median(v))]));
console.log(
  JSON.stringify({
    file,
    runs,
    threads,
    rows,
    medians,
    speedup: medians.parallel ? Math.round((medians.serial! / medians.parallel) * 100) / 100 : null,
    speedupWarm: medians.parallelWarm ? Math.round((medians.serial! / medians.parallelWarm) * 100) / 100 : null,
    parallelVsDuckdb: medians.duckdb ? Math.round((medians.parallel! / medians.duckdb) * 100) / 100 : null,
    duckdb: typeof duck === 'string' ? duck : { rows: duckRows },
    equal,
    report,
    all: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map(Math.round)])),
  }),
);
