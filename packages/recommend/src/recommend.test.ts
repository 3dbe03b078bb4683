import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { cleanTransactions, generateTransactions, parseTransactionRows, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionInput } from '@shopper-spectrum/core';
import { buildInteractions, hybrid, itemKnn, itemSimilarity, popularity, repeatPurchase, tifuKnn, userKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const line = (invoiceNo: string, customerId: string, stockCode: string, day = 1): TransactionInput => ({ invoiceNo, stockCode, description: `ITEM ${stockCode}`, quantity: 1, unitPrice: 1, invoiceDate: Date.UTC(2011, 0, day), customerId });
// u1: A B C, u2: A B, u3: A D, u4: B C, u5: C (invoice 6 buys C twice for u1)
const shop = parseTransactionRows([
  line('1', 'u1', 'A'), line('1', 'u1', 'B'), line('1', 'u1', 'C'),
  line('2', 'u2', 'A'), line('2', 'u2', 'B'),
  line('3', 'u3', 'A'), line('3', 'u3', 'D'),
  line('4', 'u4', 'B'), line('4', 'u4', 'C'),
  line('5', 'u5', 'C'),
  line('6', 'u1', 'C', 5),
]).table;
const m = buildInteractions(shop);


describe('buildInteractions', () => {
  it('builds a CSR customer x product matrix with its transpose and popularity', () => {
    expect(m.customers).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(m.items).toEqual(['A', 'B', 'C', 'D']);
    expect([...m.indptr]).toEqual([0, 3, 5, 7, 9, 10]);
    expect([...m.indices]).toEqual([0, 1, 2, 0, 1, 0, 3, 1, 2, 2]);
    expect([...m.popularity]).toEqual([3, 3, 3, 1]);
    expect([...m.itemIndptr]).toEqual([0, 3, 6, 9, 10]);
    expect(m.descriptions[0]).toBe('ITEM A');
  });

  it('weights cells by invoices, and decays them by age', () => {
    const inv = buildInteractions(shop, { weight: 'invoices' });
    expect(inv.data[2]).toBe(2); // u1 bought C on two invoices
    const decayed = buildInteractions(shop, { weight: 'invoices', halfLifeDays: 4 });
    expect(decayed.data[2]).toBeCloseTo(0.5 + 1, 12); // day 1 is 4 days before day 5
  });

  it('rejects a table without customers and bad options', () => {
    expect(codeOf(() => buildInteractions(parseTransactionRows([{ invoiceNo: '1', stockCode: 'A', quantity: 1, unitPrice: 1, invoiceDate: 0 }]).table))).toBe('EMPTY_INPUT');
    expect(codeOf(() => buildInteractions(shop, { weight: 'clicks' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => buildInteractions(shop, { halfLifeDays: 0 }))).toBe('INVALID_OPTION');
  });
});

describe('item similarities, hand-checked', () => {
  // binary columns: A = {u1,u2,u3}, B = {u1,u2,u4}, C = {u1,u4,u5}, D = {u3}
  const get = (sim: ReturnType<typeof itemSimilarity>, i: number, j: number) => {
    for (let q = sim.indptr[i]!; q < sim.indptr[i + 1]!; q++) if (sim.indices[q] === j) return sim.data[q]!;
    return 0;
  };
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
        const t = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed, customers: 30, products: 25, days: 60 })).table).table;
        const bm = buildInteractions(t);
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
    const similarities = ['cosine', 'jaccard', 'lift', 'asymmetric-cosine', 'rp3beta'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom(...similarities), fc.boolean(), (seed, keep, similarity, weighted) => {
        const t = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed, customers: 150, products: 400, days: 90 })).table).table;
        const bm = buildInteractions(t, { weight: weighted ? 'invoices' : 'binary' });
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
});

describe('recommenders', () => {
  const models: Recommender[] = [
    popularity(m),
    repeatPurchase(buildInteractions(shop, { weight: 'invoices' })),
    itemKnn(m),
    itemKnn(m, { similarity: 'rp3beta' }),
    userKnn(m, { neighbours: 2 }),
    tifuKnn(buildInteractions(shop, { weight: 'invoices' }), { neighbours: 2 }),
    hybrid([{ model: itemKnn(m), weight: 1 }, { model: userKnn(m), weight: 0.5 }]),
  ];

  it('item cosine scores by similarity to what the customer bought, with a reason', () => {
    const [first] = itemKnn(m).recommend('u2', 1);
    expect(first).toMatchObject({ item: 'C', because: expect.stringContaining('which you bought') });
  });

  it('falls back to popularity for unknown customers, and says so', () => {
    const r = itemKnn(m).recommend('nobody', 2);
    expect(r.map((x) => x.item)).toEqual(['A', 'B']);
    expect(r[0]!.because).toContain('unknown customer');
  });

  it('breaks score ties by popularity, then StockCode', () => {
    expect(popularity(m).recommend('nobody', 4).map((x) => x.item)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('never returns a bought item under exclude; results are unique, sorted, at most k (property)', () => {
    const big = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 5, customers: 60, products: 50, days: 90 })).table).table;
    const bm = buildInteractions(big);
    const fitted = [itemKnn(bm), userKnn(bm, { neighbours: 10 }), itemKnn(bm, { similarity: 'jaccard' }), repeatPurchase(bm), tifuKnn(bm, { neighbours: 10 })];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 4 }), (row, k, mi) => {
        const model = fitted[mi]!;
        const id = bm.customers[row]!;
        const bought = new Set<string>();
        for (let p = bm.indptr[row]!; p < bm.indptr[row + 1]!; p++) bought.add(bm.items[bm.indices[p]!]!);
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

  it('TIFU-kNN: alpha x own invoice shares + (1 - alpha) x the neighbours\' mean shares, hand-checked', () => {
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

  it('a model that is not seen-dependent ranks new products the same under both policies (property)', () => {
    const big = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 6, customers: 60, products: 50, days: 90 })).table).table;
    const bm = buildInteractions(big);
    const bi = buildInteractions(big, { weight: 'invoices' });
    const fitted = [popularity(bm), itemKnn(bm), userKnn(bm, { neighbours: 10 }), repeatPurchase(bi), tifuKnn(bi, { neighbours: 10 }), hybrid([{ model: itemKnn(bm), weight: 1 }, { model: repeatPurchase(bi), weight: 2 }])];
    for (const model of fitted) expect(model.seenDependent).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bm.customers.length - 1 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: fitted.length - 1 }), (row, k, mi) => {
        const model = fitted[mi]!;
        const id = bm.customers[row]!;
        const bought = new Set<string>();
        for (let p = bm.indptr[row]!; p < bm.indptr[row + 1]!; p++) bought.add(bm.items[bm.indices[p]!]!);
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

  it('finds similar products and rejects unknown ones', () => {
    expect(itemKnn(m).similarItems('A', 1)[0]!.item).toBe('B');
    for (const model of models) expect(codeOf(() => model.similarItems('NOPE', 3))).toBe('UNKNOWN_ITEM');
  });

  it('rejects k < 1, bad customer ids, bad policies and bad options', () => {
    const model = itemKnn(m);
    expect(codeOf(() => model.recommend('u1', 0))).toBe('INVALID_K');
    expect(codeOf(() => model.recommend(17850 as never, 3))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => model.recommend('u1', 3, { seen: 'maybe' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => itemKnn(m, { similarity: 'pearson' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => userKnn(m, { neighbours: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hybrid([]))).toBe('INVALID_OPTION');
  });
});
