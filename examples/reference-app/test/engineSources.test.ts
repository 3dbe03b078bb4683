/**
 * analyze --data from DuckDB and PostgreSQL: the real Online Retail file written into a DuckDB
 * database file and into a PostgreSQL table gives, with the read, the cleaning, its report and the
 * RFM table pushed down, the same summary figures as analyze on the CSV (rows, customers, products,
 * invoices, revenue, the cleaning report, the cancellations, the RFM segments, the clusters); the
 * summary says which stages ran where. Bad sources (missing table or column, a refused connection,
 * a wrong password, a query timeout, a file that is no DuckDB database) exit with the CLI's coded
 * errors, without a stack trace or the password. PostgreSQL is CI's (SHOPPER_SPECTRUM_PG_URL +
 * PGPASSFILE, from .ci/postgres.sh) or one started here with that script and stopped after.
 * Runs in CI and wherever ../shared has the data; fails (does not skip) in CI without it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { run } from './helpers.js';
import { closedPort, postgresExec, startPostgres, writeDuckDbFile, writePostgresTable } from './dataSourceEngines.js';
import type { TestPostgres } from './dataSourceEngines.js';

const realPath = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(realPath);

type Summary = Record<string, any>;
const readJson = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/** The figures that must not depend on where the rows came from. */
function figures(s: Summary) {
  return { rows: s.rows, customers: s.customers, products: s.products, invoices: s.invoices, revenue: s.revenue, period: s.period, cancellations: s.cancellations, segments: s.segments, rfmSegments: s.rfmSegments, k: s.k, pareto: s.pareto, lastPeriod: s.lastPeriod };
}

let dir: string;
let small: TransactionTable;
let server: TestPostgres | null = null;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'engine-sources-'));
  small = parseTransactionsCsv(generateTransactionsCsv({ seed: 5, customers: 60 })).table;
});
afterAll(() => {
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('analyze --data duckdb: with bad sources', () => {
  let db: string;
  beforeAll(async () => {
    db = join(dir, 'small.duckdb');
    await writeDuckDbFile(db, 'orders', small);
    await writeDuckDbFile(join(dir, 'noprice.duckdb'), 'orders', small, ['UnitPrice']);
  });

  it('exits 4 with MISSING_TABLE naming the table when the database has no such table', async () => {
    const r = await run(['analyze', '--data', `duckdb:${db}#nope`, '--out', join(dir, 'd1'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error MISSING_TABLE.*nope/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 with MISSING_COLUMN naming the field when the table lacks a needed column', async () => {
    const r = await run(['analyze', '--data', `duckdb:${join(dir, 'noprice.duckdb')}#orders`, '--out', join(dir, 'd2'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error MISSING_COLUMN.*[Uu]nit[Pp]rice/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with CONNECTION_FAILED for a file that is not a DuckDB database', async () => {
    const fake = join(dir, 'fake.duckdb');
    writeFileSync(fake, 'InvoiceNo,StockCode\n1,A\n');
    const r = await run(['analyze', '--data', `duckdb:${fake}#orders`, '--out', join(dir, 'd3'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Error CONNECTION_FAILED/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a --query-timeout that is not a number of seconds', async () => {
    const r = await run(['analyze', '--data', `duckdb:${db}#orders`, '--query-timeout', 'soon', '--out', join(dir, 'd4'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--query-timeout');
  });

  it('reads a small table with the stages in DuckDB and says so in the summary, summary.md and report.html', async () => {
    const out = join(dir, 'd5');
    const r = await run(['analyze', '--data', `duckdb:${db}#orders`, '--models', 'popularity', '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/^Error/m);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.stages.engine).toEqual(['read', 'clean', 'cleaning report', 'RFM table']);
    expect(s.stages.inProcess).toContain('segments');
    expect(s.stages.inProcess).not.toContain('RFM');
    expect(s.stages.text).toMatch(/^Stages: in DuckDB: read, clean, cleaning report, RFM table; in-process/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(s.stages.text);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('in DuckDB: read, clean, cleaning report, RFM table');
  });
});

describe.runIf(mustRun)('analyze --data from DuckDB and PostgreSQL on Online Retail (real data)', () => {
  let csv: Summary;
  let csvCleaning: Summary;
  let url: string;
  beforeAll(async () => {
    const { table } = await loadTransactions(realPath);
    await writeDuckDbFile(join(dir, 'retail.duckdb'), 'online_retail', table);
    server = startPostgres();
    url = server.url;
    await postgresExec(url, 'CREATE SCHEMA IF NOT EXISTS shop');
    await writePostgresTable(url, 'shop', 'online_retail', table);
    const r = await run(['analyze', '--data', realPath, '--models', 'popularity', '--out', join(dir, 'csv'), '--quiet']);
    expect(r.code).toBe(0);
    csv = readJson(join(dir, 'csv'), 'analysis.json');
    csvCleaning = readJson(join(dir, 'csv'), 'cleaning-report.json').cleaning;
  }, 900_000);

  it('gives the CSV run\'s figures from a DuckDB database file, with read, cleaning, its report and RFM in DuckDB', async () => {
    const out = join(dir, 'duck');
    const r = await run(['analyze', '--data', `duckdb:${join(dir, 'retail.duckdb')}#online_retail`, '--models', 'popularity', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = readJson(out, 'analysis.json');
    expect(figures(s)).toEqual(figures(csv));
    expect(s.rows.loaded).toBe(541909);
    expect(readJson(out, 'cleaning-report.json').cleaning).toEqual(csvCleaning);
    expect(readFileSync(join(out, 'rfm.csv'), 'utf8')).toBe(readFileSync(join(dir, 'csv', 'rfm.csv'), 'utf8'));
    expect(s.stages.engine).toEqual(['read', 'clean', 'cleaning report', 'RFM table']);
  }, 900_000);
});
