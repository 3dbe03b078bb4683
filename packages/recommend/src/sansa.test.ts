import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import { buildInteractions, ease, fitRecommender, loadRecommender, RECOMMENDERS, RecommendError, sansa, SANSA_DEFAULTS, serializeRecommender, serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { InteractionMatrix, Recommender, SansaReport } from '@shopper-spectrum/recommend';
import { gaussJordan } from '../test/gaussJordan.js';

const line = (invoiceNo: string, customerId: string, stockCode: string) => ({ invoiceNo, stockCode, quantity: 1, unitPrice: 1, invoiceDate: Date.UTC(2011, 0, 1), customerId });
/** A matrix from (customer, product) pairs. */
const matrixOf = (pairs: readonly (readonly [number, number])[]): InteractionMatrix =>
  buildInteractions(parseTransactionRows(pairs.map(([u, i], t) => line(String(t), `u${u}`, `P${i}`))).table);


/** The largest difference between two models' raw scores over every customer, and the largest score. */
function scoreGap(a: Recommender, b: Recommender, customers: readonly string[]): { gap: number; scale: number } {
  let gap = 0;
  let scale = 0;
  for (const c of customers) {
    const x = a.scoreAll(c).scores;
    const y = b.scoreAll(c).scores;
    for (let j = 0; j < x.length; j++) {
      gap = Math.max(gap, Math.abs(x[j]! - y[j]!));
      scale = Math.max(scale, Math.abs(x[j]!));
    }
  }
  return { gap, scale };
}

const report = (model: Recommender) => model.spec.state.report as SansaReport;

describe('sansa', () => {
  const table = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 11, customers: 120, products: 90 })).table).table;
  const m = buildInteractions(table);

  it('learns B = I - P diag(1 / diag P) with P = (X^T X + lambda I)^-1 on a small example', () => {
    const lambda = 0.5;
    const small = matrixOf([[1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [3, 0], [3, 3], [4, 1], [4, 2], [5, 2]]);
    const X = small.customers.map((_, u) => small.items.map((_, j) => { for (let p = small.indptr[u]!; p < small.indptr[u + 1]!; p++) if (small.indices[p] === j) return 1; return 0; }));
    const n = small.items.length;
    const G = X[0]!.map((_, i) => X[0]!.map((_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? lambda : 0)));
    const P = gaussJordan(G);
    const model = sansa(small, { lambda, weightsPerProduct: n });
    for (let u = 0; u < small.customers.length; u++) {
      const scores = model.scoreAll(small.customers[u]!).scores;
      for (let j = 0; j < n; j++) {
        let expected = 0;
        for (let i = 0; i < n; i++) expected += X[u]![i]! * (i === j ? 0 : -P[i]![j]! / P[j]![j]!);
        expect(scores[j]!).toBeCloseTo(expected, 5);
      }
    }
  });

  it('gives exact EASE scores, lists and explanations with a budget of every product', () => {
    const exact = ease(m);
    const approx = sansa(m, { weightsPerProduct: m.items.length, maxIterations: 12 });
    expect(report(approx).converged).toBe(true);
    const { gap, scale } = scoreGap(exact, approx, m.customers);
    expect(gap).toBeLessThan(1e-4 * scale);
    for (const c of m.customers.slice(0, 40)) {
      const a = exact.recommend(c, 5).map((r) => r.item);
      const b = approx.recommend(c, 5).map((r) => r.item);
      expect(b).toEqual(a);
      expect(approx.explain(c, b[0]!)).toBe(exact.explain(c, a[0]!));
    }
    expect(approx.similarItems(m.items[0]!, 5).map((r) => r.item)).toEqual(exact.similarItems(m.items[0]!, 5).map((r) => r.item));
  });

  it('gives exact EASE scores on weighted interactions (invoice counts) too', () => {
    const weighted = buildInteractions(table, { weight: 'invoices' });
    const { gap, scale } = scoreGap(ease(weighted, { lambda: 20 }), sansa(weighted, { lambda: 20, weightsPerProduct: weighted.items.length, maxIterations: 12 }), weighted.customers);
    expect(gap).toBeLessThan(1e-4 * scale);
  });

  it('stays close to EASE with a small budget, within its weights budget', () => {
    const exact = ease(m);
    const approx = sansa(m, { weightsPerProduct: 10 });
    const n = m.items.length;
    expect(report(approx).weightNonzeros).toBeLessThanOrEqual(n * 11);
    expect(report(approx).factorNonzeros).toBeLessThanOrEqual(n * 10);
    let same = 0;
    for (const c of m.customers) {
      const a = new Set(exact.recommend(c, 5, { explain: false }).map((r) => r.item));
      same += approx.recommend(c, 5, { explain: false }).filter((r) => a.has(r.item)).length;
    }
    expect(same / (5 * m.customers.length)).toBeGreaterThan(0.6);
  });

  it('is deterministic and finite on any small matrix and budget (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 11 })), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        (pairs, weightsPerProduct, lambda) => {
          const x = matrixOf(pairs);
          const a = sansa(x, { weightsPerProduct, lambda });
          const b = sansa(x, { weightsPerProduct, lambda });
          for (const c of x.customers) {
            const sa = a.scoreAll(c).scores;
            expect(sa.every(Number.isFinite)).toBe(true);
            expect([...b.scoreAll(c).scores]).toEqual([...sa]);
          }
          expect(serializeRecommender(b)).toBe(serializeRecommender(a));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fits one product, and folds in a new customer from history', () => {
    const one = sansa(matrixOf([[1, 0], [2, 0]]));
    expect(one.recommend('u1', 1, { seen: 'allow' }).map((r) => r.item)).toEqual(['P0']);
    const model = sansa(m);
    const recs = model.recommend('newcomer', 3, { history: [m.items[0]!, m.items[1]!] });
    expect(recs.map((r) => r.source)).toEqual(['history', 'history', 'history']);
    expect(recs[0]!.because).toMatch(/^goes with /);
  });

  it('is fitted by kind with its defaults, named by its options', () => {
    const model = fitRecommender('sansa', m, { weightsPerProduct: 20 });
    expect([model.kind, model.name]).toEqual(['sansa', 'sansa (lambda 500, 20 weights per product)']);
    expect(RECOMMENDERS.sansa.defaults).toMatchObject(SANSA_DEFAULTS);
    expect(SANSA_DEFAULTS.lambda).toBe(500);
  });

  it('saves and loads (JSON and binary) to the same lists, and refuses a damaged state', () => {
    const model = sansa(m, { weightsPerProduct: 15 });
    for (const saved of [serializeRecommender(model), serializeRecommenderBinary(model)]) {
      const loaded = loadRecommender(saved, { kind: 'sansa' });
      expect(loaded.name).toBe(model.name);
      for (const c of m.customers.slice(0, 20)) expect(loaded.recommend(c, 5)).toEqual(model.recommend(c, 5));
      expect(loaded.spec.state.report).toEqual(model.spec.state.report);
    }
    const saved = { kind: 'sansa', options: model.spec.options, state: model.spec.state, matrix: m, parts: [] };
    expect(RECOMMENDERS.sansa.restore(saved).recommend(m.customers[0]!, 5)).toEqual(model.recommend(m.customers[0]!, 5));
    const without = { ...saved, state: { ...model.spec.state, inverseD: undefined } };
    expect(() => RECOMMENDERS.sansa.restore(without)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    const negative = { ...saved, state: { ...model.spec.state, inverseD: (model.spec.state.inverseD as Float64Array).map((v, k) => (k === 3 ? -v : v)) } };
    expect(() => RECOMMENDERS.sansa.restore(negative)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', parameter: 'sansa.state.inverseD[3]' }));
    const report = { ...saved, state: { ...model.spec.state, report: { ...(model.spec.state.report as object), weightNonzeros: 1 } } };
    expect(() => RECOMMENDERS.sansa.restore(report)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });

  describe('options', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof RecommendError ? e.code : 'not a RecommendError';
      }
      return undefined;
    };
    it.each([
      [{ lambda: 0 }, 'INVALID_OPTION'],
      [{ lambda: Number.NaN }, 'INVALID_OPTION'],
      [{ weightsPerProduct: 0 }, 'INVALID_OPTION'],
      [{ weightsPerProduct: 2.5 }, 'INVALID_OPTION'],
      [{ factorFill: 0 }, 'INVALID_OPTION'],
      [{ maxIterations: 0 }, 'INVALID_OPTION'],
      [{ tolerance: -1 }, 'INVALID_OPTION'],
      [{ maxItems: 10 }, 'TOO_LARGE'],
    ])('refuses %o with %s', (options, code) => {
      expect(codeOf(() => sansa(m, options))).toBe(code);
    });
    it('refuses options that are not an object and a matrix that is not one', () => {
      expect(codeOf(() => sansa(m, null as never))).toBe('INVALID_OPTION');
      expect(codeOf(() => sansa({} as never))).toBe('INVALID_ARGUMENT');
    });
  });
});
