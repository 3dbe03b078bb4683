#!/usr/bin/env node
// A ClickHouse cluster of N shards (default 2) on loopback, for the sql package's distributed tests and CI.
//
//   node scripts/clickhouse-cluster.mjs start [--shards 2] [--dir DIR]   prints shell lines to eval:
//       SHOPPER_SPECTRUM_CLICKHOUSE_URLS=http://127.0.0.1:P1,http://127.0.0.1:P2 (one per shard, HTTP)
//       SHOPPER_SPECTRUM_CLICKHOUSE_DIR=DIR                                     (what `stop` takes)
//   node scripts/clickhouse-cluster.mjs stop DIR                          stops every server, removes DIR
//
// Each shard is its own clickhouse-server process (Debian's clickhouse-server 18.16 or later) with its
// own config, users file, data directory and two free loopback ports (HTTP and native TCP), under one
// temp directory. Every shard's config declares the same `remote_servers` cluster (`shopper_spectrum`,
// one replica per shard, addressed by native TCP port), so a Distributed table created on any shard
// fans a query out to all of them. No ZooKeeper (no ON CLUSTER DDL, no replication): tables are
// created on each shard by the caller. Runs as root (18.16 does not refuse) or as any user.
//
// `import { startCluster, stopCluster } from './clickhouse-cluster.mjs'` does the same from a test.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The cluster name in `remote_servers` (what `Distributed(cluster, ...)` names). */
export const CLUSTER_NAME = 'shopper_spectrum';

const SERVER_CANDIDATES = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', '/usr/bin/clickhouse'];

/** The clickhouse-server binary (SHOPPER_SPECTRUM_CLICKHOUSE_SERVER, else Debian's paths), or null. */
export function findServer() {
  const env = process.env.SHOPPER_SPECTRUM_CLICKHOUSE_SERVER;
  if (env) return existsSync(env) ? env : null;
  return SERVER_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function configXml(dir, shard, all) {
  const replicas = all.map((s) => `      <shard><replica><host>127.0.0.1</host><port>${s.tcpPort}</port></replica></shard>`).join('\n');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${xml(join(dir, 'server.log'))}</log><errorlog>${xml(join(dir, 'error.log'))}</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${shard.httpPort}</http_port>
  <tcp_port>${shard.tcpPort}</tcp_port>
  <path>${xml(join(dir, 'data'))}/</path>
  <tmp_path>${xml(join(dir, 'tmp'))}/</tmp_path>
  <user_files_path>${xml(join(dir, 'user_files'))}/</user_files_path>
  <format_schema_path>${xml(join(dir, 'format_schemas'))}/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_concurrent_queries>20</max_concurrent_queries>
  <keep_alive_timeout>60</keep_alive_timeout>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <remote_servers>
    <${CLUSTER_NAME}>
${replicas}
    </${CLUSTER_NAME}>
  </remote_servers>
</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

async function answers(url) {
  try {
    const res = await fetch(`${url}/?query=${encodeURIComponent('SELECT 1')}`, { signal: AbortSignal.timeout(2000) });
    return res.ok && (await res.text()).trim() === '1';
  } catch {
    return false;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `shards` ClickHouse servers on free loopback ports under `dir` (a new temp directory by
 * default) and waits until each answers `SELECT 1` over HTTP and the cluster answers through
 * `remote()`-style fan-out (system.clusters lists every shard).
 *
 * @param {{ shards?: number, dir?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ dir: string, cluster: string, shards: { url: string, httpPort: number, tcpPort: number, pid: number }[], stop: () => Promise<void> }>}
 */
export async function startCluster(options = {}) {
  const n = options.shards ?? 2;
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`shards: ${n}; allowed: an integer from 1 to 8`);
  const server = findServer();
  if (server === null) throw new Error('clickhouse-server not found (apt-get install -y clickhouse-server clickhouse-client, or set SHOPPER_SPECTRUM_CLICKHOUSE_SERVER)');
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'ss-clickhouse-')));
  mkdirSync(dir, { recursive: true });
  const shards = [];
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    let httpPort;
    let tcpPort;
    do httpPort = await freePort();
    while (seen.has(httpPort));
    seen.add(httpPort);
    do tcpPort = await freePort();
    while (seen.has(tcpPort));
    seen.add(tcpPort);
    shards.push({ url: `http://127.0.0.1:${httpPort}`, httpPort, tcpPort, pid: 0, dir: join(dir, `shard${i + 1}`) });
  }
  const stop = () => stopCluster(dir);
  try {
    for (const s of shards) {
      mkdirSync(s.dir, { recursive: true });
      writeFileSync(join(s.dir, 'config.xml'), configXml(s.dir, s, shards));
      writeFileSync(join(s.dir, 'users.xml'), USERS_XML);
      const child = spawn(server, [`--config-file=${join(s.dir, 'config.xml')}`], { cwd: s.dir, detached: true, stdio: 'ignore' });
      child.unref();
      if (child.pid === undefined) throw new Error(`could not spawn ${server}`);
      s.pid = child.pid;
      writeFileSync(join(s.dir, 'pid'), String(child.pid));
    }
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify({ cluster: CLUSTER_NAME, shards: shards.map(({ url, httpPort, tcpPort, pid }) => ({ url, httpPort, tcpPort, pid })) }, null, 2));
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (const s of shards) {
      while (!(await answers(s.url))) {
        if (!alive(s.pid)) throw new Error(`clickhouse-server of ${s.dir} exited: ${tail(join(s.dir, 'error.log'))}`);
        if (Date.now() > deadline) throw new Error(`clickhouse-server of ${s.dir} did not answer on ${s.url} in time: ${tail(join(s.dir, 'error.log'))}`);
        await sleep(200);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, cluster: CLUSTER_NAME, shards: shards.map(({ url, httpPort, tcpPort, pid }) => ({ url, httpPort, tcpPort, pid })), stop };
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ') || '(empty error log)';
  } catch {
    return '(no error log)';
  }
}

/**
 * Stops the servers `startCluster` started under `dir` (SIGTERM, then SIGKILL after 15 s), waits until
 * each has exited, and removes `dir`. Safe to call twice.
 *
 * @param {string} dir
 * @returns {Promise<void>}
 */
export async function stopCluster(dir) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8'));
  } catch {
    info = null;
  }
  const pids = [];
  if (info) pids.push(...info.shards.map((s) => s.pid));
  else {
    for (let i = 1; i <= 8; i++) {
      try {
        pids.push(Number(readFileSync(join(dir, `shard${i}`, 'pid'), 'utf8')));
      } catch {
        /* no such shard */
      }
    }
  }
  for (const pid of pids) {
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + 15_000;
  for (const pid of pids) {
    while (pid > 0 && alive(pid)) {
      if (Date.now() > deadline) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        await sleep(100);
        break;
      }
      await sleep(100);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const [command, ...rest] = process.argv.slice(2);
  const flag = (name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command === 'start') {
    const shards = flag('--shards');
    const c = await startCluster({ shards: shards === undefined ? 2 : Number(shards), dir: flag('--dir') });
    process.stdout.write(`SHOPPER_SPECTRUM_CLICKHOUSE_URLS=${c.shards.map((s) => s.url).join(',')}\nSHOPPER_SPECTRUM_CLICKHOUSE_DIR=${c.dir}\n`);
  } else if (command === 'stop' && rest[0]) {
    await stopCluster(rest[0]);
  } else {
    process.stderr.write('usage: clickhouse-cluster.mjs start [--shards N] [--dir DIR] | stop DIR\n');
    process.exit(2);
  }
}
