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

  it('gives each RFM segment and cluster of /api/segments the mean and total CLV and mean P(alive) of its customers in the filter', async () => {
    const rfmCsv = parseCsv(readFileSync(join(A.state.dir, 'rfm.csv'), 'utf8'));
    const head = rfmCsv[0]!;
    const rows = rfmCsv.slice(1).filter((r) => r.length > 1).map((r) => ({ id: r[head.indexOf('CustomerID')]!, segment: r[head.indexOf('RFMSegment')]!, cluster: r[head.indexOf('ClusterSegment')]! }));
    const expected = (ids: string[]) => {
      const v = ids.map((id) => clv.get(id)!);
      const total = v.reduce((n, x) => n + x.clv12m, 0);
      return { totalClv: Math.round(total * 100) / 100, meanClv: Math.round((total / v.length) * 100) / 100, meanPAlive: Math.round((v.reduce((n, x) => n + x.pAlive, 0) / v.length) * 1e4) / 1e4 };
    };
    const r = await A.get('/api/segments');
    expect(r.status).toBe(200);
    for (const g of r.body.rfmSegments.business) expect({ totalClv: g.totalClv, meanClv: g.meanClv, meanPAlive: g.meanPAlive }, g.segment).toEqual(expected(rows.filter((x) => x.segment === g.segment).map((x) => x.id)));
    for (const g of r.body.segments) expect({ totalClv: g.totalClv, meanClv: g.meanClv, meanPAlive: g.meanPAlive }, g.name).toEqual(expected(rows.filter((x) => x.cluster === g.name).map((x) => x.id)));
    // the whole set, as of the analysis, and the filter's customers
    const summary = A.state.summary.customerValue as { totalClv: number; meanPAlive: number; calibration: unknown; model: string };
    expect(r.body.customerValue).toMatchObject({ model: summary.model, totalClv: summary.totalClv, meanPAlive: summary.meanPAlive, calibration: summary.calibration });
    expect(r.body.customerValue).not.toHaveProperty('bySegment');
    expect(r.body.customerValue.filtered).toEqual({ customers: clv.size, ...expected([...clv.keys()]) });
    expect(r.body.atRisk).toEqual(A.state.summary.atRisk);
    // within a filter: the country's customers only
    const country = (await A.get('/api/countries')).body.countries[1].country;
    const f = await A.get(`/api/segments?${qs({ country })}`);
    const listed = await A.get(`/api/customers?${qs({ country, pageSize: 200 })}`);
    expect(listed.body.total).toBeLessThanOrEqual(200); // one page holds them all
    const inCountry = listed.body.rows.map((x: { customerId: string }) => x.customerId);
    expect(inCountry.length).toBeLessThan(clv.size);
    expect(f.body.customerValue.filtered).toEqual({ customers: inCountry.length, ...expected(inCountry) });
    const one = f.body.rfmSegments.business.find((g: { customers: number }) => g.customers > 0);
    const detail = await A.get(`/api/segments/${encodeURIComponent(one.segment)}?${qs({ country })}`);
    expect({ totalClv: detail.body.totalClv, meanClv: detail.body.meanClv, meanPAlive: detail.body.meanPAlive }).toEqual({ totalClv: one.totalClv, meanClv: one.meanClv, meanPAlive: one.meanPAlive });
    const csv = await A.get('/api/segments?format=csv');
    expect(csv.text.split('\n')[0]).toMatch(/Mean CLV 12 months \(GBP\),Total CLV 12 months \(GBP\),Mean P\(alive\)$/);
  });

  it('serves the CLV charts the manifest lists', async () => {
    for (const name of ['clv-distribution', 'clv-calibration']) {
      const r = await A.get(`/api/charts/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.body).toEqual(JSON.parse(readFileSync(join(A.state.dir, `charts/${name}.vl.json`), 'utf8')));
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
      const seg = (await app.inject('/api/segments')).json();
      expect(seg.customerValue).toBeNull();
      for (const g of [...seg.rfmSegments.business, ...seg.segments]) expect([g.meanClv, g.totalClv, g.meanPAlive]).toEqual([null, null, null]);
    } finally {
      await app.close();
    }
  });

  it('an artifact set written before the CLV charts and the At-Risk rule still serves, without them', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ss-nocharts-')), 'out');
    cpSync(await smallArtifacts(), dir, { recursive: true });
    const gone = ['charts/clv-distribution.vl.json', 'charts/clv-calibration.vl.json', 'charts/clv-distribution.svg', 'charts/clv-calibration.svg'];
    const summary = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
    delete summary.atRisk;
    const text = `${JSON.stringify(summary, null, 1)}\n`;
    writeFileSync(join(dir, 'analysis.json'), text);
    const { createHash } = await import('node:crypto');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
    const files = m.files.filter((f) => !gone.includes(f.path)).map((f) => (f.path === 'analysis.json' ? { ...f, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') } : f));
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ ...m, files }, null, 1)}\n`);
    for (const g of gone) rmSync(join(dir, g));
    const state = loadArtifacts(dir);
    expect([...state.charts.keys()]).not.toContain('clv-distribution');
    const { app } = await buildServer(state, { rateLimitPerMinute: 0 });
    try {
      expect((await app.inject('/api/charts/clv-distribution')).statusCode).toBeGreaterThanOrEqual(400);
      const seg = (await app.inject('/api/segments')).json();
      expect(seg.atRisk).toBeNull();
      expect(seg.customerValue.filtered.customers).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
