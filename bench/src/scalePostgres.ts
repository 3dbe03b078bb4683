/**
 * Loads a benchmark CSV (Online Retail columns) into a PostgreSQL table of the server at
 * SHOPPER_SPECTRUM_PG_URL (PGPASSFILE for its password, as .ci/postgres.sh sets them) with psql's
 * \copy, once: a table `bench_<label>` with a row_no column in file order. Returns the table's name.
 */
import { execFileSync } from 'node:child_process';

const psql = (url: string, command: string): string => execFileSync('psql', [url, '-qtAX', '-v', 'ON_ERROR_STOP=1', '-c', command], { encoding: 'utf8', env: process.env }).trim();

export async function loadPostgres(label: string, csvFile: string): Promise<string> {
  const url = process.env.SHOPPER_SPECTRUM_PG_URL;
  if (!url) throw new Error('SHOPPER_SPECTRUM_PG_URL is not set (start one: eval "$(bash .ci/postgres.sh start)")');
  const table = `bench_${label.toLowerCase()}`;
  const exists = psql(url, `SELECT to_regclass('public.${table}') IS NOT NULL`);
  if (exists === 't') return table;
  const t = performance.now();
  psql(url, `CREATE TABLE ${table}_load ("InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" double precision, "InvoiceDate" timestamp, "UnitPrice" double precision, "CustomerID" text, "Country" text)`);
  const from = csvFile.endsWith('.gz') ? `PROGRAM 'zcat ${csvFile}'` : `'${csvFile}'`;
  psql(url, `\\copy ${table}_load FROM ${from} WITH (FORMAT csv, HEADER true)`);
  // the file's order as row_no (a plain COPY keeps it in a fresh heap; ctid order is the load order)
  psql(url, `CREATE TABLE ${table} AS SELECT row_number() OVER (ORDER BY ctid) AS row_no, * FROM ${table}_load; DROP TABLE ${table}_load; ANALYZE ${table}`);
  console.error(`loaded ${table} into PostgreSQL in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return table;
}
