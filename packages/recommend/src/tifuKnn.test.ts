import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, RECOMMENDERS, TIFU_KNN_DEFAULTS, tifuKnn } from '@shopper-spectrum/recommend';

describe('tifuKnn', () => {
  it("TIFU-kNN: alpha x own invoice shares + (1 - alpha) x the neighbours' mean shares, hand-checked", () => {
    // invoices: u1 = A1 B1 C2 (sum 4), u2 = A1 B1, u3 = A1 D1, u4 = B1 C1, u5 = C1
    const inv = buildInteractions(shop, { weight: 'invoices' });
    const model = tifuKnn(inv, { neighbours: 1, alpha: 0.5 });
    // u2 = (A, B): cosine to u1 = (1+1)/(sqrt2 sqrt6) = 0.577, u3 = 0.5, u4 = 0.5: nearest is u1
    const { scores } = model.scoreAll('u2');
    const at = (s: string) => scores[inv.itemIndex.get(s)!]!;
    expect(at('A')).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.25, 12);
    expect(at('B')).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.25, 12);
    expect(at('C')).toBeCloseTo(0.5 * 0.5, 12);
    expect(at('D')).toBe(0);
    const [first] = model.recommend('u2', 1, { seen: 'exclude' });
    expect(first).toMatchObject({ item: 'C', because: '1 of the 1 customers most like you buy it' });
    expect(model.recommend('u1', 1, { seen: 'allow' })[0]).toMatchObject({ item: 'C', because: expect.stringContaining('50.0% of your purchases') });
    // a new customer folds in from their history: (A, B) is nearest to u2, who bought only A and B, so
    // one neighbour gives nothing new (content takes over); two bring in u1's C
    expect(model.recommend('new', 1, { history: ['A', 'B'] })[0]!.source).toBe('content');
    expect(tifuKnn(inv, { neighbours: 2 }).recommend('new', 1, { history: ['A', 'B'] })[0]).toMatchObject({ item: 'C', source: 'history' });
    expect(codeOf(() => tifuKnn(inv, { alpha: 1.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => tifuKnn(inv, { neighbours: 0 }))).toBe('INVALID_OPTION');
  });

  it('uses TIFU_KNN_DEFAULTS, and is fitted by kind on invoice counts', () => {
    expect(TIFU_KNN_DEFAULTS).toEqual({ neighbours: 100, alpha: 0.5 });
    expect(RECOMMENDERS['tifu-knn'].defaults).toEqual({ ...TIFU_KNN_DEFAULTS, interactions: { weight: 'invoices', halfLifeDays: Infinity } });
    const table = synthetic(5, { customers: 50, products: 40, days: 90 });
    const direct = tifuKnn(buildInteractions(table, { weight: 'invoices' }));
    const byKind = fitRecommender('tifu-knn', table);
    expect([byKind.kind, byKind.name]).toEqual(['tifu-knn', direct.name]);
    for (const id of direct.matrix.customers.slice(0, 8)) expect(byKind.recommend(id, 5, { seen: 'allow' })).toEqual(direct.recommend(id, 5, { seen: 'allow' }));
  });

  it('keeps the weight of its defaults when only a decay is asked for', () => {
    const table = synthetic(5, { customers: 50, products: 40, days: 90 });
    const decayed = fitRecommender('tifu-knn', table, { neighbours: 10, interactions: { halfLifeDays: 30 } });
    const direct = tifuKnn(buildInteractions(table, { weight: 'invoices', halfLifeDays: 30 }), { neighbours: 10 });
    expect(decayed.matrix).toEqual(direct.matrix);
    const id = direct.matrix.customers[2]!;
    expect(decayed.recommend(id, 5, { seen: 'allow' })).toEqual(direct.recommend(id, 5, { seen: 'allow' }));
  });
});
