import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { cleanTransactions, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import {
  buildInteractions,
  contentBased,
  ease,
  hybrid,
  itemKnn,
  learnedRanker,
  loadRecommender,
  popularity,
  repeatPurchase,
  serializeRecommender,
  serializeRecommenderBinary,
  tifuKnn,
  userKnn,
} from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const table = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 11, customers: 80, products: 60, days: 200 })).table).table;
const bm = buildInteractions(table);
const inv = buildInteractions(table, { weight: 'invoices', halfLifeDays: 60 });
const learned = learnedRanker(table, { holdoutDays: 45, rounds: 1 });
const models: Recommender[] = [
  popularity(bm),
  repeatPurchase(inv),
  itemKnn(bm, { similarity: 'jaccard', neighbours: Infinity, shrink: 2 }),
  itemKnn(bm, { similarity: 'rp3beta', beta: 0.3, selfSimilarity: false }),
  userKnn(inv, { neighbours: 10 }),
  tifuKnn(inv, { neighbours: 10, alpha: 0.7 }),
  ease(bm, { lambda: 50 }),
  contentBased(bm, { bigrams: true }),
  hybrid([{ model: ease(bm, { lambda: 50 }), weight: 1 }, { model: repeatPurchase(inv), weight: 0.5 }]),
  learned,
];

describe('serialisation', () => {
  it('round-trips every model through JSON and binary with identical results (property)', () => {
    const loaded = models.map((m) => [m, loadRecommender(serializeRecommender(m)), loadRecommender(serializeRecommenderBinary(m))] as const);
    for (const [m, fromJson, fromBinary] of loaded) {
      expect(fromJson.name).toBe(m.name);
      expect(fromBinary.name).toBe(m.name);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: loaded.length - 1 }), fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('exclude', 'allow'), (mi, row, k, seen) => {
        const [m, a, b] = loaded[mi]!;
        const id = bm.customers[row]!;
        const expected = m.recommend(id, k, { seen });
        expect(a.recommend(id, k, { seen })).toEqual(expected);
        expect(b.recommend(id, k, { seen })).toEqual(expected);
        const item = bm.items[row % bm.items.length]!;
        expect(a.similarItems(item, k)).toEqual(m.similarItems(item, k));
      }),
      { numRuns: 80 },
    );
  });

  it('keeps a loaded model loadable again (JSON text of a loaded model is the same)', () => {
    const text = serializeRecommender(models[2]!);
    expect(serializeRecommender(loadRecommender(text))).toBe(text);
    expect(serializeRecommender(loadRecommender(JSON.parse(text) as object))).toBe(text);
  });

  it('rejects what is not a saved model, with a coded error', () => {
    expect(codeOf(() => loadRecommender('{"format":"something else"}'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => loadRecommender('not json'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => loadRecommender(Uint8Array.of(1, 2, 3)))).toBe('INVALID_ARGUMENT');
    const text = serializeRecommender(models[0]!);
    expect(codeOf(() => loadRecommender(text.replace('"version":1', '"version":99')))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => loadRecommender(text.replace('"kind":"popularity"', '"kind":"magic"')))).toBe('INVALID_ARGUMENT');
    const bytes = serializeRecommenderBinary(models[2]!);
    expect(codeOf(() => loadRecommender(bytes.subarray(0, bytes.length - 64)))).toBe('INVALID_ARGUMENT');
  });
});

describe('the fallback chain for customers the model has no row for', () => {
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

describe('learnedRanker', () => {
  it('is deterministic and gives the new-product and re-order weight sets their policies', () => {
    const again = learnedRanker(table, { holdoutDays: 45, rounds: 1 });
    expect(again.seenDependent).toBe(true); // one weight set per policy
    expect(loadRecommender(serializeRecommenderBinary(again)).seenDependent).toBe(true);
    const id = bm.customers[3]!;
    expect(again.recommend(id, 5)).toEqual(learned.recommend(id, 5));
    const bought = new Set<string>();
    const row = bm.customerIndex.get(id)!;
    for (let p = bm.indptr[row]!; p < bm.indptr[row + 1]!; p++) bought.add(bm.items[bm.indices[p]!]!);
    for (const r of again.recommend(id, 5, { seen: 'exclude' })) expect(bought.has(r.item)).toBe(false);
    expect(again.recommend(id, 5, { seen: 'allow' }).some((r) => bought.has(r.item))).toBe(true);
  });

  it('rejects bad options and a table too short for its holdout', () => {
    expect(codeOf(() => learnedRanker(table, { holdoutDays: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { base: 'magic' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => learnedRanker(table, { holdoutDays: 5000 }))).toBe('EMPTY_INPUT');
  });
});
