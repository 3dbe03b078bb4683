/**
 * Test helpers: a core TransactionTable written into an engine's table, with its Online Retail column
 * names and a row_id column holding the row's position (the source's order), so pushed-down results
 * compare with the in-process ones row for row.
 */
import { DuckDBTimestampValue } from '@duckdb/node-api';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { DuckDbEngine } from '@shopper-spectrum/sql/duckdb';
import type { SqlEngine } from '@shopper-spectrum/sql';

export const COLUMNS_DDL = '"row_id" BIGINT, "InvoiceNo" VARCHAR, "StockCode" VARCHAR, "Description" VARCHAR, "Quantity" DOUBLE, "InvoiceDate" TIMESTAMP, "UnitPrice" DOUBLE, "CustomerID" VARCHAR, "Country" VARCHAR';

/** Writes a table into DuckDB through an appender. */
export async function writeDuckDbTable(engine: DuckDbEngine, name: string, table: TransactionTable): Promise<void> {
  const c = engine.connection;
  await c.run(`DROP TABLE IF EXISTS "${name}"`);
  await c.run(`CREATE TABLE "${name}" (${COLUMNS_DDL})`);
  const a = await c.createAppender(name);
  const { invoice, stockCode, description, quantity, invoiceDate, unitPrice, customer, country } = table.columns;
  const d = table.dictionaries;
  for (let i = 0; i < table.length; i++) {
    a.appendBigInt(BigInt(i));
    a.appendVarchar(d.invoice[invoice[i]!]!);
    a.appendVarchar(d.stockCode[stockCode[i]!]!);
    if (description[i]! < 0) a.appendNull();
    else a.appendVarchar(d.description[description[i]!]!);
    a.appendDouble(quantity[i]!);
    a.appendTimestamp(new DuckDBTimestampValue(BigInt(invoiceDate[i]!) * 1000n));
    a.appendDouble(unitPrice[i]!);
    if (customer[i]! < 0) a.appendNull();
    else a.appendVarchar(d.customer[customer[i]!]!);
    if (country[i]! < 0) a.appendNull();
    else a.appendVarchar(d.country[country[i]!]!);
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
}

/** Writes a table into PostgreSQL with INSERT ... SELECT FROM unnest of bound arrays, 50,000 rows a statement. */
export async function writePostgresTable(engine: SqlEngine, name: string, table: TransactionTable): Promise<void> {
  await engine.query({ text: `DROP TABLE IF EXISTS "${name}"`, params: [] });
  await engine.query({ text: `CREATE TABLE "${name}" (${COLUMNS_DDL.replace(/VARCHAR/g, 'text').replace(/DOUBLE/g, 'double precision')})`, params: [] });
  const { invoice, stockCode, description, quantity, invoiceDate, unitPrice, customer, country } = table.columns;
  const d = table.dictionaries;
  const text = (codes: Int32Array, dict: readonly string[], from: number, to: number) => Array.from(codes.subarray(from, to), (c) => (c < 0 ? null : dict[c]!));
  for (let from = 0; from < table.length; from += 50_000) {
    const to = Math.min(table.length, from + 50_000);
    const ids = Array.from({ length: to - from }, (_, k) => from + k);
    const iso = Array.from(invoiceDate.subarray(from, to), (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
    await engine.query({
      text: `INSERT INTO "${name}" SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamp[], $7::float8[], $8::text[], $9::text[])`,
      params: [ids, text(invoice, d.invoice, from, to), text(stockCode, d.stockCode, from, to), text(description, d.description, from, to), Array.from(quantity.subarray(from, to)), iso, Array.from(unitPrice.subarray(from, to)), text(customer, d.customer, from, to), text(country, d.country, from, to)] as never,
    });
  }
}
