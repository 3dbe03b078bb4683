import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, errorOf, libraryErrorOf } from '../test/codeOf.js';
import { shop, synthetic } from '../test/fixtures/shop.js';
import { cleanTransactions, parseTransactionsCsv, generateTransactions } from '@shopper-spectrum/core';
import {
  buildInteractions,
  checkMatrix,
  contentBased,
  ease,
  findItems,
  fitData,
  fitRecommender,
  hybrid,
  itemKnn,
  itemSimilarity,
  learnedRanker,
  makeRecommender,
  popularity,
  RECOMMENDERS,
  repeatPurchase,
  tifuKnn,
  topK,
  userKnn,
} from '@shopper-spectrum/recommend';
import type { InteractionMatrix, ModelCore } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);
const core: ModelCore = { name: 'ones', spec: { kind: 'ones', options: {}, state: {} }, scoreUser: (_r, out) => out.fill(1), explainUser: () => 'one', scoreItem: (_i, out) => out.fill(1), explainItem: () => 'one' };

/** Every public function taking an InteractionMatrix first, called with `value` in its place. */
const MATRIX_TAKERS: Record<string, (value: unknown) => unknown> = {
  popularity: (v) => popularity(v as InteractionMatrix),
  repeatPurchase: (v) => repeatPurchase(v as InteractionMatrix),
  itemKnn: (v) => itemKnn(v as InteractionMatrix),
  userKnn: (v) => userKnn(v as InteractionMatrix),
  tifuKnn: (v) => tifuKnn(v as InteractionMatrix),
  ease: (v) => ease(v as InteractionMatrix),
  contentBased: (v) => contentBased(v as InteractionMatrix),
  itemSimilarity: (v) => itemSimilarity(v as InteractionMatrix),
  makeRecommender: (v) => makeRecommender(v as InteractionMatrix, core),
  topK: (v) => topK(new Float64Array(4), 2, v as InteractionMatrix),
  findItems: (v) => findItems(v as InteractionMatrix, 'item a'),
};

describe('checkMatrix', () => {
  it('returns an interaction matrix as it is', () => {
    expect(checkMatrix(m)).toBe(m);
    expect(checkMatrix(fitRecommender('item-knn', m).matrix)).toBe(m);
  });

  it('refuses a table, naming the parameter and saying to pass buildInteractions(table)', () => {
    const e = errorOf(() => checkMatrix(shop, 'matrix'));
    expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', 'matrix']);
    expect(e.message).toContain('pass buildInteractions(table), or use fitRecommender(kind, table)');
  });

  it('says what to pass for a { table, report } result, fit data, CSR parts and a fitted model', () => {
    const cleaned = cleanTransactions(shop);
    expect(errorOf(() => checkMatrix(cleaned)).message).toContain('pass buildInteractions(result.table)');
    expect(errorOf(() => checkMatrix(fitData(shop))).message).toContain('pass data.interactions()');
    const parts = { customers: m.customers, items: m.items, descriptions: m.descriptions, indptr: m.indptr, indices: m.indices, data: m.data };
    expect(errorOf(() => checkMatrix(parts)).message).toContain('pass matrixFromCsr(parts)');
    expect(errorOf(() => checkMatrix(popularity(m))).message).toContain('pass its .matrix');
  });

  it('refuses a matrix with a field missing, of the wrong type or of the wrong length, naming the field', () => {
    const cases: [Partial<Record<keyof InteractionMatrix, unknown>>, string][] = [
      [{ indptr: new Int32Array(2) }, 'matrix.indptr'],
      [{ indices: Float64Array.from(m.indices) }, 'matrix.indices'],
      [{ data: m.data.slice(1) }, 'matrix.data'],
      [{ itemIndptr: undefined }, 'matrix.itemIndptr'],
      [{ popularity: [3, 3, 3, 1] }, 'matrix.popularity'],
      [{ itemIndex: {} }, 'matrix.itemIndex'],
      [{ descriptions: m.descriptions.slice(1) }, 'matrix.descriptions'],
      [{ nnz: -1 }, 'matrix.nnz'],
      [{ nnz: 3 }, 'matrix.indices'],
    ];
    for (const [change, parameter] of cases) {
      const e = errorOf(() => checkMatrix({ ...m, ...change }));
      expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', parameter]);
    }
  });
});

