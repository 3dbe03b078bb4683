/**
 * The two-shard ClickHouse cluster the distributed tests run on: the one `.ci/run` started
 * (SHOPPER_SPECTRUM_CLICKHOUSE_URLS, comma-separated HTTP URLs, one per shard, cluster
 * `shopper_spectrum`), else one started here by scripts/clickhouse-cluster.mjs in a temp dir on free
 * loopback ports, stopped by `stop()` (call it in afterAll).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TestCluster {
  readonly cluster: string;
  readonly urls: readonly string[];
  stop(): Promise<void>;
}

interface ClusterScript {
  CLUSTER_NAME: string;
  findServer(): string | null;
  startCluster(options?: { shards?: number }): Promise<{ cluster: string; shards: { url: string }[]; stop(): Promise<void> }>;
}

const scriptPath = fileURLToPath(new URL('../../../scripts/clickhouse-cluster.mjs', import.meta.url));

async function script(): Promise<ClusterScript> {
  return (await import(/* @vite-ignore */ scriptPath)) as ClusterScript;
}

/** Whether a cluster can be had: URLs given, or a clickhouse-server binary here; in CI always (the test then fails). */
export async function clusterAvailable(): Promise<boolean> {
  if (process.env.SHOPPER_SPECTRUM_CLICKHOUSE_URLS) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') return true;
  return existsSync(scriptPath) && (await script()).findServer() !== null;
}

export async function startTestCluster(): Promise<TestCluster> {
  const given = process.env.SHOPPER_SPECTRUM_CLICKHOUSE_URLS;
  const s = await script();
  if (given) return { cluster: s.CLUSTER_NAME, urls: given.split(',').map((u) => u.trim()).filter(Boolean), stop: async () => {} };
  const c = await s.startCluster({ shards: 2 });
  return { cluster: c.cluster, urls: c.shards.map((x) => x.url), stop: () => c.stop() };
}
