import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averagePrecisionAtK,
  catalogueCoverage,
  hitRateAtK,
  intraListSimilarity,
  mapAtK,
  meanHitRateAtK,
  meanMrrAtK,
  meanNdcgAtK,
  meanPrecisionAtK,
  meanRecallAtK,
  MetricsError,
  mrrAtK,
  ndcgAtK,
  novelty,
  pairedTest,
  personalisation,
  precisionAtK,
  recallAtK,
  scoreRanking,
  scoreUsers,
} from '@shopper-spectrum/metrics';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof MetricsError ? e.code : 'not a MetricsError';
  }
  return 'no error';
};

describe('per-user metrics, hand-computed', () => {
  // ranking a x b y c, relevant {a, b, c, d}, K = 5: hits at ranks 1, 3, 5
  const R = ['a', 'x', 'b', 'y', 'c'];
  const rel = new Set(['a', 'b', 'c', 'd']);

  it('precision and recall', () => {
    expect(precisionAtK(R, rel, 5)).toBe(3 / 5);
    expect(recallAtK(R, rel, 5)).toBe(3 / 4);
    expect(precisionAtK(R, rel, 10)).toBe(3 / 10);
    expect(precisionAtK(R, rel, 10, { precisionDenominator: 'recommended' })).toBe(3 / 5);
  });

  it('AP@K under the three normalisers', () => {
    const sum = 1 / 1 + 2 / 3 + 3 / 5;
    expect(averagePrecisionAtK(R, rel, 5)).toBeCloseTo(sum / 4, 15);
    expect(averagePrecisionAtK(R, rel, 3)).toBeCloseTo((1 + 2 / 3) / 3, 15);
    expect(averagePrecisionAtK(R, rel, 5, { apNormalization: 'relevant' })).toBeCloseTo(sum / 4, 15);
    expect(averagePrecisionAtK(R, rel, 3, { apNormalization: 'relevant' })).toBeCloseTo((1 + 2 / 3) / 4, 15);
    expect(averagePrecisionAtK(R, rel, 5, { apNormalization: 'hits' })).toBeCloseTo(sum / 3, 15);
  });

  it('NDCG, hit rate and reciprocal rank', () => {
    const dcg = 1 + 1 / Math.log2(4) + 1 / Math.log2(6);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4) + 1 / Math.log2(5);
    expect(ndcgAtK(R, rel, 5)).toBeCloseTo(dcg / idcg, 15);
    expect(hitRateAtK(['x', 'y', 'a'], rel, 2)).toBe(0);
    expect(hitRateAtK(['x', 'y', 'a'], rel, 3)).toBe(1);
    expect(mrrAtK(['x', 'y', 'a'], rel, 3)).toBeCloseTo(1 / 3, 15);
    expect(mrrAtK(['x'], rel, 3)).toBe(0);
  });

  it('accepts sorted typed arrays of indices as relevance', () => {
    expect(recallAtK([3, 9, 4], Int32Array.of(1, 3, 4, 7), 3)).toBe(2 / 4);
    expect(codeOf(() => recallAtK([3], Int32Array.of(4, 3), 3))).toBe('INVALID_OPTION');
  });

  it('treats users with no relevant item by the declared policy', () => {
    expect(recallAtK(['a'], [], 3)).toBeNaN();
    expect(recallAtK(['a'], [], 3, { emptyRelevant: 'zero' })).toBe(0);
    expect(codeOf(() => recallAtK(['a'], [], 3, { emptyRelevant: 'error' }))).toBe('EMPTY_RELEVANT');
  });

  it('scores an empty ranking 0 (precision over K) or NaN (precision over recommended)', () => {
    expect(scoreRanking([], ['a'], 3)).toMatchObject({ precision: 0, recall: 0, averagePrecision: 0, ndcg: 0, hitRate: 0, reciprocalRank: 0 });
    expect(precisionAtK([], ['a'], 3, { precisionDenominator: 'recommended' })).toBeNaN();
  });

  it('rejects duplicates or drops them, as asked', () => {
    expect(codeOf(() => precisionAtK(['a', 'b', 'a'], ['a'], 3))).toBe('DUPLICATE_ITEM');
    expect(scoreRanking(['a', 'a', 'b'], ['b'], 2, { duplicates: 'dedupe' })).toMatchObject({ hits: 1, recommended: 2, reciprocalRank: 0.5 });
  });

  it('rejects bad K and NaN ids with codes', () => {
    expect(codeOf(() => precisionAtK(['a'], ['a'], 0))).toBe('INVALID_K');
    expect(codeOf(() => precisionAtK(['a'], ['a'], 2.5))).toBe('INVALID_K');
    expect(codeOf(() => precisionAtK([1, Number.NaN], [1], 2))).toBe('INVALID_RANKING');
    expect(codeOf(() => precisionAtK(null as never, [1], 2))).toBe('INVALID_RANKING');
    expect(codeOf(() => mapAtK([[1]], [], 2))).toBe('DIMENSION_MISMATCH');
  });
});

