/**
 * Fixtures of the aggregate tests: the real file (Online Retail) cleaned in-process under each
 * preset, and a cleaned table written into an engine as a table with the columns of TRANSACTION_COLUMNS
 * (`row_no` its row position), so every pushed-down aggregate can be compared with core's / rfm's / recommend's
 * function on the same rows.
 *
 * In CI (CI=true) the real-file tests always run and fail if the file is missing; in a clone without
 * ../shared they are skipped, unless SHOPPER_SPECTRUM_DATA points at the file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanTransactions } from '@shopper-spectrum/core';
import type { CleaningPreset, TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { DUCKDB_DIALECT } from '../src/dialects/duckdb.js';
import { POSTGRES_DIALECT } from '../src/dialects/postgres.js';
import type { QueryResult, ResultValue, SqlEngine } from '../src/engine.js';
import type { SqlStatement } from '../src/statement.js';

export const realFile = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
export const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(realFile);

let raw: Promise<TransactionTable> | undefined;
const cleaned = new Map<CleaningPreset, TransactionTable>();

/** The real file, parsed once. */
export function rawTable(): Promise<TransactionTable> {
  raw ??= loadTransactions(realFile).then((r) => r.table);
  return raw;
}

/** The real file cleaned in-process under a preset (cached). */
export async function cleanedTable(preset: CleaningPreset): Promise<TransactionTable> {
  const hit = cleaned.get(preset);
  if (hit) return hit;
  const table = cleanTransactions(await rawTable(), { preset }).table;
  cleaned.set(preset, table);
  return table;
}

function jsValue(v: unknown): ResultValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBTimestampValue) return Number(v.micros / 1000n);
  return String(v);
}

/**
 * A DuckDB engine on an in-memory database: the SqlEngine interface over @duckdb/node-api, for these
 * tests (the package's `openDuckDb` is another file's).
 */
export async function duckEngine(): Promise<SqlEngine & { load(name: string, table: TransactionTable): Promise<void> }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await instance.connect();
  return {
    dialect: DUCKDB_DIALECT,
    name: 'duckdb',
    async query(statement: SqlStatement): Promise<QueryResult> {
      const reader = await con.runAndReadAll(statement.text, statement.params as never);
      const names = reader.columnNames();
      const types = reader.columnTypes();
      const rows = reader.getRows().map((r) => r.map(jsValue));
      return { columns: names.map((name, i) => ({ name, type: String(types[i]) })), rows };
    },
    async close() {
      con.closeSync();
      instance.closeSync();
    },
    async load(name: string, table: TransactionTable) {
      await con.run(`CREATE OR REPLACE TABLE "${name}" ("row_no" BIGINT, "invoice_no" VARCHAR, "stock_code" VARCHAR, "description" VARCHAR, "quantity" DOUBLE, "invoice_ms" DOUBLE, "unit_price" DOUBLE, "customer_id" VARCHAR, "country" VARCHAR)`);
      const ap = await con.createAppender(name);
      const c = table.columns;
      const d = table.dictionaries;
      for (let i = 0; i < table.length; i++) {
        ap.appendBigInt(BigInt(i));
        ap.appendVarchar(d.invoice[c.invoice[i]!]!);
        ap.appendVarchar(d.stockCode[c.stockCode[i]!]!);
        if (c.description[i]! < 0) ap.appendNull();
        else ap.appendVarchar(d.description[c.description[i]!]!);
        ap.appendDouble(c.quantity[i]!);
        ap.appendDouble(c.invoiceDate[i]!);
        ap.appendDouble(c.unitPrice[i]!);
        if (c.customer[i]! < 0) ap.appendNull();
        else ap.appendVarchar(d.customer[c.customer[i]!]!);
        if (c.country[i]! < 0) ap.appendNull();
        else ap.appendVarchar(d.country[c.country[i]!]!);
        ap.endRow();
      }
      ap.closeSync();
    },
  };
}

/** The columns of a cleaned table, as arrays for a PostgreSQL `unnest` insert. */
export function tableArrays(table: TransactionTable, from: number, to: number): unknown[] {
  const c = table.columns;
  const d = table.dictionaries;
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (let i = from; i < to; i++) {
    cols[0]!.push(i);
    cols[1]!.push(d.invoice[c.invoice[i]!]);
    cols[2]!.push(d.stockCode[c.stockCode[i]!]);
    cols[3]!.push(c.description[i]! < 0 ? null : d.description[c.description[i]!]);
    cols[4]!.push(c.quantity[i]);
    cols[5]!.push(c.invoiceDate[i]);
    cols[6]!.push(c.unitPrice[i]);
    cols[7]!.push(c.customer[i]! < 0 ? null : d.customer[c.customer[i]!]);
    cols[8]!.push(c.country[i]! < 0 ? null : d.country[c.country[i]!]);
  }
  return cols;
}

export { DUCKDB_DIALECT, POSTGRES_DIALECT };
