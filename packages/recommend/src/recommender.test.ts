import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { boughtBy, shop, synthetic } from '../test/fixtures/shop.js';
import {
  buildInteractions,
  checkK,
  contentBased,
  ease,
  hybrid,
  itemKnn,
  learnedRanker,
  makeRecommender,
  popularity,
  RECOMMEND_DEFAULTS,
  repeatPurchase,
  tifuKnn,
  topK,
  userKnn,
} from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);

describe('topK', () => {
  it('takes the highest scores, ties to the more popular product, then the smaller StockCode', () => {
    // popularity A 3, B 3, C 3, D 1
    expect(topK(Float64Array.of(0.5, 0.5, 0.9, 0.5), 3, m)).toEqual([2, 0, 1]);
    expect(topK(Float64Array.of(0.1, 0.1, 0.1, 0.1), 4, m)).toEqual([0, 1, 2, 3]);
    expect(topK(Float64Array.of(0.2, 0.2, 0.2, 0.3), 2, m)).toEqual([3, 0]);
  });

  it('drops zero, negative and NaN scores and skipped columns', () => {
    expect(topK(Float64Array.of(0, -1, NaN, 0.5), 4, m)).toEqual([3]);
    expect(topK(Float64Array.of(1, 2, 3, 4), 4, m, (j) => j % 2 === 1)).toEqual([2, 0]);
  });

  it('equals a full sort by (score, popularity, StockCode) (property)', () => {
    const bm = buildInteractions(synthetic(9, { customers: 60, products: 300, days: 60 }));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2, max: 6 }), { minLength: bm.items.length, maxLength: bm.items.length }), fc.integer({ min: 1, max: 40 }), (raw, k) => {
        const scores = Float64Array.from(raw, (v) => v / 2);
        const order = [...scores.keys()].filter((j) => scores[j]! > 0).sort((a, b) => scores[b]! - scores[a]! || bm.popularity[b]! - bm.popularity[a]! || (bm.items[a]! < bm.items[b]! ? -1 : 1));
        expect(topK(scores, k, bm)).toEqual(order.slice(0, k));
      }),
      { numRuns: 40 },
    );
  });
});