describe('averages', () => {
  it('average users (macro) or pool counts (micro), skipping users without relevant items', () => {
    const rankings = [['a', 'b'], ['c', 'd'], ['e']];
    const relevant = [['a'], ['c', 'd', 'z'], []];
    expect(meanPrecisionAtK(rankings, relevant, 2)).toBe((0.5 + 1) / 2);
    expect(meanPrecisionAtK(rankings, relevant, 2, { average: 'micro' })).toBe(3 / 4);
    expect(meanRecallAtK(rankings, relevant, 2)).toBe((1 + 2 / 3) / 2);
    expect(meanRecallAtK(rankings, relevant, 2, { average: 'micro' })).toBe(3 / 4);
    const all = scoreUsers(rankings, relevant, 2);
    expect(all.map).toMatchObject({ users: 2, skipped: 1 });
    expect(all.map.perUser[2]).toBeNaN();
    expect(meanNdcgAtK(rankings, relevant, 2)).toBeCloseTo((1 + 1) / 2, 15);
    expect(meanHitRateAtK(rankings, relevant, 1)).toBe(1);
    expect(meanMrrAtK([['x', 'a']], [['a']], 2)).toBe(0.5);
  });
});

describe('properties', () => {
  const item = fc.integer({ min: 0, max: 30 });
  const ranking = fc.uniqueArray(item, { maxLength: 20 });
  const relevant = fc.uniqueArray(item, { maxLength: 15 });
  const k = fc.integer({ min: 1, max: 12 });

  it('every metric is in [0, 1] (property)', () => {
    fc.assert(
      fc.property(ranking, relevant, k, fc.constantFrom('min-k-relevant', 'relevant', 'hits') as fc.Arbitrary<'min-k-relevant' | 'relevant' | 'hits'>, (r, rel, kk, norm) => {
        const s = scoreRanking(r, rel, kk, { emptyRelevant: 'zero', apNormalization: norm });
        for (const v of [s.precision, s.recall, s.averagePrecision, s.ndcg, s.hitRate, s.reciprocalRank]) expect(v >= 0 && v <= 1 + 1e-12).toBe(true);
      }),
    );
  });

  it('a perfect ranking scores 1 on AP and NDCG, on precision when |relevant| >= K and on recall when |relevant| <= K (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(item, { minLength: 1, maxLength: 15 }), fc.uniqueArray(item, { maxLength: 10 }), k, (rel, others, kk) => {
        const perfect = [...rel, ...others.filter((x) => !rel.includes(x))];
        const s = scoreRanking(perfect, rel, kk);
        expect(s.averagePrecision).toBeCloseTo(1, 12);
        expect(s.ndcg).toBeCloseTo(1, 12);
        if (rel.length >= kk) expect(s.precision).toBe(1);
        if (rel.length <= kk) expect(s.recall).toBe(1);
      }),
    );
  });

  it('permuting items outside the top K changes nothing (property)', () => {
    fc.assert(
      fc.property(ranking, relevant, k, fc.array(fc.nat()), (r, rel, kk, keys) => {
        fc.pre(rel.length > 0);
        const tail = r.slice(kk).map((x, i) => [x, keys[i] ?? i] as const).sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([x]) => x);
        expect(scoreRanking([...r.slice(0, kk), ...tail], rel, kk)).toEqual(scoreRanking(r, rel, kk));
      }),
    );
  });

  it('adding a relevant item at rank 1 never lowers AP or NDCG (property)', () => {
    fc.assert(
      fc.property(ranking, fc.uniqueArray(item, { minLength: 1, maxLength: 15 }), k, (r, rel, kk) => {
        const extra = rel.find((x) => !r.includes(x));
        fc.pre(extra !== undefined);
        const before = scoreRanking(r, rel, kk);
        const after = scoreRanking([extra!, ...r], rel, kk);
        expect(after.averagePrecision).toBeGreaterThanOrEqual(before.averagePrecision - 1e-12);
        expect(after.ndcg).toBeGreaterThanOrEqual(before.ndcg - 1e-12);
      }),
    );
  });

  it('MAP normalised by hits is >= MAP normalised by min(K, |relevant|) (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ranking, relevant), { minLength: 1, maxLength: 20 }), k, (pairs, kk) => {
        const rs = pairs.map((p) => p[0]);
        const rels = pairs.map((p) => p[1]);
        fc.pre(rels.some((x) => x.length > 0));
        expect(mapAtK(rs, rels, kk, { apNormalization: 'hits' })).toBeGreaterThanOrEqual(mapAtK(rs, rels, kk) - 1e-12);
      }),
    );
  });
});

