/**
 * analyze --data from an engine whose optional driver is not installed: `pg` and `@duckdb/node-api`
 * are optional peer dependencies of the CLI, so a user's install may lack them. The import of the
 * driver is made to fail here as it fails without the package (vi.doMock with a throwing factory:
 * no engine is faked, nothing runs), and the CLI must exit 2 with MISSING_DRIVER naming the package
 * to install, no stack trace and no password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDuckDbFile } from './dataSourceEngines.js';
import { parseTransactionsCsv, generateTransactionsCsv } from '@shopper-spectrum/core';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'data-source-drivers-'));
  await writeDuckDbFile(join(dir, 'shop.duckdb'), 'orders', parseTransactionsCsv(generateTransactionsCsv({ seed: 2, customers: 20 })).table);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const missing = (name: string) => () => {
  throw Object.assign(new Error(`Cannot find package '${name}' imported from @shopper-spectrum/sql`), { code: 'ERR_MODULE_NOT_FOUND' });
};

describe('analyze --data without the engine driver installed', () => {
  it('exits 2 with MISSING_DRIVER naming pg for a PostgreSQL source, without the password', async () => {
    vi.resetModules();
    vi.doMock('pg', missing('pg'));
    const { run } = await import('./helpers.js');
    const r = await run(['analyze', '--data', 'postgres://ann:Dr1ver-pw@127.0.0.1:5432/shop#orders', '--out', join(dir, 'o1'), '--quiet']);
    vi.doUnmock('pg');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error MISSING_DRIVER.*npm install pg/);
    expect(r.stderr).not.toContain('Dr1ver-pw');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with MISSING_DRIVER naming @duckdb/node-api for a DuckDB source', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', missing('@duckdb/node-api'));
    const { run } = await import('./helpers.js');
    const r = await run(['analyze', '--data', `duckdb:${join(dir, 'shop.duckdb')}#orders`, '--out', join(dir, 'o2'), '--quiet']);
    vi.doUnmock('@duckdb/node-api');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error MISSING_DRIVER.*npm install @duckdb\/node-api/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
