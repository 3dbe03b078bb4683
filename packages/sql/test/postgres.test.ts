import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { cleaningReport, readTransactions, tableSource, SqlError } from '@shopper-spectrum/sql';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
import type { PostgresEngine } from '@shopper-spectrum/sql/postgres';
import { writePostgresTable } from './loadTable.js';
import { expectSameReport, expectSameTable, mustRun, onlineRetail } from './onlineRetailData.js';
import { startPostgres } from './postgresServer.js';
import type { TestPostgres } from './postgresServer.js';

describe.runIf(mustRun)('PostgreSQL pushdown on the real Online Retail file', () => {
  let server: TestPostgres;
  let engine: PostgresEngine;
  let table: TransactionTable;
  beforeAll(async () => {
    server = await startPostgres();
    engine = await connectPostgres({ connectionString: server.url });
    table = await onlineRetail();
    await writePostgresTable(engine, 'online_retail', table);
  }, 300_000);
  afterAll(async () => {
    await engine?.close();
    await server?.stop();
  }, 60_000);

  for (const preset of ['notebook', 'strict', 'trusted'] as const) {
    it(`the ${preset} cleaning report computed in PostgreSQL equals cleanTransactions'`, async () => {
      const want = cleanTransactions(table, { preset }).report;
      const got = await cleaningReport(engine, tableSource({ table: 'online_retail', orderBy: 'row_id' }), { preset });
      expectSameReport(got, want);
    }, 180_000);
  }

  it('the table read after cleaning in PostgreSQL equals the in-process cleaned table', async () => {
    const want = cleanTransactions(table, { preset: 'trusted' }).table;
    const got = await readTransactions(engine, tableSource({ table: 'online_retail', orderBy: 'row_id' }), { clean: { preset: 'trusted' } });
    expectSameTable(got, want);
  }, 180_000);

  it('a missing table is MISSING_TABLE naming the table', async () => {
    const e = await cleaningReport(engine, tableSource({ table: 'no_such_orders' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SqlError);
    expect([(e as SqlError).code, (e as SqlError).table]).toEqual(['MISSING_TABLE', 'no_such_orders']);
  });

  it('a statement past statementTimeoutMs is QUERY_TIMEOUT', async () => {
    const slow = await connectPostgres({ connectionString: server.url, statementTimeoutMs: 50 });
    const e = await slow.query({ text: 'SELECT pg_sleep(2)', params: [] }).catch((x: unknown) => x);
    await slow.close();
    expect((e as SqlError).code).toBe('QUERY_TIMEOUT');
  });

  it('a refused connection is CONNECTION_FAILED and its message never shows the password', async () => {
    const e = await connectPostgres({ connectionString: 'postgresql://shop:Sup3rSecret@127.0.0.1:1/sales', connectTimeoutMs: 2000 }).catch((x: unknown) => x);
    expect((e as SqlError).code).toBe('CONNECTION_FAILED');
    expect(JSON.stringify({ m: (e as Error).message, c: String((e as Error).cause), j: (e as SqlError).toJSON() })).not.toContain('Sup3rSecret');
  });
});
