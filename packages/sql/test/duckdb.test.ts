import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { cleanTransactions } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { cleaningReport, fileSource, readTransactions, tableSource } from '@shopper-spectrum/sql';
import { openDuckDb } from '@shopper-spectrum/sql/duckdb';
import type { DuckDbEngine } from '@shopper-spectrum/sql/duckdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDuckDbTable } from './loadTable.js';
import { expectSameReport, expectSameTable, mustRun, onlineRetail } from './onlineRetailData.js';

const PRESETS = ['notebook', 'strict', 'trusted'] as const;

describe.runIf(mustRun)('DuckDB pushdown on the real Online Retail file', () => {
  let engine: DuckDbEngine;
  let table: TransactionTable;
  let dir: string;
  beforeAll(async () => {
    table = await onlineRetail();
    engine = await openDuckDb({ threads: 2 });
    await writeDuckDbTable(engine, 'online_retail', table);
    dir = mkdtempSync(join(tmpdir(), 'sql-duckdb-'));
    await engine.connection.run(`COPY online_retail TO '${join(dir, 'online-retail.parquet')}' (FORMAT parquet)`);
  }, 240_000);
  afterAll(async () => {
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const preset of PRESETS) {
    it(`the ${preset} cleaning report computed in DuckDB equals cleanTransactions'`, async () => {
      const want = cleanTransactions(table, { preset }).report;
      const got = await cleaningReport(engine, tableSource({ table: 'online_retail' }), { preset });
      expectSameReport(got, want);
    }, 120_000);
  }

  it('the trusted report from a Parquet file (read_parquet, file order) equals the in-process one', async () => {
    const want = cleanTransactions(table, { preset: 'trusted' }).report;
    const got = await cleaningReport(engine, fileSource({ files: join(dir, 'online-retail.parquet') }), { preset: 'trusted' });
    expectSameReport(got, want);
  }, 120_000);

  it('the table read after cleaning in DuckDB equals the in-process cleaned table, dictionaries included', async () => {
    const want = cleanTransactions(table, { preset: 'trusted' }).table;
    const got = await readTransactions(engine, tableSource({ table: 'online_retail', orderBy: 'row_id' }), { clean: { preset: 'trusted' } });
    expectSameTable(got, want);
  }, 120_000);

  it('the raw table read from DuckDB equals the loaded one', async () => {
    const got = await readTransactions(engine, tableSource({ table: 'online_retail' }));
    expectSameTable(got, table);
  }, 120_000);
});
