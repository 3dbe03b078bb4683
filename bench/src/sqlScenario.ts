/**
 * The SQL pushdown benchmark on the real Online Retail file (541,909 rows), in one process:
 * in-process (core's cleanTransactions, rfm's rfmTable) against DuckDB (in memory, 2 threads) and
 * PostgreSQL (a throw-away cluster on a loopback port, or SHOPPER_SPECTRUM_PG_URL) for the cleaning
 * report of each preset, the cleaned (trusted) and raw tables read back into a TransactionTable
 * (readTransactions), and the RFM table of the notebook preset (sqlRfmTable on cleanedRelation).
 * Medians of RUNS runs (3 unless SQL_SCENARIO_RUNS says otherwise; the first run is counted).
 * Loading the tables into the engines is not timed. Prints a markdown table.
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/sqlScenario.ts [path/to/online-retail.csv.gz]
 *
 * SQL_SCENARIO_ENGINES=duckdb (or postgres) runs one engine only.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { cleanTransactions } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
import { cleanedRelation, cleaningReport, readTransactions, resolveSource, sqlRfmTable, tableSource } from '@shopper-spectrum/sql';
import type { SqlEngine } from '@shopper-spectrum/sql';
import { openDuckDb } from '@shopper-spectrum/sql/duckdb';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
// the sql package's test helpers: the same loading and server the tests use
import { writeDuckDbTable, writePostgresTable } from '../../packages/sql/test/loadTable.js';
import { startPostgres } from '../../packages/sql/test/postgresServer.js';

const here = dirname(fileURLToPath(import.meta.url));
const csv = process.argv[2] ?? resolve(here, '../../../shared/data/online-retail.csv.gz');
const RUNS = Number(process.env.SQL_SCENARIO_RUNS ?? 3);
const ENGINES = (process.env.SQL_SCENARIO_ENGINES ?? 'duckdb,postgres').split(',');
const PRESETS = ['notebook', 'strict', 'trusted'] as const;

async function median(f: () => unknown): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  return [...runs].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

type Row = { task: string; inProcess?: number; duckdb?: number; postgres?: number };
const rows: Row[] = [];
const row = (task: string): Row => rows.find((r) => r.task === task) ?? (rows.push({ task }), rows[rows.length - 1]!);

async function engineTasks(name: 'duckdb' | 'postgres', engine: SqlEngine, table: TransactionTable): Promise<void> {
  const source = tableSource({ table: 'online_retail', orderBy: 'row_id' });
  const resolved = await resolveSource(engine, source);
  for (const preset of PRESETS) row(`cleaning report (${preset})`)[name] = await median(() => cleaningReport(engine, resolved, { preset }));
  row('cleaned table read back (trusted)')[name] = await median(async () => {
    const t = await readTransactions(engine, resolved, { clean: { preset: 'trusted' } });
    if (t.length !== cleanTransactions(table, { preset: 'trusted' }).table.length) throw new Error('wrong length');
  });
  row('raw table read back')[name] = await median(() => readTransactions(engine, resolved));
  row('RFM table (notebook)')[name] = await median(() => sqlRfmTable(engine, cleanedRelation(engine.dialect, resolved, { preset: 'notebook' })));
}

const table = (await loadTransactions(csv)).table;
for (const preset of PRESETS) row(`cleaning report (${preset})`).inProcess = await median(() => cleanTransactions(table, { preset }));
row('cleaned table read back (trusted)').inProcess = Number.NaN;
row('raw table read back').inProcess = Number.NaN;
row('RFM table (notebook)').inProcess = await median(() => rfmTable(cleanTransactions(table, { preset: 'notebook' }).table));

if (ENGINES.includes('duckdb')) {
  const duck = await openDuckDb({ threads: 2 });
  await writeDuckDbTable(duck, 'online_retail', table);
  await engineTasks('duckdb', duck, table);
  await duck.close();
}
if (ENGINES.includes('postgres')) {
  const server = await startPostgres();
  try {
    const pg = await connectPostgres({ connectionString: server.url });
    await writePostgresTable(pg, 'online_retail', table);
    await pg.query({ text: 'ANALYZE online_retail', params: [] });
    await engineTasks('postgres', pg, table);
    await pg.close();
  } finally {
    await server.stop();
  }
}

const fmt = (ms: number | undefined) => (ms === undefined ? '' : Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
console.log(`\nOnline Retail, ${table.length} rows; medians of ${RUNS} run(s); in-process = core's cleanTransactions / rfm's rfmTable (incl. cleaning)\n`);
console.log('| task | in-process | DuckDB | PostgreSQL |\n|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.task} | ${fmt(r.inProcess)} | ${fmt(r.duckdb)} | ${fmt(r.postgres)} |`);
