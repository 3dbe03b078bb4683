/**
 * analyze --data sources: the forms parsed (files, Parquet, duckdb:path#table, PostgreSQL URLs with a
 * table or a query), passwords never shown, bad sources exiting with the CLI's coded errors and no
 * stack trace (engine sources: test/engineSources.test.ts), and a Parquet file of the real Online Retail data giving the same summary figures
 * as its CSV (runs in CI, fails without ../shared; skipped in a clone without it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTransactionsCsv, generateTransactionsCsv } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { toParquet } from '@shopper-spectrum/arrow';
import { describeSpec, parseDataArgument, redactUrl } from '../src/dataSource.js';
import { run } from './helpers.js';

const realPath = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(realPath);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'data-source-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('parseDataArgument', () => {
  it('reads a .parquet name as a Parquet file and any other name as a file for core', () => {
    expect(parseDataArgument('x.parquet', '/w')).toEqual({ kind: 'parquet', path: '/w/x.parquet' });
    expect(parseDataArgument('data/x.csv.gz', '/w')).toEqual({ kind: 'file', path: '/w/data/x.csv.gz' });
  });

  it('reads duckdb:path#table', () => {
    expect(parseDataArgument('duckdb:shop.duckdb#orders', '/w')).toEqual({ kind: 'duckdb', path: '/w/shop.duckdb', table: 'orders' });
    expect(() => parseDataArgument('duckdb:shop.duckdb', '/w')).toThrow(expect.objectContaining({ code: 'INVALID_DATA_SOURCE' }));
  });

  it('reads a PostgreSQL URL with a table or a query, and keeps the password out of what it shows', () => {
    const t = parseDataArgument('postgres://ann:s3cret@db.local:5432/shop#public.orders', '/w');
    expect(t).toMatchObject({ kind: 'postgres', table: 'public.orders', query: null, shown: 'postgres://ann:***@db.local:5432/shop' });
    expect(describeSpec(t)).not.toContain('s3cret');
    const q = parseDataArgument(`postgresql://ann@db.local/shop?query=${encodeURIComponent('SELECT * FROM orders WHERE "Country" = \'France\'')}`, '/w');
    expect(q).toMatchObject({ kind: 'postgres', table: null, query: 'SELECT * FROM orders WHERE "Country" = \'France\'' });
  });

  it('refuses a URL with neither or both of a table and a query, or another scheme', () => {
    for (const bad of ['postgres://ann:s3cret@db/shop', 'postgres://ann:s3cret@db/shop?query=SELECT%201#t', 'mysql://ann:s3cret@db/shop#t', 'postgres://ann:s3cret@/shop#t']) {
      let error: Error | undefined;
      try {
        parseDataArgument(bad, '/w');
      } catch (e) {
        error = e as Error;
      }
      expect(error).toMatchObject({ code: 'INVALID_DATA_SOURCE' });
      expect(error!.message).not.toContain('s3cret');
    }
  });

  it('redacts passwords in the user part and in the query string', () => {
    expect(redactUrl('postgres://a:b@h/d?password=zz&sslmode=require')).toBe('postgres://a:***@h/d?password=***&sslmode=require');
    expect(redactUrl('postgres://a:b@h:notaport/d')).not.toContain(':b@');
  });
});

describe('analyze --help', () => {
  it('documents every --data form, where the credentials come from, the timeout and the driver packages', async () => {
    const r = await run(['analyze', '--help']);
    expect(r.code).toBe(0);
    for (const form of ['.parquet', 'duckdb:path.duckdb#table', 'postgres://user@host:5432/db#table', '#schema.table', '?query=SELECT', 'PGPASSWORD / PGPASSFILE', '--query-timeout', '@duckdb/node-api or pg']) expect(r.stdout).toContain(form);
  });
});

describe('analyze --data with bad sources', () => {
  it('exits 3 for a missing Parquet file or DuckDB database, naming it', async () => {
    const r = await run(['analyze', '--data', join(dir, 'nope.parquet'), '--out', join(dir, 'o1'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Cannot read --data .*nope\.parquet.*no such file/);
    const d = await run(['analyze', '--data', `duckdb:${join(dir, 'nope.duckdb')}#orders`, '--out', join(dir, 'o2'), '--quiet']);
    expect(d.code).toBe(3);
  });

  it('exits 2 for a malformed URL, without the password', async () => {
    const r = await run(['analyze', '--data', 'postgres://ann:s3cret@db/shop', '--out', join(dir, 'o3'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('postgres://ann:***@db/shop');
    expect(r.stderr).not.toContain('s3cret');
  });

  it('exits 4 with the coded error and no stack trace for a file named .parquet that is a CSV', async () => {
    const file = join(dir, 'fake.parquet');
    writeFileSync(file, 'InvoiceNo,StockCode\n1,A\n');
    const r = await run(['analyze', '--data', file, '--out', join(dir, 'o4'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^Error NOT_PARQUET \[source\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 naming the column for a Parquet file without a needed column', async () => {
    const { table } = parseTransactionsCsv(generateTransactionsCsv({ seed: 3, customers: 30 }));
    const bytes = toParquet(table);
    const file = join(dir, 'ok.parquet');
    writeFileSync(file, bytes);
    const r = await run(['analyze', '--data', file, '--columns', 'unitPrice=Price', '--out', join(dir, 'o5'), '--quiet']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Error MISSING_COLUMNS .*the Parquet file: Missing required column: unitPrice \("Price"\)/);
  });

  it('exits 3 with CONNECTION_FAILED, showing no password, for a PostgreSQL server that cannot be reached', async () => {
    const r = await run(['analyze', '--data', 'postgres://ann:s3cret@127.0.0.1:1/shop#orders', '--out', join(dir, 'o6'), '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^Error CONNECTION_FAILED/);
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.runIf(mustRun)('analyze --data x.parquet on Online Retail (real data)', () => {
  it('gives the same summary figures as the CSV, and says every stage ran in-process', async () => {
    const { table } = await loadTransactions(realPath);
    const file = join(dir, 'online-retail.parquet');
    writeFileSync(file, toParquet(table));
    const args = ['--models', 'popularity', '--quiet'];
    const fromParquet = await run(['analyze', '--data', file, '--out', join(dir, 'pq'), ...args]);
    expect(fromParquet.stderr).toBe('');
    expect(fromParquet.code).toBe(0);
    const fromCsv = await run(['analyze', '--data', realPath, '--out', join(dir, 'csv'), ...args]);
    expect(fromCsv.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'pq', 'analysis.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'csv', 'analysis.json'), 'utf8'));
    const pick = (s: typeof a) => ({ rows: s.rows, customers: s.customers, products: s.products, invoices: s.invoices, revenue: s.revenue, period: s.period, segments: s.segments, rfm: s.rfmSegments, k: s.k });
    expect(pick(a)).toEqual(pick(b));
    expect(a.rows.loaded).toBe(541909);
    expect(a.stages.engine).toEqual([]);
    expect(a.stages.text).toMatch(/all in-process .* from the Parquet file/);
  }, 600_000);
});
