import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bgNbdFromJSON,
  bgNbdLogLikelihood,
  ClvError,
  clvModelFromJSON,
  fitBgNbd,
  fitGammaGamma,
  fitModifiedBgNbd,
  fitParetoNbd,
  isShopperSpectrumError,
  modifiedBgNbdLogLikelihood,
  paretoNbdLogLikelihood,
  predictCustomers,
} from '@shopper-spectrum/clv';
import type { BgNbdParams, ParetoNbdParams, PurchaseModel } from '@shopper-spectrum/clv';

/** A small summary from Poisson purchases and exponential lifetimes with heterogeneous rates, seeded (whole days). */
function simulated(n: number, seed: number): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetary: Float64Array } {
  let state = seed >>> 0;
  const u = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  // a Gamma-like rate (an exponential times U^(1/shape): right-skewed, not exactly Gamma(shape)); the
  // tests need a plausible population, not one drawn from the model itself
  const gamma = (shape: number, scale: number) => -Math.log(u()) * u() ** (1 / shape) * scale;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = 30 + Math.floor(u() * 300);
    const rate = gamma(0.7, 1 / 15);
    const life = -Math.log(u()) / gamma(0.6, 1 / 100);
    let t = 0;
    let x = 0;
    let last = 0;
    for (let k = 0; k < 1000; k++) {
      t += -Math.log(u()) / rate;
      if (t > Math.min(age, life)) break;
      const day = Math.max(1, Math.floor(t));
      if (day > last) x++;
      last = day;
    }
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : last;
    T[i] = age;
    monetary[i] = x === 0 ? 0 : 10 + 40 * u();
  }
  return { frequency, recency, T, monetary };
}

const data = simulated(600, 7);
const bg = fitBgNbd(data);
const pn = fitParetoNbd(data);
const mbg = fitModifiedBgNbd(data);
const models: [string, PurchaseModel<unknown>][] = [['BG/NBD', bg], ['Pareto/NBD', pn], ['modified BG/NBD', mbg]];

const history = fc.record({ x: fc.integer({ min: 0, max: 40 }), share: fc.double({ min: 0, max: 1, noNaN: true }), T: fc.double({ min: 0.5, max: 400, noNaN: true }) });

