/**
 * The published CDNOW figures, reproduced on ../shared/data/cdnow/ (see test/cdnowData.ts for how the
 * files are found; in CI these tests fail, never skip, when the files are missing).
 *
 * Published maximum-likelihood estimates (the data README): BG/NBD r 0.243, alpha 4.414, a 0.793,
 * b 2.426, LL -9,582.4 (Fader, Hardie and Lee 2005); Pareto/NBD r 0.553, alpha 10.578, s 0.606,
 * beta 11.669, LL -9,595.0; Gamma-Gamma p 6.25, q 3.74, gamma 15.44. The papers fitted the summary
 * in exact weeks and cents; cdnow-summary.csv rounds t_x, T and zbar to 2 decimals, which moves
 * Pareto/NBD's flat beta to 11.668 and Gamma-Gamma's gamma to 15.448. So the table is matched on the
 * summary rebuilt from the transactions (core's parser, rfm's repeatPurchaseSummary, days / 7), and the
 * rounded file's own optimum is pinned too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransactionTable } from '@shopper-spectrum/core';
import { calibrationHoldoutSplit, cumulativeRepeatPurchases, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, holdoutByFrequency, paretoNbdLogLikelihood } from '@shopper-spectrum/clv';
import type { CalibrationHoldout } from '@shopper-spectrum/clv';
import { mustRun, readSampleTable, readSummaryCsv } from './cdnowData.js';

const fixed = (xs: Record<string, number>, digits: number) => Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, v.toFixed(digits)]));

describe.runIf(mustRun)('CDNOW (real data)', () => {
  let table: TransactionTable;
  let split: CalibrationHoldout;
  let file: ReturnType<typeof readSummaryCsv>;
  beforeAll(() => {
    table = readSampleTable();
    split = calibrationHoldoutSplit(table, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
    file = readSummaryCsv();
  });

  it('rebuilds cdnow-summary.csv from the 6,919 purchases to its printed decimals', () => {
    expect(table.length).toBe(6_919);
    expect(split.customerIds.length).toBe(2_357);
    expect(split.holdoutLength).toBe(39);
    for (let i = 0; i < file.id.length; i++) {
      expect(Number(split.customerIds[i])).toBe(file.id[i]);
      expect(split.frequency[i]).toBe(file.frequency[i]);
      expect(Math.abs(split.recency[i]! - file.recency[i]!)).toBeLessThan(0.0051);
      expect(Math.abs(split.T[i]! - file.T[i]!)).toBeLessThan(0.0051);
      expect(Math.abs(split.monetary[i]! - file.monetary[i]!)).toBeLessThan(0.0051);
    }
  });

  it('fitBgNbd reproduces r 0.243, alpha 4.414, a 0.793, b 2.426 and LL -9,582.4', () => {
    const m = fitBgNbd(split);
    expect(m.report.converged).toBe(true);
    expect(fixed(m.params as never, 3)).toEqual({ r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' });
    expect(m.logLikelihood.toFixed(1)).toBe('-9582.4');
  });

  it('fitBgNbd gives the same table on the rounded cdnow-summary.csv', () => {
    const m = fitBgNbd(file);
    expect(fixed(m.params as never, 3)).toEqual({ r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' });
    expect(m.logLikelihood.toFixed(1)).toBe('-9582.4');
  });

  it('fitParetoNbd reproduces r 0.553, alpha 10.578, s 0.606, beta 11.669 and LL -9,595.0', () => {
    const m = fitParetoNbd(split);
    expect(m.report.converged).toBe(true);
    expect(m.report.gradient).toBe('analytic');
    expect(fixed(m.params as never, 3)).toEqual({ r: '0.553', alpha: '10.578', s: '0.606', beta: '11.669' });
    expect(m.logLikelihood.toFixed(1)).toBe('-9595.0');
  });

  it('fitParetoNbd on the rounded file finds beta 11.668, at a higher likelihood than the published point', () => {
    const m = fitParetoNbd(file);
    expect(fixed(m.params as never, 3)).toEqual({ r: '0.553', alpha: '10.578', s: '0.606', beta: '11.668' });
    expect(m.logLikelihood).toBeGreaterThan(paretoNbdLogLikelihood(file, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }));
  });

  it('fitGammaGamma reproduces p 6.25, q 3.74, gamma 15.44 on the 946 repeat customers', () => {
    const m = fitGammaGamma(split);
    expect(m.report.customers).toBe(946);
    expect(fixed(m.params as never, 2)).toEqual({ p: '6.25', q: '3.74', gamma: '15.44' });
    const rounded = fitGammaGamma(file);
    expect(fixed(rounded.params as never, 2)).toEqual({ p: '6.25', q: '3.74', gamma: '15.45' });
  });

  it('fitModifiedBgNbd finds its optimum on the cohort (r 0.525, alpha 6.183, a 0.891, b 1.614, LL -9,582.1)', () => {
    // independent check: scripts/reference/btyd_scipy.py (scipy.optimize) finds the same point
    const m = fitModifiedBgNbd(split);
    expect(fixed(m.params as never, 3)).toEqual({ r: '0.525', alpha: '6.183', a: '0.891', b: '1.614' });
    expect(m.logLikelihood.toFixed(1)).toBe('-9582.1');
  });

  it('holdoutByFrequency gives the papers\' weeks 40-78 picture by calibration frequency', () => {
    const rows = holdoutByFrequency(fitBgNbd(split), split);
    expect(rows.map((r) => r.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(rows.map((r) => r.actual.toFixed(2))).toEqual(['0.24', '0.70', '1.39', '1.56', '2.53', '2.95', '3.86', '6.36']);
    expect(rows.map((r) => r.predicted.toFixed(2))).toEqual(['0.23', '0.52', '1.04', '1.52', '2.16', '2.65', '3.50', '6.16']);
  });

  it('cumulativeRepeatPurchases tracks 2,457 repeat purchases at week 39 and 4,339 at week 78 against BG/NBD', () => {
    const track = cumulativeRepeatPurchases(fitBgNbd(split), split, table, 1);
    expect(track).toHaveLength(78);
    expect(track[38]!.actual).toBe(2_457);
    expect(track[77]!.actual).toBe(4_339);
    expect(track[38]!.predicted.toFixed(0)).toBe('2494');
    expect(track[77]!.predicted.toFixed(0)).toBe('4161');
  });
});
