/**
 * A PostgreSQL 15 server for the aggregate tests: `SHOPPER_SPECTRUM_PG_URL` when set (CI starts one),
 * otherwise initdb + pg_ctl in a temp directory on a free loopback port, run as the `postgres` user
 * when the tests run as root (PostgreSQL refuses root), stopped by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.SHOPPER_SPECTRUM_PG_BIN ?? '/usr/lib/postgresql/15/bin';

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

export interface PostgresServer {
  readonly url: string;
  stop(): void;
}

export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.SHOPPER_SPECTRUM_PG_URL;
  if (given) return { url: given, stop() {} };
  const dir = mkdtempSync(join(tmpdir(), 'ss-agg-pg-'));
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const ids = root ? (execFileSync('id', ['-u', 'postgres']).toString().trim() + ':' + execFileSync('id', ['-g', 'postgres']).toString().trim()).split(':').map(Number) : null;
  if (ids) chownSync(dir, ids[0]!, ids[1]!);
  const run = (cmd: string, args: string[]) => {
    if (root) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  const data = join(dir, 'data');
  run(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  run(`${BIN}/pg_ctl`, ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=1GB`, 'start']);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
