/**
 * The synthetic logs of the scale benchmark (bench/src/scaleScenario.ts), made once and cached:
 * 10M rows (generateTransactions seed 1, 255,000 customers: 9.75M rows) and 100M rows (ten such
 * logs, seeds 1-10, customer ids offset by 1,000,000 per log so they are different customers), each
 * as Parquet (for the engines) and as one CSV (for the in-process loader). DuckDB converts: rows
 * whose values do not parse as the loader would parse them (the generator's 0.1% bad rows) are left
 * out of both files, so both sides see the same rows.
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/scaleData.ts [10M|100M ...]
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateTransactions } from '@shopper-spectrum/core';

export const SCALE_DIR = join(tmpdir(), 'shopper-spectrum-bench', 'scale');
const CUSTOMERS_PER_LOG = 255_000;

/** The files of one size: `<label>.parquet` and `<label>.csv`. */
export function scaleFiles(label: '10M' | '100M'): { parquet: string; csv: string } {
  return { parquet: join(SCALE_DIR, `${label}.parquet`), csv: join(SCALE_DIR, `${label}.csv`) };
}

async function writeLog(file: string, seed: number): Promise<void> {
  if (existsSync(file)) return;
  const out = createWriteStream(`${file}.part`);
  for (const chunk of generateTransactions({ seed, customers: CUSTOMERS_PER_LOG })) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  renameSync(`${file}.part`, file);
}

const typed = (file: string, offset: number) => `
  SELECT InvoiceNo, StockCode, Description, q AS Quantity, d AS InvoiceDate, p AS UnitPrice, c + ${offset} AS CustomerID, Country
  FROM (
    SELECT *, TRY_CAST(Quantity AS INTEGER) AS q, TRY_STRPTIME(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS d,
      TRY_CAST(UnitPrice AS DOUBLE) AS p, TRY_CAST(CustomerID AS INTEGER) AS c
    FROM read_csv('${file}', all_varchar = true, header = true, delim = ',', quote = '"', escape = '"', ignore_errors = true, null_padding = true)
  )
  WHERE q IS NOT NULL AND d IS NOT NULL AND p IS NOT NULL AND (CustomerID IS NULL OR CustomerID = '' OR c IS NOT NULL)
    AND StockCode IS NOT NULL AND InvoiceNo IS NOT NULL`;

/** Makes the files of a size when missing; returns them. */
export async function ensureScaleData(label: '10M' | '100M'): Promise<{ parquet: string; csv: string }> {
  mkdirSync(SCALE_DIR, { recursive: true });
  const files = scaleFiles(label);
  if (existsSync(files.parquet) && existsSync(files.csv)) return files;
  const logs = label === '10M' ? 1 : 10;
  const parts: string[] = [];
  for (let k = 0; k < logs; k++) {
    const raw = join(SCALE_DIR, `raw-seed-${k + 1}.csv`);
    await writeLog(raw, k + 1);
    parts.push(typed(raw, k * 1_000_000));
  }
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '6GB', temp_directory: join(SCALE_DIR, 'duckdb-tmp') });
  const c = await db.connect();
  const union = parts.join('\n UNION ALL \n');
  await c.run(`COPY (${union}) TO '${files.parquet}.part' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`);
  renameSync(`${files.parquet}.part`, files.parquet);
  await c.run(`COPY (SELECT * FROM read_parquet('${files.parquet}')) TO '${files.csv}.part' (FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')`);
  renameSync(`${files.csv}.part`, files.csv);
  c.closeSync();
  rmSync(join(SCALE_DIR, 'duckdb-tmp'), { recursive: true, force: true });
  return files;
}

/** The real file as Parquet (the same typed columns as the synthetic ones), made once. */
export async function ensureRealParquet(csvGz: string): Promise<string> {
  mkdirSync(SCALE_DIR, { recursive: true });
  const file = join(SCALE_DIR, 'online-retail.parquet');
  if (existsSync(file)) return file;
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  await c.run(`COPY (${typed(csvGz, 0)}) TO '${file}.part' (FORMAT parquet, COMPRESSION zstd)`);
  renameSync(`${file}.part`, file);
  c.closeSync();
  return file;
}

if (process.argv[1]?.endsWith('scaleData.ts')) {
  for (const label of (process.argv.slice(2).length ? process.argv.slice(2) : ['10M', '100M']) as ('10M' | '100M')[]) {
    const t = performance.now();
    const f = await ensureScaleData(label);
    console.log(label, f, `${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}
