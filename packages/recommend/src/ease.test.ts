import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTransactionRows } from '@shopper-spectrum/core';
import { buildInteractions, ease, invertSpd, RecommendError } from '@shopper-spectrum/recommend';
import { gaussJordan } from '../test/gaussJordan.js';


describe('invertSpd', () => {
  it('inverts any symmetric positive-definite matrix (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 144, maxLength: 144 }), (n, raw) => {
        const A = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          let t = 0;
          for (let k = 0; k < n; k++) t += raw[i * n + k]! * raw[j * n + k]!;
          A[i * n + j] = t + (i === j ? 1 : 0);
        }
        const P = invertSpd(A, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          let t = 0;
          for (let k = 0; k < n; k++) t += A[i * n + k]! * P[k * n + j]!;
          expect(Math.abs(t - (i === j ? 1 : 0))).toBeLessThan(1e-8);
        }
      }),
    );
  });
});

describe('ease', () => {
  const line = (invoiceNo: string, customerId: string, stockCode: string) => ({ invoiceNo, stockCode, quantity: 1, unitPrice: 1, invoiceDate: Date.UTC(2011, 0, 1), customerId });
  const shop = parseTransactionRows([
    line('1', 'u1', 'A'), line('1', 'u1', 'B'), line('1', 'u1', 'C'),
    line('2', 'u2', 'A'), line('2', 'u2', 'B'),
    line('3', 'u3', 'A'), line('3', 'u3', 'D'),
    line('4', 'u4', 'B'), line('4', 'u4', 'C'),
    line('5', 'u5', 'C'),
  ]).table;
  const m = buildInteractions(shop);

  it('learns B = I - P diag(1 / diag P) with P = (X^T X + lambda I)^-1', () => {
    const lambda = 0.5;
    const X = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 0], [0, 0, 1, 0]];
    const G = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? lambda : 0)));
    const P = gaussJordan(G);
    const B = P.map((row, i) => row.map((v, j) => (i === j ? 0 : -v / P[j]![j]!)));
    const model = ease(m, { lambda });
    // u2 bought A and B: scores = B[A] + B[B]
    const expected = [0, 1, 2, 3].map((j) => B[0]![j]! + B[1]![j]!);
    const recs = model.recommend('u2', 2);
    const byItem = new Map(recs.map((r) => [r.item, r.score]));
    for (const [item, j] of [['C', 2], ['D', 3]] as const) if (byItem.has(item)) expect(byItem.get(item)!).toBeCloseTo(expected[j]!, 6);
    expect(model.similarItems('A', 3).map((r) => r.item)).toEqual([0, 1, 2, 3].filter((j) => j !== 0 && B[0]![j]! > 0).sort((a, b) => B[0]![b]! - B[0]![a]!).map((j) => m.items[j]));
  });

  it('refuses a catalogue past maxItems and a non-positive lambda', () => {
    expect(() => ease(m, { maxItems: 3 })).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    expect(() => ease(m, { lambda: 0 })).toThrow(RecommendError);
  });
});
