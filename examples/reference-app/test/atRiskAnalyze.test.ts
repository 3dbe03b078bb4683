/**
 * `analyze --at-risk p-alive<0.5` on the fixture's synthetic log: every file made from the business
 * labels (rfm.csv, segments/rfm-segments.json, analysis.json's rfmSegments, crosstab and CLV per
 * segment, summary.md, report.html, the served API) uses the labels of the P(alive) rule, checked
 * against clv.csv's PAlive and rfm.csv's F and M; a bad value is a usage error naming the option; a
 * log the models cannot fit falls back to the RFM rule and says so.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { isShopperSpectrumError } from '@shopper-spectrum/core';
import { csvUnescape } from '../src/csv.js';
import { buildServer } from '../src/server.js';
import { loadArtifacts } from '../src/artifacts.js';
import { checkArtifacts, run } from './helpers.js';
import { smallArtifacts } from './fixture.js';

function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((cell, j) => [names[j]!, csvUnescape(cell)])));
}

const byFm = (f: number, m: number) => (f >= 4 && m >= 4 ? 'High-Value' : f === 3 || f >= 4 ? 'Regular' : 'Occasional');

describe('analyze --at-risk p-alive<0.5', () => {
  let out: string;
  let doc: Record<string, any>;
  let rfmRows: Record<string, string>[];
  let clv: Map<string, number>;
  let rfmDefault: Map<string, string>;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'ss-at-risk-'));
    const r = await run(['analyze', '--customers', '400', '--seed', '42', '--preset', 'notebook', '--at-risk', 'p-alive<0.5', '--models', 'popularity', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    doc = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    rfmRows = readCsv(join(out, 'rfm.csv'));
    clv = new Map(readCsv(join(out, 'clv.csv')).map((x) => [x.CustomerID!, Number(x.PAlive)]));
    // the same log under the default rule (the fixture: seed 7 there, so run the default here too)
    const plain = mkdtempSync(join(tmpdir(), 'ss-at-risk-rfm-'));
    expect((await run(['analyze', '--customers', '400', '--seed', '42', '--preset', 'notebook', '--models', 'popularity', '--out', plain, '--quiet'])).code).toBe(0);
    rfmDefault = new Map(readCsv(join(plain, 'rfm.csv')).map((x) => [x.CustomerID!, x.RFMSegment!]));
  }, 180_000);

  it('declares the rule in summary.atRisk and prints it', () => {
    expect(doc.atRisk).toMatchObject({ asked: 'p-alive<0.5', rule: 'p-alive', threshold: 0.5, fallback: null });
    expect(doc.atRisk.customers).toBe(rfmRows.filter((r) => r.RFMSegment === 'At-Risk').length);
    expect(doc.atRisk.customers).toBeGreaterThan(0);
    expect(doc.atRisk.changedFromRfm).toBe(rfmRows.filter((r) => r.RFMSegment !== rfmDefault.get(r.CustomerID!)).length);
    expect(doc.atRisk.changedFromRfm).toBeGreaterThan(0);
  });

  it('labels each customer in rfm.csv At-Risk exactly when its P(alive) is below 0.5, the others by F and M', () => {
    let checked = 0;
    for (const r of rfmRows) {
      const p = clv.get(r.CustomerID!)!;
      if (Math.abs(p - 0.5) < 1e-4) continue; // clv.csv rounds P(alive) to 4 decimals
      expect(r.RFMSegment, r.CustomerID).toBe(p < 0.5 ? 'At-Risk' : byFm(Number(r.F), Number(r.M)));
      checked++;
    }
    expect(checked).toBeGreaterThan(rfmRows.length - 3);
    // lapsed customers (R 1-2) who are alive are not At-Risk
    expect(rfmRows.some((r) => Number(r.R) <= 2 && clv.get(r.CustomerID!)! >= 0.5 && r.RFMSegment !== 'At-Risk')).toBe(true);
  });

  it('uses those labels in rfm-segments.json, rfmSegments, the crosstab and the CLV per segment', () => {
    const count = (name: string) => rfmRows.filter((r) => r.RFMSegment === name).length;
    const seg = JSON.parse(readFileSync(join(out, 'segments/rfm-segments.json'), 'utf8'));
    for (const g of seg.business) expect(g.customers, g.segment).toBe(count(g.segment));
    expect(doc.rfmSegments).toEqual(seg.business);
    const t = doc.segmentation.crosstab;
    t.rfmSegments.forEach((name: string, i: number) => expect(t.counts[i].reduce((a: number, b: number) => a + b, 0), name).toBe(count(name)));
    for (const g of doc.customerValue.bySegment) expect(g.customers, g.segment).toBe(count(g.segment));
    const clvOf = new Map(readCsv(join(out, 'clv.csv')).map((x) => [x.CustomerID!, Number(x.CLV12m)]));
    const atRisk = doc.customerValue.bySegment.find((g: { segment: string }) => g.segment === 'At-Risk');
    expect(atRisk.totalClv).toBeCloseTo(rfmRows.filter((r) => r.RFMSegment === 'At-Risk').reduce((n, r) => n + clvOf.get(r.CustomerID!)!, 0), 0);
  });

  it('says the rule in summary.md and report.html', () => {
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('**At-Risk rule (`--at-risk p-alive<0.5`).** At-Risk: P(alive) below 0.5');
    expect(md).toContain(doc.atRisk.text);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('At-Risk rule (--at-risk p-alive&lt;0.5). At-Risk: P(alive) below 0.5');
    checkArtifacts(out);
  });

  it('serves the labels of the rule: the segments, a segment filter and summary.atRisk', async () => {
    const { app } = await buildServer(loadArtifacts(out));
    try {
      const s = (await app.inject({ url: '/api/segments' })).json();
      expect(s.atRisk).toEqual(doc.atRisk);
      const served = s.rfmSegments.business.find((g: { segment: string }) => g.segment === 'At-Risk');
      expect(served.customers).toBe(doc.atRisk.customers);
      const list = (await app.inject({ url: '/api/customers?segment=At-Risk&pageSize=100' })).json();
      expect(list.total).toBe(doc.atRisk.customers);
      for (const row of list.rows) expect(row.pAlive, row.customerId).toBeLessThan(0.5);
    } finally {
      await app.close();
    }
  });
});

describe('analyze --at-risk: bad values and the fallback', () => {
  it('refuses a threshold outside (0, 1) with a usage error naming the option, the value and what is allowed', async () => {
    for (const value of ['p-alive<1', 'p-alive<0', 'p-alive<0.5x', 'recency']) {
      const r = await run(['analyze', '--at-risk', value, '--out', mkdtempSync(join(tmpdir(), 'ss-at-risk-bad-'))]);
      expect(r.code, value).toBe(2);
      expect(r.stderr).toContain(`--at-risk`);
      expect(r.stderr).toContain(JSON.stringify(value));
      expect(r.stderr).toContain('allowed: rfm, or p-alive<t');
    }
  });

  it('refuses a bad rule given to analyze() with a coded error naming --at-risk', async () => {
    const err = await analyze({ source: { seed: 1, customers: 50 }, preset: 'notebook', k: 3, seed: 1, atRisk: { rule: 'p-alive', threshold: 1.5 } }).catch((e: unknown) => e);
    expect(isShopperSpectrumError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', parameter: '--at-risk', value: 'p-alive<1.5' });
  });

  it('falls back to the RFM rule on a log the models cannot fit, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-at-risk-few-'));
    const file = join(dir, 'log.csv');
    const lines = ['customer_id,date,dollar_value'];
    for (let c = 1; c <= 40; c++) lines.push(`${1000 + c},2011-${String(1 + (c % 12)).padStart(2, '0')}-${String(1 + (c % 27)).padStart(2, '0')},${(c * 7.5).toFixed(2)}`);
    lines.push('1001,2011-12-20,12.00');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const r = await run(['analyze', '--data', file, '--columns', 'customerId=customer_id,invoiceDate=date,amount=dollar_value', '--k', '3', '--at-risk', 'p-alive<0.5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(doc.atRisk).toMatchObject({ asked: 'p-alive<0.5', rule: 'rfm', threshold: null, changedFromRfm: 0 });
    expect(doc.atRisk.fallback).toMatch(/^the customer-value models were not fitted \(only 1 customer bought on more than one day/);
    expect(r.stdout).toContain('p-alive<0.5 was asked, but the customer-value models were not fitted');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('so the RFM rule applies');
    const rows = readCsv(join(out, 'rfm.csv'));
    for (const row of rows) expect(row.RFMSegment === 'At-Risk', row.CustomerID).toBe(Number(row.R) <= 2);
  }, 60_000);
});

describe('analyze without --at-risk', () => {
  it('declares the RFM rule (recency score 1 or 2)', async () => {
    const doc = JSON.parse(readFileSync(join(await smallArtifacts(), 'analysis.json'), 'utf8'));
    expect(doc.atRisk).toMatchObject({ asked: 'rfm', rule: 'rfm', fallback: null, changedFromRfm: 0 });
    expect(doc.atRisk.customers).toBe(doc.rfmSegments.find((g: { segment: string }) => g.segment === 'At-Risk').customers);
  }, 120_000);
});
