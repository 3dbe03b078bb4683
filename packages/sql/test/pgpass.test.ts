import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
import { pgpassPassword, pgpassTarget } from '../src/pgpass.js';
import { startPostgres } from './postgresServer.js';
import type { TestPostgres } from './postgresServer.js';

const dir = mkdtempSync(join(tmpdir(), 'pgpass-test-'));
function passFile(text: string, mode = 0o600): string {
  const file = join(dir, `pgpass-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}
const target = { host: '127.0.0.1', port: '5433', database: 'shop', user: 'ana' };

describe('the password file', () => {
  it('gives the first matching line, with * wildcards, escaped colons and backslashes, skipping comments', () => {
    const file = passFile(['# comment', 'otherhost:5433:shop:ana:nope', '127.0.0.1:*:shop:ana:pa\\:ss\\\\word', '*:*:*:*:later'].join('\n'));
    expect(pgpassPassword(target, { PGPASSFILE: file })).toBe('pa:ss\\word');
    expect(pgpassPassword({ ...target, user: 'bob' }, { PGPASSFILE: file })).toBe('later');
  });

  it('ignores a file others can read, as libpq does, and a missing one', () => {
    expect(pgpassPassword(target, { PGPASSFILE: passFile('*:*:*:*:secret', 0o644) })).toBeUndefined();
    expect(pgpassPassword(target, { PGPASSFILE: join(dir, 'none') })).toBeUndefined();
  });

  it('is consulted only when neither the URL nor PGPASSWORD gives a password', () => {
    expect(pgpassTarget('postgresql://ana:pw@127.0.0.1:5433/shop', {})).toBeNull();
    expect(pgpassTarget(undefined, { PGPASSWORD: 'x' })).toBeNull();
    expect(pgpassTarget('postgresql://ana@127.0.0.1:5433/shop', {})).toEqual(target);
    expect(pgpassTarget(undefined, { PGHOST: '127.0.0.1', PGPORT: '5433', PGUSER: 'ana', PGDATABASE: 'shop' })).toEqual(target);
  });
});

describe('connectPostgres with a password file', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  it('logs in from PGPASSFILE without pg printing its deprecation warning', async () => {
    const url = new URL(server.url);
    const saved = process.env.PGPASSFILE;
    if (url.password !== '') {
      // a server this test started: write its password into a file and leave it out of the URL
      process.env.PGPASSFILE = passFile(`${url.hostname}:${url.port}:*:${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}\n`);
      url.password = '';
    }
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const engine = await connectPostgres({ connectionString: url.toString() });
      expect((await engine.query({ text: 'SELECT 1 + $1', params: [1] })).rows).toEqual([[2]]);
      await engine.close();
      await new Promise((r) => setTimeout(r, 50));
      expect(warnings.filter((w) => /pgpass/i.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      if (saved === undefined) delete process.env.PGPASSFILE;
      else process.env.PGPASSFILE = saved;
    }
  });
});
