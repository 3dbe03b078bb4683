/**
 * `analyze` and customer value: `clv.csv` holds, per customer, what `@shopper-spectrum/clv`
 * predicts from the repeat-purchase summary of the same transactions (recomputed here from
 * `models/transactions.sstb`), `models/clv.json` the fitted models, `summary.customerValue` the
 * totals and the CLV per RFM segment; a log the models cannot fit still analyses, and says why.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bgNbdFromJSON, calibrationHoldoutSplit, fitBgNbd, fitGammaGamma, gammaGammaFromJSON, holdoutByFrequency, predictCustomers } from '@shopper-spectrum/clv';
import { repeatPurchaseSummary } from '@shopper-spectrum/rfm';
import { csvUnescape } from '../src/csv.js';
import { decodeTable } from '../src/tableFile.js';
import { checkArtifacts, run } from './helpers.js';
import { smallArtifacts } from './fixture.js';

/** A CSV file of numbers and plain ids, as rows of named cells. */
function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((cell, j) => [names[j]!, csvUnescape(cell)])));
}

describe('analyze writes customer value (BG/NBD + Gamma-Gamma, 12 months)', () => {
  let out: string;
  let doc: Record<string, any>;
  beforeAll(async () => {
    out = await smallArtifacts(); // synthetic, 400 customers, notebook preset: some first seen on the last day
    doc = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
  }, 120_000);

  it('writes clv.csv with the figures predictCustomers gives on the same repeat-purchase summary', () => {
    const table = decodeTable(readFileSync(join(out, 'models/transactions.sstb')));
    const s = repeatPurchaseSummary(table);
    // the purchase model on the customers with an age (T > 0); the spend model on repeat customers with a positive mean spend
    const aged = s.customerIds.map((_, i) => i).filter((i) => s.T[i]! > 0);
    const fresh = s.customerIds.map((_, i) => i).filter((i) => s.T[i] === 0);
    expect(fresh.length).toBeGreaterThan(0);
    expect(doc.customerValue.newCustomers).toBe(fresh.length);
    const col = (c: ArrayLike<number>, idx: number[]) => idx.map((i) => c[i]!);
    const bg = fitBgNbd({ frequency: col(s.frequency, aged), recency: col(s.recency, aged), T: col(s.T, aged) });
    const spendX = Array.from(s.frequency, (x, i) => (s.monetaryValue[i]! > 0 ? x : 0));
    const gg = fitGammaGamma({ frequency: spendX, monetary: s.monetaryValue });
    // predictCustomers on the aged customers whose spend the spend model takes as it is
    const plain = aged.filter((i) => s.frequency[i] === 0 || s.monetaryValue[i]! > 0);
    const p = predictCustomers(bg, gg, { frequency: col(s.frequency, plain), recency: col(s.recency, plain), T: col(s.T, plain), monetary: col(s.monetaryValue, plain) }, { months: 12, periodsPerMonth: 30, monthlyDiscountRate: 0.01 });
    const rows = readCsv(join(out, 'clv.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['CustomerID', 'ExpectedPurchases12m', 'PAlive', 'ExpectedSpend', 'CLV12m']);
    expect(rows.map((r) => r.CustomerID)).toEqual(s.customerIds);
    plain.forEach((i, j) => {
      const r = rows[i]!;
      expect(Number(r.ExpectedPurchases12m)).toBeCloseTo(p.expectedPurchases[j]!, 4);
      expect(Number(r.PAlive)).toBeCloseTo(p.probabilityAlive[j]!, 4);
      expect(Number(r.ExpectedSpend)).toBeCloseTo(p.expectedSpend![j]!, 2);
      expect(Number(r.CLV12m)).toBeCloseTo(p.clv![j]!, 2);
    });
    // a customer first seen on the last day: a new customer's purchases E[X(t)], P(alive) 1, the mean spend
    let clvNew = 0;
    for (let m = 1; m <= 12; m++) clvNew += (gg.meanSpend() * (bg.expectedPurchases(30 * m) - bg.expectedPurchases(30 * (m - 1)))) / 1.01 ** m;
    for (const i of fresh) {
      const r = rows[i]!;
      expect(Number(r.ExpectedPurchases12m)).toBeCloseTo(bg.expectedPurchases(360), 4);
      expect(Number(r.PAlive)).toBe(1);
      expect(Number(r.ExpectedSpend)).toBeCloseTo(gg.meanSpend(), 2);
      expect(Number(r.CLV12m)).toBeCloseTo(clvNew, 2);
    }
    for (const r of rows) {
      expect(Number(r.PAlive)).toBeGreaterThanOrEqual(0);
      expect(Number(r.PAlive)).toBeLessThanOrEqual(1);
      expect(Number(r.CLV12m)).toBeGreaterThanOrEqual(0);
    }
  });

  it('writes the fitted models in models/clv.json, which load back with the same parameters', () => {
    const saved = JSON.parse(readFileSync(join(out, 'models/clv.json'), 'utf8'));
    expect(saved.unit).toBe('days');
    expect(saved.horizonMonths).toBe(12);
    expect(saved.bgNbd.kind).toBe('bg-nbd');
    expect(saved.gammaGamma.kind).toBe('gamma-gamma');
    expect(bgNbdFromJSON(saved.bgNbd).params).toEqual(doc.customerValue.params.bgNbd);
    expect(gammaGammaFromJSON(saved.gammaGamma).params).toEqual(doc.customerValue.params.gammaGamma);
    expect(typeof saved.bgNbd.report.converged).toBe('boolean');
    expect(doc.artifacts).toEqual(expect.arrayContaining(['clv.csv', 'models/clv.json']));
  });

  it('gives summary.customerValue: the model, its parameters, totals, and mean and total CLV per RFM segment', () => {
    const v = doc.customerValue;
    expect(v.model).toBe('bg-nbd + gamma-gamma');
    expect(Object.keys(v.params.bgNbd).sort()).toEqual(['a', 'alpha', 'b', 'r']);
    expect(Object.keys(v.params.gammaGamma).sort()).toEqual(['gamma', 'p', 'q']);
    expect(v.horizonMonths).toBe(12);
    expect(v.discount).toBe(0.01);
    const clv = readCsv(join(out, 'clv.csv'));
    const total = clv.reduce((n, r) => n + Number(r.CLV12m), 0);
    expect(v.totalClv).toBeCloseTo(total, 0); // per-customer figures are rounded to cents
    expect(v.meanClv).toBeCloseTo(total / clv.length, 1);
    // per segment, from rfm.csv's segment of each customer
    const segmentOf = new Map(readCsv(join(out, 'rfm.csv')).map((r) => [r.CustomerID, r.RFMSegment]));
    const bySegment = new Map<string, { customers: number; total: number }>();
    for (const r of clv) {
      const g = bySegment.get(segmentOf.get(r.CustomerID!)!) ?? { customers: 0, total: 0 };
      g.customers++;
      g.total += Number(r.CLV12m);
      bySegment.set(segmentOf.get(r.CustomerID!)!, g);
    }
    expect(v.bySegment.map((g: { segment: string }) => g.segment).sort()).toEqual([...bySegment.keys()].sort());
    for (const g of v.bySegment) {
      expect(g.customers).toBe(bySegment.get(g.segment)!.customers);
      expect(g.totalClv).toBeCloseTo(bySegment.get(g.segment)!.total, 0);
      expect(g.meanClv).toBeCloseTo(g.totalClv / g.customers, 1);
    }
    // the existing segment summary is unchanged in shape
    expect(doc.rfmSegments[0]).not.toHaveProperty('meanClv');
  });

  it('writes the CLV distribution chart: the positive CLVs binned on a log scale, the mean marked', () => {
    expect(readFileSync(join(out, 'charts/clv-distribution.svg'), 'utf8')).toMatch(/^<svg/);
    const spec = JSON.parse(readFileSync(join(out, 'charts/clv-distribution.vl.json'), 'utf8'));
    const [bars, mean] = spec.layer;
    expect(bars.encoding.x.scale.type).toBe('log');
    const clv = readCsv(join(out, 'clv.csv')).map((r) => Number(r.CLV12m));
    const bins: { x0: number; x1: number; count: number }[] = bars.data.values;
    // every customer with a positive CLV in exactly one bin (the cents in clv.csv may move a customer across an edge, never out)
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(clv.filter((x) => x > 0).length);
    expect(bins[0]!.x0).toBeCloseTo(Math.min(...clv.filter((x) => x > 0)), 1);
    expect(bins.at(-1)!.x1).toBeCloseTo(Math.max(...clv), 1);
    for (let i = 1; i < bins.length; i++) expect(bins[i]!.x1 / bins[i]!.x0).toBeCloseTo(bins[0]!.x1 / bins[0]!.x0, 9);
    expect(mean.data.values).toEqual([{ mean: doc.customerValue.meanClv }]);
    expect(spec.config.locale.number.currency[0]).toBe('£');
  });

  it('writes the calibration chart: holdoutByFrequency of BG/NBD fitted on the customers first seen before a cut-off 3 months before the last day', () => {
    expect(readFileSync(join(out, 'charts/clv-calibration.svg'), 'utf8')).toMatch(/^<svg/);
    const spec = JSON.parse(readFileSync(join(out, 'charts/clv-calibration.vl.json'), 'utf8'));
    const table = decodeTable(readFileSync(join(out, 'models/transactions.sstb')));
    let last = -Infinity;
    for (let i = 0; i < table.length; i++) last = Math.max(last, table.columns.invoiceDate[i]!);
    const end = new Date(last);
    const cut = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 3, end.getUTCDate())); // the fixture's last day is before the 29th
    expect(end.getUTCDate()).toBeLessThan(29);
    const c = doc.customerValue.calibration;
    expect(c.calibrationEnd).toBe(cut.toISOString().slice(0, 10));
    expect(c.holdoutEnd).toBe(end.toISOString().slice(0, 10));
    const split = calibrationHoldoutSplit(table, { calibrationEnd: c.calibrationEnd });
    const bg = fitBgNbd(split);
    expect(c.params).toEqual(bg.params);
    expect(c.customers).toBe(split.customerIds.length);
    expect(c.holdoutDays).toBe(split.holdoutLength);
    const bins = holdoutByFrequency(bg, split).filter((b) => b.customers > 0);
    expect(bins.length).toBeGreaterThan(2);
    expect(spec.data.values.map(({ label: _label, ...row }: Record<string, unknown>) => row)).toEqual(bins);
    expect(spec.data.values.map((r: { label: string }) => r.label)).toEqual(bins.map((b) => `${b.frequency}${b.orMore ? '+' : ''}`));
    expect(c.actualPerCustomer).toBeCloseTo(split.holdoutPurchases.reduce((n, x) => n + x, 0) / split.customerIds.length, 4);
    expect(doc.artifacts).toEqual(expect.arrayContaining(['charts/clv-distribution.svg', 'charts/clv-distribution.vl.json', 'charts/clv-calibration.svg', 'charts/clv-calibration.vl.json']));
  });

  it('has a Customer value section in summary.md and report.html', () => {
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('## Customer value');
    expect(md).toMatch(new RegExp(`${doc.customerValue.newCustomers} customers? first seen on the last day get`));
    expect(md).toMatch(/\| RFM segment \| customers \| mean CLV 12m \(GBP\) \| total CLV 12m \(GBP\) \|/);
    // the calibration figures: expected against actual holdout purchases per customer
    const c = doc.customerValue.calibration;
    expect(md).toContain(`Calibration check: BG/NBD refitted on the ${c.customers.toLocaleString('en-GB')} customers first seen before ${c.calibrationEnd}`);
    expect(md).toContain(`expects ${c.expectedPerCustomer.toFixed(3)} purchase days per customer in the ${c.holdoutDays}-day holdout to ${c.holdoutEnd}; they made ${c.actualPerCustomer.toFixed(3)} (expected / actual ${(c.expectedPerCustomer / c.actualPerCustomer).toFixed(2)})`);
    expect(doc.customerValue.meanPAlive).toBeCloseTo(readCsv(join(out, 'clv.csv')).reduce((n, r) => n + Number(r.PAlive), 0) / doc.customers, 3);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Customer value</h2>');
    const section = html.slice(html.indexOf('<h2>Customer value</h2>'));
    expect(section).toContain(readFileSync(join(out, 'charts/clv-distribution.svg'), 'utf8'));
    expect(section).toContain(readFileSync(join(out, 'charts/clv-calibration.svg'), 'utf8'));
  });
});