describe('recommend', () => {
  it('falls back to popularity for unknown customers, and says so', () => {
    const r = itemKnn(m).recommend('nobody', 2);
    expect(r.map((x) => x.item)).toEqual(['A', 'B']);
    expect(r[0]!.because).toContain('unknown customer');
  });

  it('breaks score ties by popularity, then StockCode', () => {
    expect(popularity(m).recommend('nobody', 4).map((x) => x.item)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('fills a short list from popularity with score 0, after the model results', () => {
    const recs = repeatPurchase(buildInteractions(shop, { weight: 'invoices' })).recommend('u5', 3, { seen: 'allow' });
    expect(recs.map((r) => [r.item, r.source, r.score])).toEqual([['C', 'model', 1], ['A', 'popularity', 0], ['B', 'popularity', 0]]);
    expect(recs[1]!.because).toBe('fallback: popular with 3 customers');
  });

  it('uses RECOMMEND_DEFAULTS: new products only, explained', () => {
    expect(RECOMMEND_DEFAULTS).toEqual({ seen: 'exclude', explain: true });
    const model = itemKnn(m);
    expect(model.recommend('u2', 2)).toEqual(model.recommend('u2', 2, RECOMMEND_DEFAULTS));
    expect(model.recommend('u2', 2, { explain: false })[0]!.because).toBe('');
  });

  it('never returns a bought item under exclude; results are unique, sorted, at most k (property)', () => {
    const bm = buildInteractions(synthetic(5, { customers: 60, products: 50, days: 90 }));
    const fitted = [itemKnn(bm), userKnn(bm, { neighbours: 10 }), itemKnn(bm, { similarity: 'jaccard' }), repeatPurchase(bm), tifuKnn(bm, { neighbours: 10 })];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 4 }), (row, k, mi) => {
        const model = fitted[mi]!;
        const id = bm.customers[row]!;
        const bought = boughtBy(bm, row);
        const recs = model.recommend(id, k);
        expect(recs.length).toBeLessThanOrEqual(k);
        expect(new Set(recs.map((r) => r.item)).size).toBe(recs.length);
        for (const r of recs) expect(bought.has(r.item)).toBe(false);
        for (let i = 1; i < recs.length; i++) expect(recs[i]!.score).toBeLessThanOrEqual(recs[i - 1]!.score);
        expect(model.recommend(id, k)).toEqual(recs);
      }),
      { numRuns: 60 },
    );
  });

  it('a model that is not seen-dependent ranks new products the same under both policies (property)', () => {
    const big = synthetic(6, { customers: 60, products: 50, days: 90 });
    const bm = buildInteractions(big);
    const bi = buildInteractions(big, { weight: 'invoices' });
    const fitted = [popularity(bm), itemKnn(bm), userKnn(bm, { neighbours: 10 }), repeatPurchase(bi), tifuKnn(bi, { neighbours: 10 }), hybrid([{ model: itemKnn(bm), weight: 1 }, { model: repeatPurchase(bi), weight: 2 }])];
    for (const model of fitted) expect(model.seenDependent).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: fitted.length - 1 }), (row, k, mi) => {
        const model = fitted[mi]!;
        const id = bm.customers[row]!;
        const bought = boughtBy(bm, row);
        const allow = model.recommend(id, k + bought.size, { seen: 'allow', explain: false }).filter((r) => r.source === 'model');
        const exclude = model.recommend(id, k, { seen: 'exclude', explain: false }).filter((r) => r.source === 'model');
        expect(exclude.map((r) => r.item)).toEqual(allow.map((r) => r.item).filter((s) => !bought.has(s)).slice(0, exclude.length));
      }),
      { numRuns: 60 },
    );
  });

  it('allows or down-weights re-orders as asked', () => {
    const rep = repeatPurchase(buildInteractions(shop, { weight: 'invoices' }));
    expect(rep.recommend('u1', 1, { seen: 'allow' })[0]!.item).toBe('C');
    const down = itemKnn(m).recommend('u1', 4, { seen: { downweight: 0 } });
    expect(down.map((r) => r.item)).toContain('D');
  });

  it('explains any product for a customer, whatever its rank', () => {
    expect(itemKnn(m).explain('u2', 'D')).toBe('similar to A (ITEM A), which you bought');
    expect(codeOf(() => itemKnn(m).explain('u2', 'NOPE'))).toBe('UNKNOWN_ITEM');
  });
});

