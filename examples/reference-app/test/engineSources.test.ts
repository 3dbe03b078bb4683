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

/**
 * Every fractional number to 12 significant digits: the engines sum revenues in their own order
 * (DuckDB's compensated fsum, PostgreSQL's sum), core with its compensated sum, so a total of
 * 485,535.23 can come back as 485535.2300000051 from one and 485535.23 from the other; counts stay exact.
 */
function to12(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(to12);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, to12(x)]));
  return v;
}

/** The figures that must not depend on where the rows came from. */
function figures(s: Summary) {
  return to12({ rows: s.rows, customers: s.customers, products: s.products, invoices: s.invoices, revenue: s.revenue, period: s.period, cancellations: s.cancellations, segments: s.segments, rfmSegments: s.rfmSegments, k: s.k, pareto: s.pareto, lastPeriod: s.lastPeriod });
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
    expect(to12(readJson(out, 'cleaning-report.json').cleaning)).toEqual(to12(csvCleaning));
    expect(readFileSync(join(out, 'rfm.csv'), 'utf8')).toBe(readFileSync(join(dir, 'csv', 'rfm.csv'), 'utf8'));
    expect(s.stages.engine).toEqual(['read', 'clean', 'cleaning report', 'RFM table']);
    console.info(`seconds, load+clean+rfm: CSV ${csv.timings.load} + ${csv.timings.clean} + ${csv.timings.rfm}, DuckDB ${s.timings.load} + ${s.timings.clean} + ${s.timings.rfm}; total CSV ${csv.timings.total}, DuckDB ${s.timings.total}`);
  }, 900_000);

  it("gives the CSV run's figures from a PostgreSQL table (#schema.table) with the password in the URL, which no output shows", async () => {
    const out = join(dir, 'pg');
    const u = new URL(url);
    u.password = server!.password;
    u.hash = 'shop.online_retail';
    const r = await run(['analyze', '--data', u.toString(), '--models', 'popularity', '--out', out]);
    expect(r.stderr).not.toMatch(/^Error/m);
    expect(r.code).toBe(0);
    const s = readJson(out, 'analysis.json');
    expect(figures(s)).toEqual(figures(csv));
    // PostgreSQL sums revenues with a plain sum (10 significant digits agree), and numbers the unmatched
    // cancellation lines by ctid, which here differs from the file's row by up to 64 after row 337,000
    // (reported to the sql package); the lines themselves are the same
    const pgCleaning = readJson(out, 'cleaning-report.json').cleaning;
    const tenDigits = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(10)) : x)));
    const noRows = (c: Summary) => tenDigits({ ...c, cancellations: { ...c.cancellations, unmatched: c.cancellations.unmatched.map(({ row: _row, ...line }: Summary) => line) } });
    expect(noRows(pgCleaning)).toEqual(noRows(csvCleaning));
    expect(readFileSync(join(out, 'rfm.csv'), 'utf8')).toBe(readFileSync(join(dir, 'csv', 'rfm.csv'), 'utf8'));
    expect(s.stages.text).toMatch(/^Stages: in PostgreSQL: read, clean, cleaning report, RFM table; in-process/);
    expect(server!.password.length).toBeGreaterThan(8);
    for (const text of [r.stdout, r.stderr, ...['analysis.json', 'summary.md', 'report.html', 'cleaning-report.json'].map((f) => readFileSync(join(out, f), 'utf8'))]) expect(text).not.toContain(server!.password);
    expect(s.source).toContain(':***@');
    console.info(`seconds, PostgreSQL load+clean+rfm: ${s.timings.load} + ${s.timings.clean} + ${s.timings.rfm}; total ${s.timings.total}`);
    expect(r.stdout).toContain('Stages: in PostgreSQL');
  }, 900_000);

  it('reads a PostgreSQL ?query= source with the password from PGPASSFILE, and prints the --json summary', async () => {
    const u = new URL(url);
    u.searchParams.set('query', 'SELECT * FROM shop.online_retail WHERE "Country" = \'France\'');
    const r = await run(['analyze', '--data', u.toString(), '--models', 'popularity', '--preset', 'notebook', '--out', join(dir, 'pgq'), '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.source).toMatch(/ \(query\)$/);
    expect(s.rows.loaded).toBe(8557);
    expect(s.stages.engine).toContain('clean');
  }, 600_000);

  it('exits 4 with MISSING_TABLE, naming the table, for a table PostgreSQL does not have', async () => {
    const r = await run(['analyze', '--data', `${url}#shop.nope`, '--out', join(dir, 'p1'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error MISSING_TABLE.*nope/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 with MISSING_COLUMN for a query without a needed column', async () => {
    const u = new URL(url);
    u.searchParams.set('query', 'SELECT "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "CustomerID", "Country" FROM shop.online_retail');
    const r = await run(['analyze', '--data', u.toString(), '--out', join(dir, 'p2'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error MISSING_COLUMN.*[Uu]nit[Pp]rice/);
  });

  it('exits 4 with QUERY_TIMEOUT when a statement outlives --query-timeout', async () => {
    const r = await run(['analyze', '--data', `${url}#shop.online_retail`, '--query-timeout', '0.001', '--out', join(dir, 'p3'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error QUERY_TIMEOUT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 with CONNECTION_FAILED and without the password for a wrong password', async () => {
    const u = new URL(url);
    u.password = 'Wr0ng-pa55word';
    const r = await run(['analyze', '--data', `${u.toString()}#shop.online_retail`, '--out', join(dir, 'p4'), '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Error CONNECTION_FAILED/);
    expect(r.stderr + r.stdout).not.toContain('Wr0ng-pa55word');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'p4', 'analysis.json'))).toBe(false);
  });

  it('exits 3 with CONNECTION_FAILED and without the password when nothing listens on the port', async () => {
    const port = await closedPort();
    const r = await run(['analyze', '--data', `postgres://shopper:Cl0sed-pa55@127.0.0.1:${port}/shop#orders`, '--out', join(dir, 'p5'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Error CONNECTION_FAILED/);
    expect(r.stderr).not.toContain('Cl0sed-pa55');
  });
});
