import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import { adjustedRandIndex } from '@shopper-spectrum/cluster';
import { rfmTable, validateSegmentMap } from '@shopper-spectrum/rfm';
import type { RfmTable } from '@shopper-spectrum/rfm';
import { applyAtRiskRule, AT_RISK, BUSINESS_SEGMENTS_BY_FM } from './atRisk.js';
import { segmentCustomers } from './segmentation.js';
import type { Segmentation } from './segmentation.js';

/** The business map's label of (F, M) for a customer who is not At-Risk, written out from its boxes. */
const byFm = (f: number, m: number) => (f >= 4 && m >= 4 ? 'High-Value' : f === 3 || f >= 4 ? 'Regular' : 'Occasional');

let rfm: RfmTable;
let seg: Segmentation;
let pAlive: Float64Array;
let inFit: Uint8Array;
beforeAll(() => {
  const table = cleanTransactions(parseTransactionsCsv(generateTransactionsCsv({ seed: 3, customers: 300 })).table, { preset: 'notebook' }).table;
  rfm = rfmTable(table);
  seg = segmentCustomers(rfm, 3, 1);
  // a P(alive) spread over [0, 1) that is not a function of recency alone; every 17th customer outside the fit
  pAlive = Float64Array.from({ length: rfm.length }, (_, i) => ((i * 7919) % 1000) / 1000);
  inFit = Uint8Array.from({ length: rfm.length }, (_, i) => (i % 17 === 0 ? 0 : 1));
});

describe('BUSINESS_SEGMENTS_BY_FM', () => {
  it('covers every score cell exactly once with High-Value, Regular and Occasional', () => {
    const v = validateSegmentMap(BUSINESS_SEGMENTS_BY_FM);
    expect(v.valid).toBe(true);
    expect(BUSINESS_SEGMENTS_BY_FM.segments.map((s) => s.name)).toEqual(['High-Value', 'Regular', 'Occasional']);
  });
});

