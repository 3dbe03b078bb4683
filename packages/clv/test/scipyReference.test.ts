/**
 * Fits and predictions on the CDNOW cohort against an independent computation:
 * scripts/reference/btyd_scipy.py (numpy, scipy.special.hyp2f1, scipy.optimize BFGS, scipy.integrate
 * quad), whose output is test/fixtures/cdnow-scipy.json. Predictions are compared at the scipy
 * parameters, so formulas are checked apart from the optimisers.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bgNbdFromJSON, calibrationHoldoutSplit, customerLifetimeValue, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd, gammaGammaFromJSON, modifiedBgNbdFromJSON, paretoNbdFromJSON } from '@shopper-spectrum/clv';
import type { CalibrationHoldout, FitReport } from '@shopper-spectrum/clv';
import { mustRun, readSampleTable } from './cdnowData.js';

interface Reference {
  fits: Record<string, { params: number[]; logLikelihood: number }>;
  customersCompared: Record<string, number>[];
  population: Record<string, Record<string, number> | number[]>;
}
const ref = JSON.parse(readFileSync(new URL('./fixtures/cdnow-scipy.json', import.meta.url), 'utf8')) as Reference;
const report = { standardErrors: {} } as unknown as FitReport;
const model = (kind: string, names: string[]) => ({ kind, version: 1 as const, params: Object.fromEntries(names.map((n, i) => [n, ref.fits[kind]!.params[i]!])), logLikelihood: ref.fits[kind]!.logLikelihood, report });
const bg = bgNbdFromJSON(model('bg-nbd', ['r', 'alpha', 'a', 'b']));
const mbg = modifiedBgNbdFromJSON(model('modified-bg-nbd', ['r', 'alpha', 'a', 'b']));
const pn = paretoNbdFromJSON(model('pareto-nbd', ['r', 'alpha', 's', 'beta']));
const gg = gammaGammaFromJSON(model('gamma-gamma', ['p', 'q', 'gamma']));
const close = (actual: number, expected: number, rel = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe.runIf(mustRun)('CDNOW against scipy (scripts/reference/btyd_scipy.py)', () => {
  let split: CalibrationHoldout;
  let rows: number[];
  beforeAll(() => {
    split = calibrationHoldoutSplit(readSampleTable(), { calibrationEnd: '1997-09-30', timeUnit: 'week' });
    const index = new Map(split.customerIds.map((id, i) => [Number(id), i]));
    rows = ref.customersCompared.map((c) => index.get(c.id!)!);
  });

  it('every fit reaches the optimum scipy.optimize reaches (parameters within 1e-4, LL within 1e-6)', () => {
    for (const [fit, kind] of [[fitBgNbd, 'bg-nbd'], [fitModifiedBgNbd, 'modified-bg-nbd'], [fitParetoNbd, 'pareto-nbd']] as const) {
      const m = fit(split);
      Object.values(m.params).forEach((v, i) => close(v, ref.fits[kind]!.params[i]!, 1e-4));
      expect(Math.abs(m.logLikelihood - ref.fits[kind]!.logLikelihood)).toBeLessThan(1e-6);
    }
    const g = fitGammaGamma(split);
    Object.values(g.params).forEach((v, i) => close(v, ref.fits['gamma-gamma']!.params[i]!, 1e-4));
  });

  it('P(alive) and 39-week conditional expected purchases match scipy for every compared customer', () => {
    const pick = (xs: Float64Array) => rows.map((i) => xs[i]!);
    const cases = [
      [pick(bg.probabilityAlive(split)), 'bgAlive'],
      [pick(bg.conditionalExpectedPurchases(39, split)), 'bgExpected39'],
      [pick(mbg.probabilityAlive(split)), 'mbgAlive'],
      [pick(mbg.conditionalExpectedPurchases(39, split)), 'mbgExpected39'],
      [pick(pn.probabilityAlive(split)), 'pnbdAlive'],
      [pick(pn.conditionalExpectedPurchases(39, split)), 'pnbdExpected39'],
      [pick(gg.expectedSpend(split)), 'expectedSpend'],
    ] as const;
    expect(rows.length).toBeGreaterThan(300);
    for (const [ours, key] of cases) ours.forEach((v, j) => close(v, ref.customersCompared[j]![key]!, 1e-9));
  });

  it('12-month CLV (monthly discounting at 1%, 4.345 weeks a month) matches scipy', () => {
    const clv = customerLifetimeValue(bg, gg, split, { months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: 4.345 });
    rows.forEach((i, j) => close(clv[i]!, ref.customersCompared[j]!.bgClv12!, 1e-9));
  });

  it('population expectations and P(X(39) = n) match scipy (Pareto/NBD by quadrature against quad)', () => {
    for (const [m, key] of [[bg, 'bgExpected'], [mbg, 'mbgExpected'], [pn, 'pnbdExpected']] as const) {
      for (const [t, v] of Object.entries(ref.population[key] as Record<string, number>)) close(m.expectedPurchases(Number(t)), v, 1e-9);
    }
    for (const [m, key] of [[bg, 'bgPmf39'], [mbg, 'mbgPmf39'], [pn, 'pnbdPmf39']] as const) {
      (ref.population[key] as number[]).forEach((v, n) => close(m.probabilityOfPurchases(n, 39), v, 1e-9));
    }
  });
});
