import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, errorOf } from '../test/codeOf.js';
import { boughtBy, synthetic } from '../test/fixtures/shop.js';
import { buildInteractions, ease, EASE_DEFAULTS, fitRecommender, LEARNED_FEATURES, LEARNED_RANKER_DEFAULTS, learnedRanker, loadRecommender, serializeRecommender, serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

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
    expect(LEARNED_RANKER_DEFAULTS).toEqual({ holdoutDays: 90, candidates: 100, base: 'auto', autoEaseMaxItems: 6000, rounds: 2, blend: 'auto' });
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

/** The decision record of one policy, as saved in `spec.state.decisions` (LearnedRankerDecision). */
interface Decision {
  decision: 'learned' | 'blend' | 'base';
  blendWeight: number;
  chosenOn: 'cross-period' | 'fixed' | 'none';
  fitted: { base: number; learned: number };
  validation: { blendWeights: number[]; map: number[]; forward: number[]; backward: number[]; gain: number[]; standardError: number[] } | null;
  scale: [number, number];
}
const decisionsOf = (model: Recommender): { new: Decision; own: Decision } => model.spec.state.decisions as { new: Decision; own: Decision };
/** A parsed JSON model file, changed, with its checksum made again (FNV-1a, as serialize.ts: a hand-edited file that is intact as a file). */
const resigned = (doc: Record<string, unknown>): string => {
  const payload = JSON.stringify({ matrices: doc.matrices, model: doc.model });
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload.charCodeAt(i), 0x01000193);
  return JSON.stringify({ ...doc, checksum: (h >>> 0).toString(16).padStart(8, '0') });
};
const top5 = (model: Recommender, id: string, seen: 'exclude' | 'allow') => model.recommend(id, 5, { seen, explain: false }).map((r) => [r.item, r.score]);

