/**
 * A PostgreSQL server for the tests: SHOPPER_SPECTRUM_PG_URL when set (CI starts one), otherwise a
 * throw-away cluster (initdb + pg_ctl from /usr/lib/postgresql/<version>/bin, or PG_BIN) in a temp
 * directory on a free loopback port, run as the `postgres` user when the tests run as root (the
 * server refuses root), and stopped by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** The connection URL. */
  readonly url: string;
  /** Stops the server this helper started (nothing for an outside one). */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'pg_ctl'))) return join(root, v, 'bin');
  throw new Error('no PostgreSQL binaries: set SHOPPER_SPECTRUM_PG_URL or PG_BIN');
}

/** Starts (or finds) the server. */
export async function startPostgres(): Promise<TestPostgres> {
  const outside = process.env.SHOPPER_SPECTRUM_PG_URL;
  if (outside) return { url: outside, stop: async () => undefined };
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'sql-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [join(bin, cmd), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')], { stdio: 'pipe' });
    else execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  };
  const user = asRoot ? 'postgres' : (process.env.USER ?? 'postgres');
  run('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return {
    url: `postgresql://${user}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