describe('applyAtRiskRule', () => {
  it('leaves the segmentation as it is under the RFM rule and counts its At-Risk customers', () => {
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'rfm' }, alive: { probabilityAlive: pAlive, inFit } });
    expect(r.segmentation).toBe(seg);
    expect(r.summary).toMatchObject({ asked: 'rfm', rule: 'rfm', threshold: null, fallback: null, changedFromRfm: 0, moves: [] });
    expect(r.summary.customers).toBe(seg.businessLabels.filter((l) => l === AT_RISK).length);
    expect(r.summary.customers).toBe(seg.scores.r.filter((x) => x <= 2).length);
  });

  it('puts a fitted customer At-Risk exactly when P(alive) is below the threshold, and labels the others by F and M', () => {
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.4 }, alive: { probabilityAlive: pAlive, inFit } });
    const labels = r.segmentation.businessLabels;
    for (let i = 0; i < rfm.length; i++) {
      if (!inFit[i]) expect(labels[i], `customer ${i} outside the fit`).toBe(seg.businessLabels[i]);
      else expect(labels[i], `customer ${i}`).toBe(pAlive[i]! < 0.4 ? AT_RISK : byFm(seg.scores.f[i]!, seg.scores.m[i]!));
    }
    // a lapsed customer (R 1-2) who is alive is labelled by F and M, as a recent one would be
    const lapsedAlive = [...Array(rfm.length).keys()].filter((i) => inFit[i] && seg.scores.r[i]! <= 2 && pAlive[i]! >= 0.4);
    expect(lapsedAlive.length).toBeGreaterThan(0);
    for (const i of lapsedAlive) expect(labels[i]).not.toBe(AT_RISK);
  });

  it('counts what changed: At-Risk customers, those who joined and left it, the kept labels and every move', () => {
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.4 }, alive: { probabilityAlive: pAlive, inFit } });
    const before = seg.businessLabels;
    const after = r.segmentation.businessLabels;
    const changed = after.filter((l, i) => l !== before[i]).length;
    expect(r.summary.changedFromRfm).toBe(changed);
    expect(r.summary.customers).toBe(after.filter((l) => l === AT_RISK).length);
    expect(r.summary.joinedAtRisk).toBe(after.filter((l, i) => l === AT_RISK && before[i] !== AT_RISK).length);
    expect(r.summary.leftAtRisk).toBe(after.filter((l, i) => l !== AT_RISK && before[i] === AT_RISK).length);
    expect(r.summary.keptRfmLabel).toBe(inFit.filter((x) => x === 0).length);
    expect(r.summary.moves.reduce((n, m) => n + m.customers, 0)).toBe(changed);
    for (const m of r.summary.moves) expect(m.customers).toBe(after.filter((l, i) => l === m.to && before[i] === m.from).length);
    expect(r.summary.text).toMatch(new RegExp(`^At-Risk by P\\(alive\\) below 0.4 \\(--at-risk p-alive<0.4\\): ${r.summary.customers} customers, against ${before.filter((l) => l === AT_RISK).length} by the RFM rule; ${changed} customers changed label`));
  });

  it("gives P(alive)'s spread over the fitted customers and counts those without a repeat purchase", () => {
    const frequency = Int32Array.from({ length: rfm.length }, (_, i) => i % 3);
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.4 }, alive: { probabilityAlive: pAlive, inFit, frequency } });
    const fitted = [...Array(rfm.length).keys()].filter((i) => inFit[i]);
    const sorted = fitted.map((i) => pAlive[i]!).sort((a, b) => a - b);
    expect(r.summary.pAlive).toEqual({ min: sorted[0], p10: sorted[Math.ceil(0.1 * sorted.length) - 1], p25: sorted[Math.ceil(0.25 * sorted.length) - 1], median: sorted[Math.ceil(0.5 * sorted.length) - 1] });
    expect(r.summary.noRepeat).toBe(fitted.filter((i) => i % 3 === 0).length);
    expect(r.summary.text).toContain(`${r.summary.noRepeat} customers without a repeat purchase have P(alive) 1 in BG/NBD and are never At-Risk by this rule`);
  });

  it('says when no customer falls below the threshold, with the lowest P(alive)', () => {
    const high = Float64Array.from(pAlive, (p) => 0.8 + p / 10);
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.5 }, alive: { probabilityAlive: high, inFit } });
    // only those outside the fit whose RFM label is At-Risk
    expect(r.summary.customers).toBe([...Array(rfm.length).keys()].filter((i) => !inFit[i] && seg.businessLabels[i] === AT_RISK).length);
    expect(r.summary.text).toMatch(/no customer has a P\(alive\) below 0.5 \(the lowest is 0.8\d*/);
  });

  it('recomputes the segment summary, the crosstab and the agreement from the new labels', () => {
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.4 }, alive: { probabilityAlive: pAlive, inFit } });
    const s = r.segmentation;
    expect(s.business.map((g) => g.segment)).toEqual(seg.business.map((g) => g.segment)); // the map's order
    for (const g of s.business) {
      const members = [...Array(rfm.length).keys()].filter((i) => s.businessLabels[i] === g.segment);
      expect(g.customers, g.segment).toBe(members.length);
      expect(g.revenue).toBeCloseTo(members.reduce((n, i) => n + rfm.monetary[i]!, 0), 6);
    }
    s.crosstab.rfmSegments.forEach((name, i) => expect(s.crosstab.counts[i]!.reduce((a, b) => a + b, 0), name).toBe(s.businessLabels.filter((l) => l === name).length));
    const codes = Int32Array.from(s.businessLabels, (l) => s.crosstab.rfmSegments.indexOf(l));
    expect(s.rfmAgreement).toBeCloseTo(adjustedRandIndex(codes, seg.labels), 12);
    // the clusters are untouched
    expect(s.labels).toBe(seg.labels);
    expect(s.model).toBe(seg.model);
  });

  it('falls back to the RFM rule when there is no fitted model, and says why', () => {
    const r = applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.5 }, alive: null, notFitted: 'the customer-value models were not fitted (only 2 customers bought on more than one day)' });
    expect(r.segmentation).toBe(seg);
    expect(r.summary).toMatchObject({ asked: 'p-alive<0.5', rule: 'rfm', threshold: null, fallback: 'the customer-value models were not fitted (only 2 customers bought on more than one day)', changedFromRfm: 0 });
    expect(r.summary.text).toMatch(/p-alive<0.5 was asked, but the customer-value models were not fitted \(only 2 customers/);
  });

  it('puts no fewer customers At-Risk at a higher threshold (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const at = (t: number) => applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: t }, alive: { probabilityAlive: pAlive, inFit } }).summary.customers;
        expect(at(lo)).toBeLessThanOrEqual(at(hi));
      }),
      { numRuns: 30 },
    );
  });
});
