import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, errorOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, ITEM_SIMILARITY_DEFAULTS, itemKnn, itemSimilarity, loadRecommender, serializeRecommender, serializeRecommenderBinary, SIMILARITIES } from '@shopper-spectrum/recommend';
import type { ItemSimilarity, SimilarityFn } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);
// binary columns: A = {u1,u2,u3}, B = {u1,u2,u4}, C = {u1,u4,u5}, D = {u3}
const get = (sim: ItemSimilarity, i: number, j: number) => {
  for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return sim.data[q]!;
  return 0;
};
const arrays = (s: ItemSimilarity) => ({ indptr: [...s.indptr], indices: [...s.indices], data: [...s.data], self: [...s.self], together: [...s.together] });

describe('item similarities, hand-checked', () => {
  it('cosine, Jaccard, lift and asymmetric cosine', () => {
    const cos = itemSimilarity(m, { similarity: 'cosine' });
    expect(get(cos, 0, 1)).toBeCloseTo(2 / 3, 12); // A,B share u1 u2
    expect(get(cos, 0, 3)).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(cos.self[0]).toBeCloseTo(1, 12);
    expect(get(itemSimilarity(m, { similarity: 'jaccard' }), 0, 1)).toBeCloseTo(2 / 4, 12);
    expect(get(itemSimilarity(m, { similarity: 'lift' }), 0, 3)).toBeCloseTo((1 * 5) / (3 * 1), 12);
    expect(get(itemSimilarity(m, { similarity: 'asymmetric-cosine', alpha: 1 }), 0, 3)).toBeCloseTo(1 / 3, 12);
    expect(get(itemSimilarity(m, { similarity: 'cosine', shrink: 1 }), 0, 1)).toBeCloseTo(2 / 4, 12);
  });

  it('prunes to exactly the most similar neighbours, sorted (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 12 }), (seed, keep) => {
        const bm = buildInteractions(synthetic(seed, { customers: 30, products: 25, days: 60 }));
        const all = itemSimilarity(bm, { neighbours: Infinity });
        const top = itemSimilarity(bm, { neighbours: keep });
        for (let i = 0; i < bm.items.length; i++) {
          const full = [...all.indices.subarray(all.indptr[i]!, all.indptr[i + 1]!)].map((j, q) => [j, all.data[all.indptr[i]! + q]!] as const);
          full.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
          expect([...top.indices.subarray(top.indptr[i]!, top.indptr[i + 1]!)]).toEqual(full.slice(0, keep).map(([j]) => j));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('prunes exactly on large candidate lists with ties, every measure and weighting (property)', () => {
    // 400 products: most items have hundreds of candidates, which takes the sampled-threshold path of
    // the top-k selection and the dense accumulation; Jaccard and lift on small counts make many ties
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom(...(Object.keys(SIMILARITIES) as (keyof typeof SIMILARITIES)[])), fc.boolean(), (seed, keep, similarity, weighted) => {
        const bm = buildInteractions(synthetic(seed, { customers: 150, products: 400, days: 90 }), { weight: weighted ? 'invoices' : 'binary' });
        const all = itemSimilarity(bm, { similarity, neighbours: Infinity });
        const top = itemSimilarity(bm, { similarity, neighbours: keep });
        for (let i = 0; i < bm.items.length; i++) {
          const cols = [...all.indices.subarray(all.indptr[i]!, all.indptr[i + 1]!)];
          expect(cols).toEqual([...cols].sort((a, b) => a - b)); // Infinity: column order
          const full = cols.map((j, q) => [j, all.data[all.indptr[i]! + q]!, all.together[all.indptr[i]! + q]!] as const);
          full.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
          const got = [...top.indices.subarray(top.indptr[i]!, top.indptr[i + 1]!)].map((j, q) => [j, top.data[top.indptr[i]! + q]!, top.together[top.indptr[i]! + q]!] as const);
          expect(got).toEqual(full.slice(0, keep));
        }
      }),
      { numRuns: 12 },
    );
  });

  it('keeps only the top neighbours', () => {
    const sim = itemSimilarity(m, { neighbours: 1 });
    for (let i = 0; i < 4; i++) expect(sim.indptr[i + 1]! - sim.indptr[i]!).toBeLessThanOrEqual(1);
  });

  it('uses ITEM_SIMILARITY_DEFAULTS when no option is given', () => {
    expect(ITEM_SIMILARITY_DEFAULTS).toEqual({ similarity: 'cosine', shrink: 0, neighbours: 100, alpha: 0.5, beta: 0.5 });
    expect(Object.isFrozen(ITEM_SIMILARITY_DEFAULTS)).toBe(true);
    expect(itemSimilarity(m)).toEqual(itemSimilarity(m, ITEM_SIMILARITY_DEFAULTS));
  });

  it('rejects an unknown measure, naming the built-in ones and that a function is accepted', () => {
    const e = errorOf(() => itemSimilarity(m, { similarity: 'pearson' as never }));
    expect([e.code, e.parameter]).toEqual(['INVALID_OPTION', 'similarity']);
    for (const name of Object.keys(SIMILARITIES)) expect(e.allowed).toContain(`'${name}'`);
    expect(codeOf(() => itemSimilarity(m, { neighbours: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemSimilarity(m, { shrink: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemSimilarity(m, { alpha: 2 }))).toBe('INVALID_OPTION');
  });
});

describe('similarities as functions (SimilarityFn)', () => {
  it("gives the cosine similarity when the function computes cosine's formula", () => {
    const cosine: SimilarityFn = (p, { shrink }) => p.cooccurrence / (Math.sqrt(p.norm2I * p.norm2J) + shrink);
    for (const neighbours of [Infinity, 2]) {
      const byName = itemSimilarity(m, { similarity: 'cosine', neighbours });
      const byFunction = itemSimilarity(m, { similarity: cosine, neighbours });
      expect(arrays(byFunction)).toEqual(arrays(byName));
      expect(byFunction.similarity).toBe('cosine'); // the function's name
    }
    expect(get(itemSimilarity(m, { similarity: cosine }), 0, 1)).toBeCloseTo(2 / 3, 12);
  });

  it('gives every built-in measure the same arrays by name and as its SIMILARITIES function (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(...(Object.keys(SIMILARITIES) as (keyof typeof SIMILARITIES)[])),
        fc.boolean(),
        fc.constantFrom(Infinity, 3, 20),
        fc.constantFrom(0, 2),
        (seed, name, weighted, neighbours, shrink) => {
          const bm = buildInteractions(synthetic(seed, { customers: 60, products: 120, days: 90 }), { weight: weighted ? 'invoices' : 'binary', ...(weighted ? { halfLifeDays: 30 } : {}) });
          const options = { neighbours, shrink, alpha: 0.3, beta: 0.7 };
          expect(arrays(itemSimilarity(bm, { ...options, similarity: SIMILARITIES[name] }))).toEqual(arrays(itemSimilarity(bm, { ...options, similarity: name })));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('hands the function each pair bought together, with its statistics', () => {
    const seen: string[] = [];
    itemSimilarity(m, {
      similarity: (p) => {
        seen.push(`${p.cooccurrence}/${p.together}/${p.countI}/${p.countJ}/${p.norm2I}/${p.customers}`);
        return 1;
      },
      neighbours: Infinity,
    });
    // A with A, B, C, D: A = {u1,u2,u3} shares 2 with B, 1 with C (u1), 1 with D (u3)
    expect(seen.slice(0, 4)).toEqual(['3/3/3/3/3/5', '2/2/3/3/3/5', '1/1/3/3/3/5', '1/1/3/1/3/5']);
    expect(seen.length).toBe(4 + 3 + 3 + 2); // B and C were each bought with A, B, C; D with A and D
  });

  it('labels an anonymous function custom, and refuses one that returns a non-finite value', () => {
    expect(itemSimilarity(m, { similarity: (p) => p.together }).similarity).toBe('custom');
    const e = errorOf(() => itemSimilarity(m, { similarity: (p) => (p.countJ === 1 ? NaN : 1) }));
    expect([e.code, e.parameter, e.value]).toEqual(['INVALID_OPTION', 'similarity', NaN]);
    expect(e.message).toContain('for A and D');
  });

  it('saves an item-knn model with a function similarity (its arrays are the state) and loads it back', () => {
    const bm = buildInteractions(synthetic(4, { customers: 40, products: 30, days: 60 }));
    const harmonic: SimilarityFn = (p) => (2 * p.together) / (p.countI + p.countJ);
    const model = itemKnn(bm, { similarity: harmonic, neighbours: 5 });
    expect(model.name).toBe('item-knn (harmonic)');
    expect(model.spec.options.similarity).toBe('custom');
    for (const loaded of [loadRecommender(serializeRecommender(model)), loadRecommender(serializeRecommenderBinary(model))]) {
      expect(loaded.name).toBe(model.name);
      for (const id of bm.customers.slice(0, 10)) expect(loaded.recommend(id, 5, { seen: 'allow' })).toEqual(model.recommend(id, 5, { seen: 'allow' }));
      expect(loaded.similarItems(bm.items[0]!, 4)).toEqual(model.similarItems(bm.items[0]!, 4));
    }
  });
});