describe('learnedRanker: the blend with its base, decided by cross-validation over two periods', () => {
  it('reports for each policy the blend weight chosen by the two-period cross-validation: the best mean MAP@5 of its folds (ties towards the base) when it gains more than 1.96 standard errors, else 0', () => {
    expect(LEARNED_RANKER_DEFAULTS.blend).toBe('auto');
    for (const d of Object.values(decisionsOf(learned))) {
      expect(d.chosenOn).toBe('cross-period');
      expect(d.validation!.blendWeights).toEqual([0, 0.25, 0.5, 0.75, 1]);
      const { map, forward, backward, gain, standardError } = d.validation!;
      map.forEach((v, i) => expect(v).toBeCloseTo((forward[i]! + backward[i]!) / 2, 12));
      map.forEach((v, i) => expect(gain[i]).toBeCloseTo(v - map[0]!, 12));
      expect(standardError[0]).toBe(0);
      const best = Math.max(...map);
      const chosen = map.lastIndexOf(best);
      expect(d.blendWeight).toBe(gain[chosen]! > 1.96 * standardError[chosen]! ? d.validation!.blendWeights[chosen] : 0);
      expect(d.decision).toBe(d.blendWeight === 0 ? 'learned' : d.blendWeight === 1 ? 'base' : 'blend');
      for (const v of [...map, d.fitted.base, d.fitted.learned]) expect(v >= 0 && v <= 1).toBe(true);
      for (const s of d.scale) expect(s).toBeGreaterThan(0);
    }
  });

  it('keeps its decisions, and its rankings, through a JSON and a binary model file', () => {
    const id = bm.customers[5]!;
    for (const file of [serializeRecommender(learned), serializeRecommenderBinary(learned)]) {
      const back = loadRecommender(file);
      expect(decisionsOf(back)).toEqual(decisionsOf(learned));
      expect(back.spec.options).toEqual(learned.spec.options);
      for (const seen of ['exclude', 'allow'] as const) expect(top5(back, id, seen)).toEqual(top5(learned, id, seen));
    }
  });

  it('ranks exactly as its base model with blend 1, and says so in its explanations', () => {
    const base = learnedRanker(table, { holdoutDays: 45, rounds: 1, blend: 1 });
    const d = decisionsOf(base);
    expect([d.new.decision, d.own.decision, d.new.chosenOn, d.new.validation]).toEqual(['base', 'base', 'fixed', null]);
    const easeModel = ease(bm, { lambda: EASE_DEFAULTS.lambda });
    for (const id of bm.customers.slice(0, 20)) for (const seen of ['exclude', 'allow'] as const) expect(top5(base, id, seen)).toEqual(top5(easeModel, id, seen));
    expect(base.recommend(bm.customers[0]!, 1, { seen: 'exclude' })[0]!.because).toMatch(/ranked by ease alone/);
  });

  it('learns the same weights whatever the blend, and with blend 0 ranks by the learned weights alone', () => {
    const alone = learnedRanker(table, { holdoutDays: 45, rounds: 1, blend: 0 });
    expect(alone.spec.state.newWeights).toEqual(learned.spec.state.newWeights);
    expect(alone.spec.state.ownWeights).toEqual(learned.spec.state.ownWeights);
    const d = decisionsOf(alone);
    expect([d.new.decision, d.own.decision, d.new.blendWeight]).toEqual(['learned', 'learned', 0]);
    // the in-sample figures do not depend on the blend either
    expect(d.new.fitted).toEqual(decisionsOf(learned).new.fitted);
  });

  it('loads a model saved before the blend existed (no blend option, no decisions) and ranks by its learned weights alone', () => {
    const alone = learnedRanker(table, { holdoutDays: 45, rounds: 1, blend: 0 });
    const old = JSON.parse(serializeRecommender(alone));
    delete old.model.options.blend;
    delete old.model.state.decisions;
    const back = loadRecommender(resigned(old));
    expect(back.spec.state.decisions).toBeUndefined();
    expect(back.name).toBe(alone.name);
    for (const id of bm.customers.slice(0, 10)) for (const seen of ['exclude', 'allow'] as const) expect(top5(back, id, seen)).toEqual(top5(alone, id, seen));
  });

  it('refuses a saved decision whose label does not match its blend weight, or a bad blend option', () => {
    const saved = JSON.parse(serializeRecommender(learned));
    saved.model.state.decisions.new = { ...saved.model.state.decisions.new, blendWeight: 1, decision: 'learned' };
    expect(codeOf(() => loadRecommender(resigned(saved)))).toBe('INVALID_MODEL');
    expect(errorOf(() => loadRecommender(resigned(saved))).parameter).toBe('learned-ranker.state.decisions');
    const badOption = JSON.parse(serializeRecommender(learned));
    badOption.model.options.blend = 2;
    expect(errorOf(() => loadRecommender(resigned(badOption))).parameter).toBe('learned-ranker.options.blend');
    expect(codeOf(() => learnedRanker(table, { blend: 1.5 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { blend: 'magic' as never }))).toBe('INVALID_OPTION');
  });

  it('keeps the learned weights, and says it could not check them, when the table is too short for a holdout before the inner one', () => {
    const short = learnedRanker(table, { holdoutDays: 120, rounds: 0 });
    const d = decisionsOf(short);
    expect([d.new.chosenOn, d.new.decision, d.own.chosenOn, d.own.validation]).toEqual(['none', 'learned', 'none', null]);
  });

  it('falls back to its base for new products where the cross-validation shows the base ahead, and then ranks them exactly as EASE', () => {
    // a log (seed 5) where the learned new-product weights do not carry over from one period to the other
    const t = synthetic(5, { customers: 40, products: 30, days: 150 });
    const model = learnedRanker(t, { holdoutDays: 40, rounds: 0 });
    const d = decisionsOf(model);
    expect([d.new.decision, d.new.blendWeight, d.own.decision]).toEqual(['base', 1, 'learned']);
    expect(d.new.validation!.gain[4]!).toBeGreaterThan(1.96 * d.new.validation!.standardError[4]!);
    const m = buildInteractions(t);
    const easeModel = ease(m, { lambda: EASE_DEFAULTS.lambda });
    for (const id of m.customers) expect(top5(model, id, 'exclude')).toEqual(top5(easeModel, id, 'exclude'));
  });

  it('makes the same decisions on the same data, and consistent ones on any log (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const t = synthetic(seed, { customers: 40, products: 30, days: 150 });
        const a = learnedRanker(t, { holdoutDays: 40, rounds: 0 });
        const b = learnedRanker(t, { holdoutDays: 40, rounds: 0 });
        expect(decisionsOf(a)).toEqual(decisionsOf(b));
        for (const d of Object.values(decisionsOf(a))) {
          if (d.validation === null) continue;
          const { map, gain, standardError, blendWeights } = d.validation;
          const best = Math.max(...map);
          const chosen = map.lastIndexOf(best);
          const switched = gain[chosen]! > 1.96 * standardError[chosen]!;
          expect(d.blendWeight).toBe(switched ? blendWeights[chosen] : 0);
          for (const se of standardError) expect(se >= 0 && Number.isFinite(se)).toBe(true);
        }
      }),
      { numRuns: 8 },
    );
  });
});