describe('beyond accuracy', () => {
  it('coverage, novelty, personalisation and intra-list similarity', () => {
    expect(catalogueCoverage([['a', 'b'], ['a', 'c']], 10, 2)).toBe(0.3);
    expect(novelty([['a', 'b']], new Map([['a', 50], ['b', 25]]), 100, 2)).toBeCloseTo((1 + 2) / 2, 15);
    expect(personalisation([['a', 'b'], ['a', 'b']], 2)).toBeCloseTo(0, 15);
    expect(personalisation([['a', 'b'], ['c', 'd']], 2)).toBe(1);
    expect(personalisation([['a', 'b'], ['a', 'c']], 2)).toBeCloseTo(0.5, 15);
    expect(intraListSimilarity([['a', 'b', 'c']], (x, y) => (x === 'a' || y === 'a' ? 1 : 0), 3)).toBeCloseTo(2 / 3, 15);
  });

  it('personalisation from item counts equals the mean pairwise cosine (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 12 }), (lists) => {
        let sum = 0;
        let pairs = 0;
        for (let i = 0; i < lists.length; i++) {
          for (let j = i + 1; j < lists.length; j++) {
            const inter = lists[i]!.filter((x) => lists[j]!.includes(x)).length;
            sum += inter / Math.sqrt(lists[i]!.length * lists[j]!.length);
            pairs++;
          }
        }
        expect(personalisation(lists, 10)).toBeCloseTo(1 - sum / pairs, 10);
      }),
    );
  });
});

describe('paired tests', () => {
  const a = Float64Array.of(0.1, 0.2, 0.3, 0.2, 0.25, 0.15);
  const b = Float64Array.of(0.3, 0.4, 0.4, 0.5, 0.35, 0.3);

  it("the t-test matches scipy.stats.ttest_rel (scipy 1.10.1: t = 5.6530, p = 0.0024060692669183423)", () => {
    const t = pairedTest(a, b, { method: 't-test' });
    expect(t.meanDifference).toBeCloseTo(0.175, 12);
    expect(t.pValue).toBeCloseTo(0.0024060692669183423, 14);
    expect(t.interval[0]).toBeLessThan(0.175);
  });

  it('the bootstrap is seeded and agrees on a clear difference', () => {
    const x = pairedTest(a, b, { seed: 1 });
    expect(pairedTest(a, b, { seed: 1 })).toEqual(x);
    expect(x.pValue).toBeLessThan(0.05);
    expect(x.interval[0]).toBeGreaterThan(0);
  });

  it('leaves out NaN pairs and rejects mismatched inputs', () => {
    expect(pairedTest(Float64Array.of(1, Number.NaN, 2, 3), Float64Array.of(2, 5, 3, 5), { method: 't-test' }).users).toBe(3);
    expect(codeOf(() => pairedTest([1], [1, 2]))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => pairedTest([1], [1]))).toBe('INVALID_OPTION');
  });
});