describe('purchase models', () => {
  it('fitBgNbd, fitParetoNbd and fitModifiedBgNbd converge on a simulated summary and report it', () => {
    for (const [, m] of models) {
      expect(m.report.converged).toBe(true);
      expect(m.report.optimizer).toBe('bfgs');
      expect(m.report.customers).toBe(600);
      expect(m.report.distinctRows).toBeLessThanOrEqual(600);
      expect(Object.values(m.params as Record<string, number>).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      expect(Object.values(m.report.standardErrors).every((v) => v > 0)).toBe(true);
    }
  });

  it('the log-likelihood at the optimum is not below any nearby point', () => {
    const at = {
      'BG/NBD': (p: Record<string, number>) => bgNbdLogLikelihood(data, p as unknown as BgNbdParams),
      'Pareto/NBD': (p: Record<string, number>) => paretoNbdLogLikelihood(data, p as unknown as ParetoNbdParams),
      'modified BG/NBD': (p: Record<string, number>) => modifiedBgNbdLogLikelihood(data, p as unknown as BgNbdParams),
    } as Record<string, (p: Record<string, number>) => number>;
    for (const [name, m] of models) {
      expect(at[name]!(m.params as Record<string, number>)).toBeCloseTo(m.logLikelihood, 8);
      fc.assert(
        fc.property(fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { minLength: 4, maxLength: 4 }), (steps) => {
          const moved = Object.fromEntries(Object.entries(m.params as Record<string, number>).map(([k, v], i) => [k, v * Math.exp(steps[i]!)]));
          return at[name]!(moved) <= m.logLikelihood + 1e-6;
        }),
        { numRuns: 40 },
      );
    }
  });

  it('P(alive) is in [0, 1] and non-increasing in T at fixed x and t_x', () => {
    for (const [, m] of models) {
      fc.assert(
        fc.property(history, fc.double({ min: 0, max: 200, noNaN: true }), ({ x, share, T }, extra) => {
          const tx = x === 0 ? 0 : share * T;
          const [p1, p2] = m.probabilityAlive({ frequency: [x, x], recency: [tx, tx], T: [T, T + extra] });
          return p1! >= 0 && p1! <= 1 && p2! >= 0 && p2! <= 1 && p2! <= p1! + 1e-12;
        }),
        { numRuns: 150 },
      );
    }
  });

  it('expected purchases are non-decreasing in t, for a new customer and given a history', () => {
    for (const [, m] of models) {
      fc.assert(
        fc.property(history, fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), ({ x, share, T }, t1, t2) => {
          const [lo, hi] = t1 < t2 ? [t1, t2] : [t2, t1];
          const s = { frequency: [x], recency: [x === 0 ? 0 : share * T], T: [T] };
          return m.expectedPurchases(lo) <= m.expectedPurchases(hi) + 1e-12 && m.conditionalExpectedPurchases(lo, s)[0]! <= m.conditionalExpectedPurchases(hi, s)[0]! + 1e-10;
        }),
        { numRuns: 100 },
      );
    }
  });

  it('P(X(t) = n) sums to 1 over n', () => {
    for (const [, m] of models) {
      let total = 0;
      for (let n = 0; n < 400; n++) total += m.probabilityOfPurchases(n, 90);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it('BG/NBD says a customer with no repeat purchase is alive; the modified model does not', () => {
    const s = { frequency: [0], recency: [0], T: [100] };
    expect(bg.probabilityAlive(s)[0]).toBe(1);
    expect(mbg.probabilityAlive(s)[0]).toBeLessThan(1);
  });

  it('toJSON round-trips through JSON text with the same predictions', () => {
    for (const [, m] of models) {
      const back = clvModelFromJSON(JSON.parse(JSON.stringify(m))) as PurchaseModel<unknown>;
      expect(back.params).toEqual(m.params);
      expect(back.logLikelihood).toBe(m.logLikelihood);
      expect(back.report).toEqual(m.report);
      expect(back.probabilityAlive(data)).toEqual(m.probabilityAlive(data));
    }
    const g = fitGammaGamma(data);
    const gBack = clvModelFromJSON(JSON.parse(JSON.stringify(g)));
    expect(gBack.params).toEqual(g.params);
  });

  it('an L2 penalty shrinks the parameters towards 0', () => {
    const penalised = fitBgNbd(data, { l2: 0.01 });
    expect(penalised.report.l2).toBe(0.01);
    const size = (p: object) => Object.values(p).reduce((s: number, v: number) => s + v * v, 0);
    expect(size(penalised.params)).toBeLessThan(size(bg.params));
  });

  it('a fit stopped by maxIterations says it did not converge and still has finite parameters', () => {
    const m = fitParetoNbd(data, { maxIterations: 2 });
    expect(m.report.converged).toBe(false);
    expect(m.report.message).toMatch(/maxIterations/);
    expect(Object.values(m.params).every(Number.isFinite)).toBe(true);
  });

  it('predictCustomers returns every measure, CLV with a spend model', () => {
    const p = predictCustomers(bg, fitGammaGamma(data), data, { horizon: 90 });
    expect(p.expectedPurchases).toHaveLength(600);
    expect(p.clv!.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    expect(predictCustomers(bg, null, data).clv).toBeUndefined();
  });
});

describe('bad input', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(isShopperSpectrumError(e)).toBe(true);
      expect(e).toBeInstanceOf(ClvError);
      return [(e as ClvError).code, (e as ClvError).parameter];
    }
    return 'no error';
  };

  it('an empty summary is EMPTY_INPUT', () => expect(code(() => fitBgNbd({ frequency: [], recency: [], T: [] }))).toEqual(['EMPTY_INPUT', 'summary.frequency']));
  it('T = 0 is INVALID_AGE naming the customer', () => expect(code(() => fitParetoNbd({ frequency: [1, 0], recency: [1, 0], T: [3, 0] }))).toEqual(['INVALID_AGE', 'T[1]']));
  it('t_x > T is INVALID_RECENCY', () => expect(code(() => fitBgNbd({ frequency: [1], recency: [5], T: [3] }))).toEqual(['INVALID_RECENCY', 'recency[0]']));
  it('a recency without repeat purchases is INVALID_RECENCY', () => expect(code(() => fitBgNbd({ frequency: [0], recency: [2], T: [3] }))).toEqual(['INVALID_RECENCY', 'recency[0]']));
  it('a fractional frequency is INVALID_FREQUENCY', () => expect(code(() => fitModifiedBgNbd({ frequency: [1.5], recency: [1], T: [3] }))).toEqual(['INVALID_FREQUENCY', 'frequency[0]']));
  it('NaN and Infinity are NON_FINITE', () => {
    expect(code(() => fitBgNbd({ frequency: [1], recency: [Number.NaN], T: [3] }))).toEqual(['NON_FINITE', 'recency[0]']);
    expect(code(() => fitBgNbd({ frequency: [1], recency: [1], T: [Infinity] }))).toEqual(['NON_FINITE', 'T[0]']);
  });
  it('columns of different lengths are LENGTH_MISMATCH', () => expect(code(() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [3, 4] }))).toEqual(['LENGTH_MISMATCH', 'summary.recency']));
  it('zero or negative spend of a repeat customer is INVALID_SPEND', () => {
    expect(code(() => fitGammaGamma({ frequency: [2, 1], monetary: [10, 0] }))).toEqual(['INVALID_SPEND', 'monetary[1]']);
    expect(code(() => fitGammaGamma({ frequency: [2], monetary: [-3] }))).toEqual(['INVALID_SPEND', 'monetary[0]']);
  });
  it('x = 0 for everyone is NO_REPEAT_CUSTOMERS for Gamma-Gamma', () => expect(code(() => fitGammaGamma({ frequency: [0, 0], monetary: [0, 0] }))).toEqual(['NO_REPEAT_CUSTOMERS', 'summary.frequency']));
  it('options outside their range are INVALID_OPTION', () => {
    expect(code(() => fitBgNbd(data, { maxIterations: 0 }))).toEqual(['INVALID_OPTION', 'maxIterations']);
    expect(code(() => fitBgNbd(data, { l2: -1 }))).toEqual(['INVALID_OPTION', 'l2']);
    expect(code(() => fitBgNbd(data, { start: { s: 1 } }))).toEqual(['INVALID_OPTION', 'start.s']);
  });
  it('a negative horizon and a fractional n are INVALID_ARGUMENT', () => {
    expect(code(() => bg.expectedPurchases(-1))).toEqual(['INVALID_ARGUMENT', 't']);
    expect(code(() => pn.probabilityOfPurchases(1.5, 10))).toEqual(['INVALID_ARGUMENT', 'n']);
  });
  it('a model of another kind is INVALID_MODEL', () => {
    expect(code(() => bgNbdFromJSON(pn.toJSON()))).toEqual(['INVALID_MODEL', 'json.kind']);
    expect(code(() => clvModelFromJSON({ kind: 'x' }))).toEqual(['INVALID_MODEL', 'json.kind']);
  });
});
