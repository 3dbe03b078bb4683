/**
 * The customer routes serve customer value: `clv12m`, `pAlive` and `expectedPurchases12m` of each
 * customer, the figures of `clv.csv` (read here apart from the server), in the list and on the
 * customer's page; null for each in an artifact set written without `clv.csv` (an older set).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifacts } from '../src/artifacts.js';
import { buildServer } from '../src/server.js';
import { api, parseCsv, qs } from './apiShared.js';
import type { Api } from './apiShared.js';
import { smallArtifacts } from './fixture.js';

let A: Api;
let clv: Map<string, { clv12m: number; pAlive: number; expectedPurchases12m: number }>;
beforeAll(async () => {
  A = await api();
  const [head, ...rows] = parseCsv(readFileSync(join(A.state.dir, 'clv.csv'), 'utf8'));
  const col = (name: string) => head!.indexOf(name);
  clv = new Map(rows.filter((r) => r.length > 1).map((r) => [r[col('CustomerID')]!, { clv12m: Number(r[col('CLV12m')]), pAlive: Number(r[col('PAlive')]), expectedPurchases12m: Number(r[col('ExpectedPurchases12m')]) }]));
}, 120_000);
afterAll(() => A.app.close());

describe('customer value in the customer routes', () => {
  it('the list gives each customer the clv.csv figures', async () => {
    const rows: { customerId: string; clv12m: number; pAlive: number; expectedPurchases12m: number }[] = [];
    for (let page = 1; ; page++) {
      const r = await A.get(`/api/customers?${qs({ pageSize: 100, page, sort: 'customerId', order: 'asc' })}`);
      expect(r.status).toBe(200);
      rows.push(...r.body.rows);
      if (r.body.rows.length < 100) break;
    }
    expect(rows.length).toBe(clv.size);
    for (const row of rows) {
      const want = clv.get(row.customerId)!;
      expect(want, row.customerId).toBeDefined();
      expect({ clv12m: row.clv12m, pAlive: row.pAlive, expectedPurchases12m: row.expectedPurchases12m }).toEqual(want);
    }
  });

  it('sorts the list by clv12m and by pAlive', async () => {
    for (const sort of ['clv12m', 'pAlive'] as const) {
      const r = await A.get(`/api/customers?${qs({ sort, order: 'desc', pageSize: 50 })}`);
      expect(r.status).toBe(200);
      const values = r.body.rows.map((x: Record<string, number>) => x[sort]);
      const all = [...clv.values()].map((v) => v[sort]).sort((a, b) => b - a);
      expect(values).toEqual(all.slice(0, 50));
    }
  });

  it("the customer's page gives the customer's clv.csv figures", async () => {
    const ids = [...clv.keys()].slice(0, 5);
    for (const id of ids) {
      const r = await A.get(`/api/customers/${encodeURIComponent(id)}`);
      expect(r.status).toBe(200);
      expect({ clv12m: r.body.clv12m, pAlive: r.body.pAlive, expectedPurchases12m: r.body.expectedPurchases12m }).toEqual(clv.get(id));
      expect(r.body.pAlive).toBeGreaterThanOrEqual(0);
      expect(r.body.pAlive).toBeLessThanOrEqual(1);
    }
  });

  it('an artifact set without clv.csv serves null for each', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ss-noclv-')), 'out');
    cpSync(await smallArtifacts(), dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ ...m, files: m.files.filter((f) => f.path !== 'clv.csv') }, null, 1)}\n`);
    rmSync(join(dir, 'clv.csv'));
    const state = loadArtifacts(dir);
    expect(state.clv).toBeNull();
    const { app } = await buildServer(state, { rateLimitPerMinute: 0 });
    try {
      const list = (await app.inject('/api/customers?pageSize=3')).json();
      expect(list.rows).toHaveLength(3);
      for (const row of list.rows) expect([row.clv12m, row.pAlive, row.expectedPurchases12m]).toEqual([null, null, null]);
      const one = (await app.inject(`/api/customers/${encodeURIComponent(list.rows[0].customerId)}`)).json();
      expect([one.clv12m, one.pAlive, one.expectedPurchases12m]).toEqual([null, null, null]);
    } finally {
      await app.close();
    }
  });
});
