/**
 * Parquet and Arrow interop with DuckDB on the real Online Retail file: DuckDB reads the CSV and writes
 * Parquet with COPY ... TO, fromParquet reads it and equals the table core parses from the same CSV;
 * DuckDB reads the file toParquet wrote and holds the same rows (EXCEPT ALL both ways, and the same
 * totals). Runs in CI (fails without the file); skipped in a clone without ../shared.
 */
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TransactionTable } from '@shopper-spectrum/core';
import { fromArrow, fromParquet, toArrow, toParquet } from '@shopper-spectrum/arrow';
import { mustRun, onlineRetail, onlineRetailPath, sameRows } from './onlineRetailData.js';

/** A path as a DuckDB string literal (the test's own temp paths; COPY takes no bound parameter for its target). */
const literal = (path: string) => `'${path.replaceAll("'", "''")}'`;

describe.runIf(mustRun)('Parquet interop with DuckDB on Online Retail (real data)', () => {
  let dir: string;
  let connection: DuckDBConnection;
  let table: TransactionTable;
  let duckFile: string;
  let ourFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arrow-duckdb-'));
    duckFile = join(dir, 'duckdb.parquet');
    ourFile = join(dir, 'ours.parquet');
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    connection = await instance.connect();
    // invoice numbers and stock codes are text ('C536379', '85123A'): DuckDB's sniffer must not guess integers from a sample
    await connection.run(`COPY (SELECT * FROM read_csv(${literal(onlineRetailPath)}, header = true, types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR'})) TO ${literal(duckFile)} (FORMAT parquet)`);
    table = await onlineRetail();
    writeFileSync(ourFile, toParquet(table));
  }, 120_000);

  afterAll(() => {
    connection?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('DuckDB writes BIGINT quantities and customer ids and a TIMESTAMP date, and fromParquet reads it as the CSV loader does', async () => {
    const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(duckFile)})`)).getRows().map((r) => `${r[0]}:${r[1]}`);
    expect(types).toEqual(['InvoiceNo:VARCHAR', 'StockCode:VARCHAR', 'Description:VARCHAR', 'Quantity:BIGINT', 'InvoiceDate:TIMESTAMP', 'UnitPrice:DOUBLE', 'CustomerID:BIGINT', 'Country:VARCHAR']);
    const fromDuck = await fromParquet(await openAsBlob(duckFile));
    expect(fromDuck.length).toBe(541909);
    expect(sameRows(table, fromDuck)).toBeNull();
  }, 120_000);

  it('DuckDB reads the file toParquet wrote: the same rows, both ways', async () => {
    const ours = `read_parquet(${literal(ourFile)})`;
    const theirs = `(SELECT InvoiceNo, StockCode, Description, CAST(Quantity AS DOUBLE) AS Quantity, InvoiceDate, UnitPrice, CAST(CustomerID AS VARCHAR) AS CustomerID, Country FROM read_parquet(${literal(duckFile)}))`;
    const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${ours}`)).getRows().map((r) => `${r[0]}:${r[1]}`);
    expect(types).toEqual(['InvoiceNo:VARCHAR', 'StockCode:VARCHAR', 'Description:VARCHAR', 'Quantity:DOUBLE', 'InvoiceDate:TIMESTAMP', 'UnitPrice:DOUBLE', 'CustomerID:VARCHAR', 'Country:VARCHAR']);
    const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRows()[0]![0]);
    expect(await count(`SELECT count(*) FROM ${ours}`)).toBe(541909);
    expect(await count(`SELECT count(*) FROM (SELECT * FROM ${ours} EXCEPT ALL SELECT * FROM ${theirs})`)).toBe(0);
    expect(await count(`SELECT count(*) FROM (SELECT * FROM ${theirs} EXCEPT ALL SELECT * FROM ${ours})`)).toBe(0);
    const totals = (await connection.runAndReadAll(`SELECT count(CustomerID), count(DISTINCT CustomerID), count(Description), round(sum(Quantity * UnitPrice), 2) FROM ${ours}`)).getRows()[0]!.map(Number);
    let revenue = 0;
    for (let i = 0; i < table.length; i++) revenue += table.columns.quantity[i]! * table.columns.unitPrice[i]!;
    const known = (codes: Int32Array) => Array.from(codes).filter((c) => c >= 0).length;
    expect(totals).toEqual([known(table.columns.customer), new Set(Array.from(table.columns.customer).filter((c) => c >= 0)).size, known(table.columns.description), Math.round(revenue * 100) / 100]);
  }, 120_000);

  it('round-trips the real table through Parquet and through Arrow', async () => {
    expect(sameRows(table, await fromParquet(await openAsBlob(ourFile)))).toBeNull();
    const back = fromArrow(toArrow(table));
    expect(back.dictionaries).toEqual(table.dictionaries);
    expect(sameRows(table, back)).toBeNull();
  }, 120_000);
});
