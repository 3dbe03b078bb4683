import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digamma, lnGamma, logDiffExp, logHyp2f1, logHyp2f1Unit, logSumExp } from '@shopper-spectrum/clv';

// Reference values: mpmath at 50 digits (scripts/reference/clv_hyp2f1_grid.py writes the 2F1 grid).
const grid = JSON.parse(readFileSync(new URL('../test/fixtures/hyp2f1.json', import.meta.url), 'utf8')) as { unit: number[][]; general: number[][] };

describe('special functions', () => {
  it('lnGamma matches mpmath loggamma to 1e-14 relative', () => {
    const cases: [number, number][] = [[1e-8, 18.420680738180209], [0.5, 0.5723649429247001], [1, 0], [2.5, 0.2846828704729192], [10.5, 13.940625219403763], [171.3, 708.11494703899688]];
    for (const [x, v] of cases) expect(Math.abs(lnGamma(x) - v)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)));
  });

  it('digamma matches mpmath digamma to 1e-13', () => {
    const cases: [number, number][] = [[0.1, -10.423754940411076], [1, -0.5772156649015329], [3.7, 1.1671535393615114], [50, 3.9019896734278924]];
    for (const [x, v] of cases) expect(Math.abs(digamma(x) - v)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)));
  });

  it('lnGamma and digamma are NaN outside (0, inf)', () => {
    expect(lnGamma(0)).toBeNaN();
    expect(lnGamma(-1.5)).toBeNaN();
    expect(digamma(Number.NaN)).toBeNaN();
  });

  it('lnGamma satisfies lnGamma(x + 1) = lnGamma(x) + ln x', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x)) < 1e-12 * Math.max(1, Math.abs(lnGamma(x + 1)))));
  });

  it('logSumExp and logDiffExp neither overflow nor lose the small term', () => {
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(-Infinity, -3)).toBe(-3);
    expect(logDiffExp(Math.log(3), 0)).toBeCloseTo(Math.LN2, 14);
    expect(logDiffExp(5, 5)).toBe(-Infinity);
    expect(logDiffExp(1, 2)).toBeNaN();
  });
});

describe('Gauss hypergeometric function', () => {
  it('logHyp2f1Unit matches mpmath to 1e-9 relative on every region of the grid (a to 250, b at whole numbers, z to 1 - 1e-9)', () => {
    expect(grid.unit.length).toBeGreaterThan(300);
    for (const [a, b, z, v] of grid.unit) expect(Math.abs(logHyp2f1Unit(a!, b!, z!) - v!), `a=${a} b=${b} z=${z}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(v!)));
  });

  it('logHyp2f1 matches mpmath to 1e-10 relative on the BG/NBD expectation grid', () => {
    for (const [a, b, c, z, v] of grid.general) expect(Math.abs(logHyp2f1(a!, b!, c!, z!) - v!), `a=${a} b=${b} c=${c} z=${z}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(v!)));
  });

  it('logHyp2f1Unit is 0 at z = 0 and NaN outside its domain', () => {
    expect(logHyp2f1Unit(2, 1, 0)).toBe(0);
    expect(logHyp2f1Unit(2, 1, 1)).toBeNaN();
    expect(logHyp2f1Unit(1, 3, 0.5)).toBeNaN();
  });

  it('logHyp2f1Unit is non-decreasing in z', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 50, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (a, share, z1, z2) => {
        const b = share * a + 0.01;
        const [lo, hi] = z1 < z2 ? [z1, z2] : [z2, z1];
        return logHyp2f1Unit(a, b, lo) <= logHyp2f1Unit(a, b, hi) + 1e-9;
      }),
    );
  });
});