describe('every function taking a matrix', () => {
  it('refuses a transaction table with INVALID_ARGUMENT saying to build the matrix, never a TypeError', () => {
    for (const [name, call] of Object.entries(MATRIX_TAKERS)) {
      const e = errorOf(() => call(shop));
      expect([name, e.code, e.parameter]).toEqual([name, 'INVALID_ARGUMENT', 'matrix']);
      expect(e.message).toContain('buildInteractions(table)');
    }
  });

  it('refuses a { table, report } result, fit data and null, naming what it got', () => {
    for (const call of Object.values(MATRIX_TAKERS)) {
      expect(errorOf(() => call(cleanTransactions(shop))).message).toContain('result.table');
      expect(errorOf(() => call(fitData(shop))).message).toContain('data.interactions()');
      expect(codeOf(() => call(null))).toBe('INVALID_ARGUMENT');
    }
  });

  it('refuses any value that is not a matrix with a coded error (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(MATRIX_TAKERS)), fc.anything(), (call, value) => {
        expect(codeOf(() => call(value))).toBe('INVALID_ARGUMENT');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses options that are not an object with INVALID_OPTION', () => {
    for (const call of [() => itemKnn(m, null as never), () => userKnn(m, 3 as never), () => tifuKnn(m, [] as never), () => ease(m, null as never), () => contentBased(m, null as never), () => repeatPurchase(m, null as never), () => itemSimilarity(m, null as never)]) {
      expect(codeOf(call)).toBe('INVALID_OPTION');
    }
  });

  it('refuses a similarItems option made for another matrix', () => {
    const other = itemSimilarity(buildInteractions(synthetic(3, { customers: 20, products: 12, days: 30 })));
    for (const model of [userKnn, tifuKnn, repeatPurchase]) {
      const e = errorOf(() => model(m, { similarItems: other }));
      expect([e.code, e.parameter]).toEqual(['INVALID_OPTION', 'similarItems']);
    }
    expect(userKnn(m, { similarItems: itemSimilarity(m) }).similarItems('A', 2).length).toBe(2);
  });

  it('makeRecommender refuses a core missing a part, naming it', () => {
    expect(errorOf(() => makeRecommender(m, null as never)).parameter).toBe('core');
    expect(errorOf(() => makeRecommender(m, { ...core, scoreItem: undefined } as never)).parameter).toBe('core.scoreItem');
    expect(errorOf(() => makeRecommender(m, { ...core, spec: undefined } as never)).parameter).toBe('core.spec');
  });

  it('topK refuses scores that are not one Float64Array value per product', () => {
    expect(errorOf(() => topK(new Float64Array(3), 2, m)).parameter).toBe('scores');
    expect(errorOf(() => topK([1, 2, 3, 4] as never, 2, m)).parameter).toBe('scores');
    expect(codeOf(() => topK(new Float64Array(4), 0, m))).toBe('INVALID_K');
  });

  it('hybrid refuses parts that are not { model, weight } with a fitted model and a finite weight', () => {
    const good = popularity(m);
    expect(errorOf(() => hybrid([{ model: shop as never, weight: 1 }])).parameter).toBe('parts[0].model');
    expect(errorOf(() => hybrid([{ model: good, weight: 1 }, null as never])).parameter).toBe('parts[1]');
    expect(errorOf(() => hybrid([{ model: good, weight: '1' as never }])).parameter).toBe('parts[0].weight');
    expect(errorOf(() => hybrid([{ model: good, weight: Infinity }])).parameter).toBe('parts[0].weight');
  });
});

describe('every function taking a table', () => {
  const result = cleanTransactions(shop);

  it('buildInteractions refuses a matrix or fit data, saying what to pass', () => {
    const e = errorOf(() => buildInteractions(m as never));
    expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', 'table']);
    expect(e.message).toContain('it is built already');
    expect(errorOf(() => buildInteractions(fitData(shop) as never)).message).toContain('pass its .table');
  });

  it("buildInteractions and learnedRanker refuse a { table, report } result with core's INVALID_ARGUMENT, saying to pass its .table", () => {
    for (const call of [() => buildInteractions(result as never), () => learnedRanker(result as never), () => buildInteractions(parseTransactionsCsv(generateTransactions({ seed: 1, customers: 5 })) as never)]) {
      const e = libraryErrorOf(call);
      expect([e.name, e.code, e.parameter]).toEqual(['CoreError', 'INVALID_ARGUMENT', 'table']);
      expect(e.message).toContain('.table');
    }
  });

  it('buildInteractions refuses any value that is not a table with a coded error (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(libraryErrorOf(() => buildInteractions(value as never)).code).toBe('INVALID_ARGUMENT');
      }),
      { numRuns: 200 },
    );
  });

  it('learnedRanker refuses a matrix, saying it needs the dates of the table', () => {
    const e = errorOf(() => learnedRanker(m as never));
    expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', 'table']);
    expect(e.message).toContain('needs the table');
  });

  it('fitData and fitRecommender refuse a { table, report } result, saying to pass its .table', () => {
    for (const call of [() => fitData(result as never), () => fitRecommender('popularity', result as never)]) {
      const e = errorOf(call);
      expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', 'data']);
      expect(e.message).toContain('pass its .table');
    }
    expect(codeOf(() => fitData({ ...m, indptr: null } as never))).toBe('INVALID_ARGUMENT');
  });

  it("refuses anything but fit data in a definition's fit called directly, and options that are not an object", () => {
    for (const kind of Object.keys(RECOMMENDERS) as (keyof typeof RECOMMENDERS)[]) {
      const fit = RECOMMENDERS[kind].fit as (data: unknown, options: unknown) => unknown;
      const e = errorOf(() => fit(shop, {}));
      expect([kind, e.code, e.parameter]).toEqual([kind, 'INVALID_ARGUMENT', 'data']);
      expect([kind, codeOf(() => fit(fitData(shop), null))]).toEqual([kind, 'INVALID_OPTION']);
    }
  });
});
