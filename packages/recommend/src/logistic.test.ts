import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { LOGISTIC_DEFAULTS, logisticRegression, logit, solveLinear } from '@shopper-spectrum/recommend';

const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));
const rows = (xs: number[][]) => xs.map((x) => Float64Array.from(x));

describe('solveLinear', () => {
  it('solves a system that needs a row swap (a zero first pivot), known solution', () => {
    // x = (1, -2, 3)
    const A = Float64Array.of(0, 2, 1, 1, 1, 1, 2, 0, -1);
    expect([...solveLinear(A, Float64Array.of(-1, 2, -1), 3)]).toEqual([1, -2, 3].map((v) => expect.closeTo(v, 12)));
    expect([...A]).toEqual([0, 2, 1, 1, 1, 1, 2, 0, -1]); // not changed
  });

  it('gives back x from A x for well-conditioned A (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 72, maxLength: 72 }), (n, raw) => {
        const A = Float64Array.from({ length: n * n }, (_, i) => raw[i]! + (i % (n + 1) === 0 ? n + 1 : 0)); // diagonally dominant
        const x = Float64Array.from({ length: n }, (_, i) => raw[64 + (i % 8)]!);
        const b = Float64Array.from({ length: n }, (_, r) => x.reduce((s, v, c) => s + A[r * n + c]! * v, 0));
        const got = solveLinear(A, b, n);
        for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(x[i]!, 9);
      }),
    );
  });

  it('refuses a singular matrix and sizes that do not match', () => {
    expect(codeOf(() => solveLinear(Float64Array.of(1, 2, 2, 4), Float64Array.of(1, 1), 2))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => solveLinear(Float64Array.of(1, 2, 3), Float64Array.of(1, 1), 2))).toBe('INVALID_ARGUMENT');
  });
});

describe('logisticRegression', () => {
  it('reproduces the rate of 1s of each group without a penalty (the known maximum-likelihood solution)', () => {
    // x = 0: one 1 in four rows; x = 1: three in four
    const X = rows([[0], [0], [0], [0], [1], [1], [1], [1]]);
    const m = logisticRegression(X, Uint8Array.of(0, 0, 0, 1, 0, 1, 1, 1), { l2: 0 });
    expect(sigmoid(logit(m, Float64Array.of(0)))).toBeCloseTo(0.25, 10);
    expect(sigmoid(logit(m, Float64Array.of(1)))).toBeCloseTo(0.75, 10);
    // standardised: mean 0.5, sd 0.5; logit(0.75) = ln 3 = w0 + w1
    expect(m.weights[0]).toBeCloseTo(0, 10);
    expect(m.weights[1]).toBeCloseTo(Math.log(3), 10);
    expect(m.converged).toBe(true);
    expect(m.iterations).toBeLessThan(LOGISTIC_DEFAULTS.maxIterations);
  });

  it('stops at a zero gradient of the penalised likelihood (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean()), { minLength: 12, maxLength: 40 }), fc.constantFrom(0.5, 1, 4), (data, l2) => {
        const X = rows(data.map(([a, b]) => [a, b]));
        const y = Uint8Array.from(data, ([, , c]) => (c ? 1 : 0));
        if (y.every((v) => v === y[0])) return; // one class: no finite optimum for the intercept
        const m = logisticRegression(X, y, { l2 });
        const g = new Float64Array(3);
        X.forEach((x, r) => {
          const z = [1, ...Array.from(x, (v, f) => (v - m.mean[f]!) / m.scale[f]!)];
          const e = sigmoid(logit(m, x)) - y[r]!;
          z.forEach((v, a) => (g[a]! += e * v));
        });
        for (let a = 1; a < 3; a++) g[a]! += l2 * m.weights[a]!;
        for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
      }),
      { numRuns: 40 },
    );
  });

  it('reports the steps it took and whether it converged', () => {
    const X = rows([[0], [1], [2], [3]]);
    const y = Uint8Array.of(0, 1, 0, 1);
    const once = logisticRegression(X, y, { maxIterations: 1 });
    expect([once.iterations, once.converged]).toEqual([1, false]);
    expect(logisticRegression(X, y).converged).toBe(true);
  });

  it('refuses no rows, ragged rows, labels other than 0 and 1, and bad options', () => {
    expect(codeOf(() => logisticRegression([], new Uint8Array(0)))).toBe('EMPTY_INPUT');
    expect(codeOf(() => logisticRegression(rows([[0], [1, 2]]), Uint8Array.of(0, 1)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => logisticRegression(rows([[0], [1]]), Uint8Array.of(0, 2)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => logisticRegression(rows([[0], [1]]), Uint8Array.of(0)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => logisticRegression(rows([[0], [1]]), Uint8Array.of(0, 1), { l2: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => logisticRegression(rows([[0], [1]]), Uint8Array.of(0, 1), { maxIterations: 0 }))).toBe('INVALID_OPTION');
  });
});
