import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { boughtBy, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, LEARNED_FEATURES, LEARNED_RANKER_DEFAULTS, learnedRanker, loadRecommender, serializeRecommenderBinary } from '@shopper-spectrum/recommend';

const table = synthetic(11, { customers: 80, products: 60, days: 200 });
const bm = buildInteractions(table);
const learned = learnedRanker(table, { holdoutDays: 45, rounds: 1 });

describe('learnedRanker', () => {
  it('is deterministic and gives the new-product and re-order weight sets their policies', () => {
    const again = learnedRanker(table, { holdoutDays: 45, rounds: 1 });
    expect(again.seenDependent).toBe(true); // one weight set per policy
    expect(loadRecommender(serializeRecommenderBinary(again)).seenDependent).toBe(true);
    const id = bm.customers[3]!;
    expect(again.recommend(id, 5)).toEqual(learned.recommend(id, 5));
    const bought = boughtBy(bm, bm.customerIndex.get(id)!);
    for (const r of again.recommend(id, 5, { seen: 'exclude' })) expect(bought.has(r.item)).toBe(false);
    expect(again.recommend(id, 5, { seen: 'allow' }).some((r) => bought.has(r.item))).toBe(true);
  });

  it('rejects bad options and a table too short for its holdout', () => {
    expect(codeOf(() => learnedRanker(table, { holdoutDays: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { base: 'magic' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { candidates: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { rounds: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { holdoutDays: 5000 }))).toBe('EMPTY_INPUT');
  });

  it('keeps one weight per feature and the intercept, and the base models as its parts', () => {
    expect(LEARNED_FEATURES.length).toBe(15);
    const [mean, scale, weights] = learned.spec.state.newWeights as Float64Array[];
    expect([mean!.length, scale!.length, weights!.length]).toEqual([15, 15, 16]);
    expect(learned.spec.parts!.map((p) => p.model.kind)).toEqual(['ease', 'user-knn', 'item-knn']);
    expect(learned.kind).toBe('learned-ranker');
    expect(learned.name).toBe('learned ranker (ease + user-knn, 45-day holdout)');
  });

  it("chooses EASE as the base up to LEARNED_RANKER_DEFAULTS' autoEaseMaxItems products, item-knn past it", () => {
    expect(LEARNED_RANKER_DEFAULTS).toEqual({ holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2 });
    const small = learnedRanker(table, { holdoutDays: 45, rounds: 0, autoEaseMaxItems: 10 });
    expect(small.spec.options.base).toBe('item-knn');
    expect(small.spec.parts!.map((p) => p.model.kind)).toEqual(['user-knn', 'item-knn']);
  });

  it('is fitted by kind from a table, and refuses a matrix (it learns from dates)', () => {
    const byKind = fitRecommender('learned-ranker', table, { holdoutDays: 45, rounds: 1 });
    const id = bm.customers[7]!;
    expect(byKind.recommend(id, 5)).toEqual(learned.recommend(id, 5));
    expect(byKind.recommend(id, 5, { seen: 'allow' })).toEqual(learned.recommend(id, 5, { seen: 'allow' }));
    expect(codeOf(() => fitRecommender('learned-ranker', bm))).toBe('INVALID_ARGUMENT');
  });
});
