import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoNbdLogLikelihood } from './paretoNbd.js';
import { paretoNbdLogLikelihoodGradient } from './paretoNbd.js';
import type { ParetoNbdParams } from './paretoNbd.js';

/** Central differences of the value-only likelihood (a different code path: logHyp2f1Unit). */
function numericGradient(summary: { frequency: number[]; recency: number[]; T: number[] }, p: ParetoNbdParams): number[] {
  const names = ['r', 'alpha', 's', 'beta'] as const;
  return names.map((name) => {
    const h = 1e-6 * p[name];
    const up = paretoNbdLogLikelihood(summary, { ...p, [name]: p[name] + h });
    const down = paretoNbdLogLikelihood(summary, { ...p, [name]: p[name] - h });
    return (up - down) / (2 * h);
  });
}

const customers = fc.array(
  fc.record({ x: fc.integer({ min: 0, max: 300 }), share: fc.double({ min: 0, max: 1, noNaN: true }), T: fc.double({ min: 0.5, max: 500, noNaN: true }) }),
  { minLength: 1, maxLength: 12 },
);
const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true });

describe('the Pareto/NBD analytic gradient', () => {
  it('equals central differences of the likelihood on random summaries and parameters, on both sides of alpha = beta', () => {
    fc.assert(
      fc.property(customers, positive(0.05, 20), positive(0.05, 400), positive(0.05, 20), positive(0.05, 400), (rows, r, alpha, s, beta) => {
        const summary = {
          frequency: rows.map((c) => c.x),
          recency: rows.map((c) => (c.x === 0 ? 0 : c.share * c.T)),
          T: rows.map((c) => c.T),
        };
        const p = { r, alpha, s, beta };
        const { value, gradient } = paretoNbdLogLikelihoodGradient(summary, p);
        expect(value).toBeCloseTo(paretoNbdLogLikelihood(summary, p), 8);
        const numeric = numericGradient(summary, p);
        for (let k = 0; k < 4; k++) {
          const scale = Math.max(1, Math.abs(numeric[k]!), Math.abs(value) * 1e-3);
          expect(Math.abs(gradient[k]! - numeric[k]!) / scale).toBeLessThan(2e-5);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('holds where the integral needs the connection formula (z near 1) and where it needs quadrature', () => {
    // alpha far above beta with t_x small puts z = (alpha - beta) / (alpha + t_x) near 1
    const cases: [ParetoNbdParams, { frequency: number[]; recency: number[]; T: number[] }][] = [
      [{ r: 0.3, alpha: 1e6, s: 0.4, beta: 0.5 }, { frequency: [0, 1, 3], recency: [0, 0.2, 2], T: [5, 10, 40] }],
      [{ r: 2, alpha: 0.01, s: 0.7, beta: 5e5 }, { frequency: [0, 2, 200], recency: [0, 1, 300], T: [3, 4, 400] }],
      // a (1 - z) = 1000 x 0.001 at t_x: the series would need 39,000 terms, so quadrature
      [{ r: 1, alpha: 1e4, s: 1, beta: 10 }, { frequency: [998, 0], recency: [0.001, 0], T: [300, 2] }],
      [{ r: 40, alpha: 2e4, s: 30, beta: 1 }, { frequency: [500, 900], recency: [0.5, 1], T: [300, 400] }],
    ];
    for (const [p, summary] of cases) {
      const { gradient } = paretoNbdLogLikelihoodGradient(summary, p);
      const numeric = numericGradient(summary, p);
      for (let k = 0; k < 4; k++) expect(Math.abs(gradient[k]! - numeric[k]!) / Math.max(1, Math.abs(numeric[k]!))).toBeLessThan(1e-4);
    }
  });

  it('is finite and equal to the alive term alone for a customer whose last purchase is at T', () => {
    const p = { r: 0.5, alpha: 10, s: 0.6, beta: 12 };
    const summary = { frequency: [3], recency: [20], T: [20] };
    const { value, gradient } = paretoNbdLogLikelihoodGradient(summary, p);
    expect(Number.isFinite(value)).toBe(true);
    const numeric = numericGradient(summary, p);
    for (let k = 0; k < 4; k++) expect(gradient[k]!).toBeCloseTo(numeric[k]!, 5);
  });
});
