/**
 * RFM figures pinned on the real UCI Online Retail file after the notebook cleaning preset.
 *
 * Expected values were computed independently by scripts/reference/online_retail_rfm.py (Python
 * standard library; output in scripts/reference/online_retail_rfm.json): RFM as the notebooks
 * compute it (snapshot = last invoice + 1 day, timedelta.days, nunique invoices, sum of
 * Quantity x UnitPrice), pandas-style qcut(rank(method='first')) quintiles over customers sorted by
 * id, and the notebooks' own regular-expression segment map. The R, F, M of 12346, 12347, 14646 and
 * 17850 are also the figures widely quoted from the notebooks.
 *
 * Runs in CI (fails without the file); skipped in a clone without ../shared.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';
import { median, repeatPurchaseSummary, RF_GRID_SEGMENTS, rfmScores, rfmTable, segmentRfm } from '@shopper-spectrum/rfm';
import type { RfmTable } from '@shopper-spectrum/rfm';

const path = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(path);

const named = {
  '12346': { recency: 326, frequency: 1, monetary: 77183.6, code: '115', segment: 'Hibernating', repeat: [0, 0, 325, 0] },
  '12347': { recency: 2, frequency: 7, monetary: 4310, code: '555', segment: 'Champions', repeat: [6, 365, 367, 599.701667] },
  '14646': { recency: 2, frequency: 73, monetary: 280206.02, code: '555', segment: 'Champions', repeat: [44, 353, 354, 6366.705909] },
  '17850': { recency: 372, frequency: 34, monetary: 5391.21, code: '155', segment: "Can't Lose Them", repeat: [1, 1, 373, 3891.87] },
  '18287': { recency: 43, frequency: 3, monetary: 1837.28, code: '344', segment: 'Loyal Customers', repeat: [2, 159, 201, 536] },
} as const;

describe.runIf(mustRun)('RFM on Online Retail (real data, notebook preset)', () => {
  let raw: TransactionTable;
  let cleaned: TransactionTable;
  let rfm: RfmTable;
  beforeAll(async () => {
    raw = (await loadTransactions(path)).table;
    cleaned = cleanTransactions(raw, { preset: 'notebook' }).table;
    rfm = rfmTable(cleaned);
  }, 60_000);

  it('has 4,338 customers, measured from 2011-12-10 12:50', () => {
    expect(rfm.length).toBe(4338);
    expect(rfm.asOf).toBe(Date.UTC(2011, 11, 10, 12, 50));
  });

  it('gives the named customers their recency, frequency, monetary, code and segment', () => {
    const scores = rfmScores(rfm);
    const seg = segmentRfm(scores, RF_GRID_SEGMENTS);
    for (const [id, want] of Object.entries(named)) {
      const i = rfm.indexOf(id);
      expect(rfm.row(i), id).toMatchObject({ recency: want.recency, frequency: want.frequency, monetary: expect.closeTo(want.monetary, 6) });
      expect(scores.code(i), id).toBe(want.code);
      expect(seg.nameOf(i), id).toBe(want.segment);
    }
  });

  it('keeps 12346 (one order of 74,215, returned) only once cancellations are removed', () => {
    const rawRfm = rfmTable(raw);
    expect(rawRfm.row(rawRfm.indexOf('12346'))).toMatchObject({ frequency: 2, monetary: 0 });
    const strict = rfmTable(cleanTransactions(raw, { preset: 'strict' }).table);
    expect(strict.row(strict.indexOf('12346'))).toMatchObject({ frequency: 1, monetary: 77183.6 });
  });

  it('has the mean and median R, F and M of the reference', () => {
    const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(rfm.recency)).toBeCloseTo(92.536422314, 8);
    expect(mean(rfm.frequency)).toBeCloseTo(4.272014753, 8);
    expect(mean(rfm.monetary)).toBeCloseTo(2054.26646, 5);
    expect([median(rfm.recency), median(rfm.frequency), median(rfm.monetary)]).toEqual([51, 2, expect.closeTo(674.485, 6)]);
  });

  it('cuts quintiles of 868 or 867 customers and segments them as the notebooks do', () => {
    const scores = rfmScores(rfm);
    for (const dim of [scores.recency, scores.frequency, scores.monetary]) expect(dim.ranges.map((r) => r.count)).toEqual([868, 867, 868, 867, 868]);
    expect(segmentRfm(scores, RF_GRID_SEGMENTS).counts).toEqual({
      Champions: 633,
      'Loyal Customers': 817,
      'Potential Loyalists': 477,
      'New Customers': 42,
      Promising: 95,
      'Need Attention': 188,
      'About to Sleep': 351,
      'At Risk': 596,
      "Can't Lose Them": 65,
      Hibernating: 1074,
    });
  });

  it('gives the named customers the repeat-purchase summary of lifetimes', () => {
    const s = repeatPurchaseSummary(cleaned);
    for (const [id, want] of Object.entries(named)) {
      const i = s.customerIds.indexOf(id);
      expect([s.frequency[i], s.recency[i], s.T[i]], id).toEqual(want.repeat.slice(0, 3));
      expect(s.monetaryValue[i], id).toBeCloseTo(want.repeat[3], 5);
    }
  });
});
