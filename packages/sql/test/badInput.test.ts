import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanTransactions, parseTransactionsCsv, generateTransactionsCsv } from '@shopper-spectrum/core';
import { cleaningReport, querySource, readTransactions, tableSource, SqlError, redact } from '@shopper-spectrum/sql';
import type { SqlEngine } from '@shopper-spectrum/sql';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
import { openDuckDb } from '@shopper-spectrum/sql/duckdb';
import type { DuckDbEngine } from '@shopper-spectrum/sql/duckdb';
import { writeDuckDbTable } from './loadTable.js';
import { expectSameReport } from './onlineRetailData.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await openDuckDb({ threads: 1 });
  await engine.connection.run(`CREATE TABLE orders AS SELECT 'A1' AS "InvoiceNo", 'S1' AS "StockCode", 'x' AS "Description", 2.0 AS "Quantity", TIMESTAMP '2011-01-01 10:00' AS "InvoiceDate", 1.5 AS "UnitPrice", '17850' AS "CustomerID", 'UK' AS "Country"`);
  await engine.connection.run(`CREATE TABLE textdates AS SELECT 'A1' AS "InvoiceNo", 'S1' AS "StockCode", 2.0 AS "Quantity", '2011-01-01' AS "InvoiceDate", 1.5 AS "UnitPrice"`);
  await engine.connection.run(`CREATE TABLE nullprices AS SELECT 'A1' AS "InvoiceNo", 'S1' AS "StockCode", 2.0 AS "Quantity", TIMESTAMP '2011-01-01 10:00' AS "InvoiceDate", CAST(NULL AS DOUBLE) AS "UnitPrice"`);
});
afterAll(() => engine.close());

describe('bad input gives coded errors naming the source, table and column', () => {
  it('a missing table is MISSING_TABLE naming it', async () => {
    const e = (await cleaningReport(engine, tableSource({ table: 'nope' })).catch((x: unknown) => x)) as SqlError;
    expect([e.code, e.table, e.source]).toEqual(['MISSING_TABLE', 'nope', 'table nope']);
  });

  it('a missing column is MISSING_COLUMN naming the field and the source', async () => {
    const e = (await cleaningReport(engine, querySource({ query: 'SELECT "InvoiceNo", "StockCode", "Quantity", "InvoiceDate" FROM orders', label: 'orders without prices' })).catch((x: unknown) => x)) as SqlError;
    expect([e.code, e.column, e.source]).toEqual(['MISSING_COLUMN', 'unitPrice', 'orders without prices']);
  });

  it('a text date column is WRONG_TYPE naming the column and its type', async () => {
    const e = (await cleaningReport(engine, tableSource({ table: 'textdates' })).catch((x: unknown) => x)) as SqlError;
    expect([e.code, e.column, e.value]).toEqual(['WRONG_TYPE', 'InvoiceDate', 'VARCHAR']);
  });

  it('NULL prices are NULL_VALUE naming the column', async () => {
    const e = (await cleaningReport(engine, tableSource({ table: 'nullprices' })).catch((x: unknown) => x)) as SqlError;
    expect([e.code, e.column, e.table]).toEqual(['NULL_VALUE', 'UnitPrice', 'nullprices']);
  });

  it('a DuckDB statement past statementTimeoutMs is interrupted as QUERY_TIMEOUT', async () => {
    const slow = await openDuckDb({ threads: 1, statementTimeoutMs: 50 });
    const e = (await slow.query({ text: 'SELECT count(*) FROM range(100000000000) a', params: [] }).catch((x: unknown) => x)) as SqlError;
    await slow.close();
    expect(e.code).toBe('QUERY_TIMEOUT');
  });

  it('redact removes URL userinfo and password pairs', () => {
    expect(redact('postgresql://shop:hunter2@db:5432/x and password=abc host=h')).toBe('postgresql://***@db:5432/x and password=*** host=h');
  });
});

