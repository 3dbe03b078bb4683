import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, ITEM_KNN_DEFAULTS, itemKnn, itemSimilarity } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);

describe('itemKnn', () => {
  it('item cosine scores by similarity to what the customer bought, with a reason', () => {
    const [first] = itemKnn(m).recommend('u2', 1);
    expect(first).toMatchObject({ item: 'C', because: expect.stringContaining('which you bought') });
  });

  it('scores a product the sum of x_ui x sim(i, product) over the customer\'s products, self-similarity included', () => {
    const sim = itemSimilarity(m, { neighbours: Infinity });
    const simOf = (i: number, j: number) => {
      if (i === j) return sim.self[i]!;
      for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return sim.data[q]!;
      return 0;
    };
    const { scores } = itemKnn(m, { neighbours: Infinity }).scoreAll('u2'); // u2 bought A and B
    for (let j = 0; j < 4; j++) expect(scores[j]).toBeCloseTo(simOf(0, j) + simOf(1, j), 12);
    const { scores: noSelf } = itemKnn(m, { neighbours: Infinity, selfSimilarity: false }).scoreAll('u2');
    expect(noSelf[0]).toBeCloseTo(simOf(1, 0), 12);
  });

  it('finds similar products by co-purchase, naming how many bought both', () => {
    const [first] = itemKnn(m).similarItems('A', 1);
    expect(first).toMatchObject({ item: 'B', because: '2 customers bought both (cosine 0.667)' });
  });

  it('folds in a new customer from their history', () => {
    expect(itemKnn(m).recommend('new', 3, { history: ['A'] })[0]!.source).toBe('history');
  });

  it('uses ITEM_KNN_DEFAULTS, and saves its resolved options', () => {
    expect(ITEM_KNN_DEFAULTS).toEqual({ similarity: 'cosine', shrink: 0, neighbours: 100, alpha: 0.5, beta: 0.5, selfSimilarity: true });
    const model = itemKnn(m);
    expect(model.spec.options).toEqual(ITEM_KNN_DEFAULTS);
    expect(model.recommend('u1', 3, { seen: 'allow' })).toEqual(itemKnn(m, ITEM_KNN_DEFAULTS).recommend('u1', 3, { seen: 'allow' }));
  });

  it('is fitted by kind on a binary matrix, or on the matrix weighting asked for', () => {
    const table = synthetic(3, { customers: 40, products: 30, days: 60 });
    const model = fitRecommender('item-knn', table, { similarity: 'jaccard', neighbours: 10 });
    expect([model.kind, model.name]).toEqual(['item-knn', 'item-knn (jaccard)']);
    const direct = itemKnn(buildInteractions(table), { similarity: 'jaccard', neighbours: 10 });
    const id = direct.matrix.customers[0]!;
    expect(model.recommend(id, 5)).toEqual(direct.recommend(id, 5));
    const weighted = fitRecommender('item-knn', table, { interactions: { weight: 'invoices' } });
    expect(weighted.recommend(id, 5)).toEqual(itemKnn(buildInteractions(table, { weight: 'invoices' })).recommend(id, 5));
  });

  it('rejects bad options', () => {
    expect(codeOf(() => itemKnn(m, { similarity: 'pearson' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemKnn(m, { selfSimilarity: 'yes' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemKnn(m, { neighbours: 1.5 }))).toBe('INVALID_OPTION');
  });
});