describe('analyze on a log the customer-value models cannot fit', () => {
  it('runs, writes no clv.csv, and gives the reason in summary.customerValue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-clv-few-'));
    const file = join(dir, 'log.csv');
    const lines = ['customer_id,date,dollar_value'];
    for (let c = 1; c <= 40; c++) lines.push(`${1000 + c},2011-${String(1 + (c % 12)).padStart(2, '0')}-${String(1 + (c % 27)).padStart(2, '0')},${(c * 7.5).toFixed(2)}`);
    lines.push('1001,2011-12-20,12.00', '1002,2011-12-21,30.00'); // two customers buy again
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const r = await run(['analyze', '--data', file, '--columns', 'customerId=customer_id,invoiceDate=date,amount=dollar_value', '--k', '3', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.customerValue.model).toBeNull();
    expect(doc.customerValue.reason).toMatch(/only 2 customers bought on more than one day; the models need at least 20/);
    expect(doc.artifacts).not.toContain('clv.csv');
    expect(doc.artifacts).not.toContain('charts/clv-distribution.svg');
    expect(doc.artifacts).not.toContain('charts/clv-calibration.svg');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('The customer-value models (BG/NBD and Gamma-Gamma) were not fitted: only 2 customers');
    checkArtifacts(out);
  }, 60_000);
});

