import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, itemSimilarity, USER_KNN_DEFAULTS, userKnn } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);

describe('userKnn', () => {
  it('scores a product by the similarities of the nearest customers who bought it, hand-checked', () => {
    // u2 = (A, B): cosine to u1 = 2 / (sqrt 2 sqrt 3) = 0.816, u3 = 1/2, u4 = 1/2, u5 = 0
    const { scores } = userKnn(m, { neighbours: 2 }).scoreAll('u2');
    const c = scores[m.itemIndex.get('C')!]!;
    // the two nearest are u1 (0.816) and, of the tied u3 and u4, the smaller row u3: C comes from u1 only
    expect(c).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(scores[m.itemIndex.get('D')!]).toBeCloseTo(0.5, 12);
  });

  it('explains with how many of the nearest customers bought the product', () => {
    const [first] = userKnn(m, { neighbours: 2 }).recommend('u2', 1);
    expect(first).toMatchObject({ item: 'C', because: '1 of the 2 customers most like you bought it' });
  });

  it('answers similarItems from a shared co-purchase similarity when given one', () => {
    const sim = itemSimilarity(m, { neighbours: 1 });
    expect(userKnn(m, { similarItems: sim }).similarItems('A', 3).length).toBe(1);
    expect(userKnn(m).similarItems('A', 3).length).toBe(3);
  });

  it('uses USER_KNN_DEFAULTS', () => {
    expect(USER_KNN_DEFAULTS).toEqual({ neighbours: 50, shrink: 0 });
    expect(userKnn(m).spec.options).toEqual(USER_KNN_DEFAULTS);
    expect(userKnn(m).name).toBe('user-knn (50 neighbours)');
  });

  it('is fitted by kind on a binary matrix of the table', () => {
    const table = synthetic(8, { customers: 40, products: 30, days: 60 });
    const model = fitRecommender('user-knn', table, { neighbours: 5 });
    const direct = userKnn(buildInteractions(table), { neighbours: 5 });
    expect(model.kind).toBe('user-knn');
    for (const id of direct.matrix.customers.slice(0, 5)) expect(model.recommend(id, 4)).toEqual(direct.recommend(id, 4));
  });

  it('rejects bad options', () => {
    expect(codeOf(() => userKnn(m, { neighbours: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => userKnn(m, { shrink: -1 }))).toBe('INVALID_OPTION');
  });
});
