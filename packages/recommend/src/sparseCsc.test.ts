// The sparse kernels are internal to the package (not exported), so this test imports them directly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CscBuilder, keepLargest, kthLargest, multiplyColumns, pruneToBudget } from './sparseCsc.js';
import type { Csc } from './sparseCsc.js';
import { unitLowerInverse } from './unitLowerInverse.js';

/** A CSC matrix from a dense row-major one (zeros left out). */
function cscOf(dense: number[][]): Csc {
  const n = dense.length;
  const b = new CscBuilder(n, 4);
  for (let j = 0; j < n; j++) {
    b.reserve(n);
    for (let i = 0; i < n; i++) if (dense[i]![j] !== 0) b.push(i, dense[i]![j]!);
    b.endColumn();
  }
  return b.build();
}
const denseOf = (m: Csc): number[][] => {
  const out = Array.from({ length: m.n }, () => new Array<number>(m.n).fill(0));
  for (let j = 0; j < m.n; j++) for (let p = m.indptr[j]!; p < m.indptr[j + 1]!; p++) out[m.indices[p]!]![j] = m.data[p]!;
  return out;
};
const unitLower = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.array(fc.oneof(fc.constant(0), fc.double({ min: -2, max: 2, noNaN: true })), { minLength: n * n, maxLength: n * n }).map((raw) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : i > j ? raw[i * n + j]! : 0)))),
);

describe('sparse kernels', () => {
  it('kthLargest finds the k-th largest value (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), fc.nat(), (values, at) => {
        const k = 1 + (at % values.length);
        const sorted = [...values].sort((a, b) => b - a);
        expect(kthLargest(Float64Array.from(values), values.length, k)).toBe(sorted[k - 1]);
      }),
    );
  });

  it('keepLargest keeps the cap entries of largest magnitude, ties to the smaller rows, sorted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 30 }), fc.nat({ max: 30 }), (values, cap) => {
        const rows = Int32Array.from(values.keys()).reverse();
        const kept = keepLargest(rows, values.length, Float64Array.from(values), cap, new Float64Array(values.length));
        const expected = [...values.keys()].sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b).slice(0, cap).sort((a, b) => a - b);
        expect([...rows.subarray(0, kept)]).toEqual(expected);
      }),
    );
  });

  it('multiplyColumns computes A B, I - A B and A (B + I) as dense products do (property)', () => {
    fc.assert(
      fc.property(unitLower, (A) => {
        const n = A.length;
        const a = cscOf(A);
        const AB = A.map((row, i) => row.map((_, j) => A[i]!.reduce((s, v, k) => s + v * A[k]![j]!, 0)));
        const close = (m: Csc, expected: number[][]) => denseOf(m).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 9)));
        close(multiplyColumns(a, a, { cap: n }).product, AB);
        close(multiplyColumns(a, a, { cap: n, identityMinus: true }).product, AB.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - v)));
        close(multiplyColumns(a, a, { cap: n, plusIdentity: true }).product, AB.map((row, i) => row.map((v, j) => v + A[i]![j]!)));
      }),
    );
  });

  it('pruneToBudget keeps the diagonal and exactly the budget of largest off-diagonal entries', () => {
    const m = cscOf([[5, 0, 0], [1, 5, 0], [-3, 1, 5]]);
    expect(denseOf(pruneToBudget(m, 2))).toEqual([[5, 0, 0], [1, 5, 0], [-3, 0, 5]]);
    expect(denseOf(pruneToBudget(m, 0))).toEqual([[5, 0, 0], [0, 5, 0], [0, 0, 5]]);
  });

  it('unitLowerInverse is exact with a full budget, and never worse than its starting guess (property)', () => {
    fc.assert(
      fc.property(unitLower, fc.nat({ max: 20 }), (A, small) => {
        const n = A.length;
        const full = unitLowerInverse(cscOf(A), { budget: n * n, columnCap: n, maxIterations: 12, tolerance: 0 });
        const M = denseOf(full.inverse);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(A[i]!.reduce((s, v, k) => s + v * M[k]![j]!, 0)).toBeCloseTo(i === j ? 1 : 0, 6);
        const pruned = unitLowerInverse(cscOf(A), { budget: small, columnCap: n, maxIterations: 5, tolerance: 0 });
        const start = unitLowerInverse(cscOf(A), { budget: small, columnCap: n, maxIterations: 1, tolerance: Infinity });
        expect(pruned.residual).toBeLessThanOrEqual(start.residual);
        expect(Number.isFinite(pruned.residual)).toBe(true);
      }),
    );
  });
});