describe('every model', () => {
  const models: Recommender[] = [
    popularity(m),
    repeatPurchase(buildInteractions(shop, { weight: 'invoices' })),
    itemKnn(m),
    itemKnn(m, { similarity: 'rp3beta' }),
    userKnn(m, { neighbours: 2 }),
    tifuKnn(buildInteractions(shop, { weight: 'invoices' }), { neighbours: 2 }),
    hybrid([{ model: itemKnn(m), weight: 1 }, { model: userKnn(m), weight: 0.5 }]),
  ];

  it('finds similar products and rejects unknown ones', () => {
    expect(itemKnn(m).similarItems('A', 1)[0]!.item).toBe('B');
    for (const model of models) expect(codeOf(() => model.similarItems('NOPE', 3))).toBe('UNKNOWN_ITEM');
  });

  it('carries its kind, the same name as in RECOMMENDERS', () => {
    expect(models.map((x) => x.kind)).toEqual(['popularity', 'repeat-purchase', 'item-knn', 'item-knn', 'user-knn', 'tifu-knn', 'hybrid']);
  });

  it('rejects k < 1, bad customer ids, bad policies and bad options', () => {
    const model = itemKnn(m);
    expect(codeOf(() => model.recommend('u1', 0))).toBe('INVALID_K');
    expect(codeOf(() => checkK(2.5))).toBe('INVALID_K');
    expect(codeOf(() => model.recommend(17850 as never, 3))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => model.recommend('u1', 3, { seen: 'maybe' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => model.recommend('u1', 3, { seen: { downweight: 2 } }))).toBe('INVALID_OPTION');
    expect(codeOf(() => model.recommend('u1', 3, { history: 'A' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemKnn(m, { similarity: 'pearson' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => userKnn(m, { neighbours: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hybrid([]))).toBe('INVALID_OPTION');
  });
});

describe('the fallback chain for customers the model has no row for', () => {
  const table = synthetic(11, { customers: 80, products: 60, days: 200 });
  const bm = buildInteractions(table);
  const inv = buildInteractions(table, { weight: 'invoices', halfLifeDays: 60 });
  const learned = learnedRanker(table, { holdoutDays: 45, rounds: 1 });
  const models: Recommender[] = [
    popularity(bm),
    repeatPurchase(inv),
    itemKnn(bm, { similarity: 'jaccard', neighbours: Infinity, shrink: 2 }),
    userKnn(inv, { neighbours: 10 }),
    tifuKnn(inv, { neighbours: 10, alpha: 0.7 }),
    ease(bm, { lambda: 50 }),
    contentBased(bm, { bigrams: true }),
    hybrid([{ model: ease(bm, { lambda: 50 }), weight: 1 }, { model: repeatPurchase(inv), weight: 0.5 }]),
    learned,
  ];

  it('uses the model from known items, then content, then popularity, and says which (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: models.length - 1 }), fc.array(fc.integer({ min: 0, max: bm.items.length - 1 }), { maxLength: 4 }), fc.integer({ min: 1, max: 8 }), (mi, picks, k) => {
        const model = models[mi]!;
        const history = [...new Set(picks.map((j) => bm.items[j]!))];
        const recs = model.recommend('someone new', k, { history: [...history, 'NOT-A-CODE'] });
        expect(recs.length).toBe(Math.min(k, bm.items.length - history.length));
        for (const r of recs) expect(history).not.toContain(r.item);
        const sources = recs.map((r) => r.source);
        // one path, then popularity filling
        const first = sources[0]!;
        expect(['history', 'content', 'popularity']).toContain(first);
        if (history.length === 0) expect(new Set(sources)).toEqual(new Set(['popularity']));
        const firstPopular = sources.indexOf('popularity');
        if (firstPopular >= 0) expect(sources.slice(firstPopular).every((s) => s === 'popularity')).toBe(true);
        for (const r of recs) expect(r.because.length).toBeGreaterThan(0);
      }),
      { numRuns: 80 },
    );
  });

  it('folds in item-based models, and uses content when the model cannot', () => {
    const [some] = bm.items;
    expect(itemKnn(bm).recommend('new', 3, { history: [some!] })[0]!.source).toBe('history');
    expect(learned.recommend('new', 3, { history: [some!] })[0]!.source).toBe('content');
    const unknown = popularity(bm).recommend('new', 2);
    expect(unknown.map((r) => r.source)).toEqual(['popularity', 'popularity']);
    expect(unknown[0]!.because).toMatch(/^unknown customer: popular with \d+ customers$/);
  });
});

describe('makeRecommender', () => {
  it('wraps a model core with the policies, ties and fallback, and carries its kind', () => {
    const constant = makeRecommender(m, { name: 'constant', spec: { kind: 'constant', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => 'any', scoreItem: (_i, out) => out.fill(1), explainItem: () => 'any' });
    expect(constant.recommend('u3', 3).map((r) => r.item)).toEqual(['B', 'C']); // A and D bought; ties to the more popular
    expect(constant.recommend('u3', 3).map((r) => r.source)).toEqual(['model', 'model']);
    expect(constant.kind).toBe('constant');
    expect(constant.seenDependent).toBe(false);
    // no scoreItems: a new customer's history goes to content, then popularity
    expect(constant.recommend('new', 1, { history: ['A'] })[0]!.source).toBe('content');
  });
});