describe('generated logs give the same reports in DuckDB as in-process', () => {
  it('for random seeds and sizes, plus cancellations without originals, zero prices and missing customers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 5, max: 120 }), async (seed, customers) => {
        const base = generateTransactionsCsv({ seed, customers, cancellationRate: 0.08, duplicateRate: 0.03, missingCustomerRate: 0.1 });
        // edge rows: a cancellation with no original, a zero price, an anonymous cancellation, a partial cancellation
        const extra = ['C999001,85123A,X,-3,2011-06-01 10:00,2.5,17850,UK', '999002,85123A,X,4,2011-06-02 10:00,0,17850,UK', 'C999003,22423,Y,-2,2011-06-03 10:00,3,,UK', '999004,22423,Y,10,2011-06-04 10:00,3,12345,UK', 'C999005,22423,Y,-4,2011-06-05 10:00,3,12345,UK'];
        const { table } = parseTransactionsCsv(`${base.trimEnd()}\n${extra.join('\n')}\n`);
        await writeDuckDbTable(engine, 'gen', table);
        for (const preset of ['notebook', 'strict', 'trusted'] as const) {
          expectSameReport(await cleaningReport(engine, tableSource({ table: 'gen', orderBy: 'row_id' }), { preset }), cleanTransactions(table, { preset }).report);
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});

describe('columnar reads', () => {
  it('DuckDB reads a numeric result column by column as its rows, across chunks, NULL as NaN', async () => {
    const statement = { text: 'SELECT i * 0.5 AS a, CAST(i AS BIGINT) AS b, CAST(i AS DECIMAL(12, 2)) / 4 AS c, CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS d FROM range(5000) AS r(i) ORDER BY i', params: [] };
    const columns = await engine.readNumberColumns!(statement);
    const rows = (await engine.query(statement)).rows;
    expect(columns.map((c) => c.length)).toEqual([5000, 5000, 5000, 5000]);
    expect(columns.map((c) => Array.from(c))).toEqual([0, 1, 2, 3].map((k) => rows.map((r) => (r[k] === null ? Number.NaN : Number(r[k])))));
  });

  it('DuckDB reads an empty numeric result as empty columns', async () => {
    const columns = await engine.readNumberColumns!({ text: 'SELECT 1.5 AS a, 2 AS b WHERE 1 = 0', params: [] });
    expect(columns.map((c) => c.length)).toEqual([0, 0]);
  });

  it('readTransactions on an engine with rows only (no stream, no columnar reader) equals the columnar read', async () => {
    const { table } = parseTransactionsCsv(generateTransactionsCsv({ seed: 7, customers: 40, cancellationRate: 0.1, duplicateRate: 0.05, missingCustomerRate: 0.1 }));
    await writeDuckDbTable(engine, 'generated', table);
    const rowsOnly: SqlEngine = { dialect: engine.dialect, name: engine.name, query: (s) => engine.query(s), close: async () => undefined };
    const source = tableSource({ table: 'generated', orderBy: 'row_id' });
    for (const clean of [false, { preset: 'trusted' }] as const) {
      const fast = await readTransactions(engine, source, { clean });
      const slow = await readTransactions(rowsOnly, source, { clean, batchRows: 7 });
      expect(slow.length).toBe(fast.length);
      expect(slow.dictionaries).toEqual(fast.dictionaries);
      expect(slow.columns).toEqual(fast.columns);
    }
    expect((await readTransactions(engine, source, { clean: { preset: 'trusted' } })).length).toBe(cleanTransactions(table, { preset: 'trusted' }).table.length);
  });

  it('openDuckDb sets memory_limit from memoryLimitMb and refuses a fractional or negative one', async () => {
    const limited = await openDuckDb({ memoryLimitMb: 512 });
    const r = await limited.query({ text: "SELECT current_setting('memory_limit')", params: [] });
    expect(String(r.rows[0]![0])).toMatch(/^(512\.0 MiB|536\.8 MB|512 MiB)$/);
    await limited.close();
    for (const bad of [1.5, -1, Number.NaN]) {
      const e = (await openDuckDb({ memoryLimitMb: bad }).catch((x: unknown) => x)) as SqlError;
      expect([e.code, e.parameter]).toEqual(['INVALID_OPTION', 'memoryLimitMb']);
    }
  });

  it('connectPostgres refuses a workMemMb that is not a whole number of megabytes as INVALID_OPTION', async () => {
    const e = (await connectPostgres({ connectionString: 'postgresql://u@127.0.0.1:1/db', workMemMb: 1.5 }).catch((x: unknown) => x)) as SqlError;
    expect([e.code, e.parameter]).toEqual(['INVALID_OPTION', 'workMemMb']);
  });
});
