import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeOf, errorOf } from '../test/codeOf.js';
import { shop } from '../test/fixtures/shop.js';
import { parseTransactionRows } from '@shopper-spectrum/core';
import { buildInteractions, INTERACTION_DEFAULTS, INTERACTION_WEIGHTS, matrixFromCsr } from '@shopper-spectrum/recommend';

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

  it('treats an infinite half-life as no decay, the default', () => {
    expect(INTERACTION_DEFAULTS).toEqual({ weight: 'binary', halfLifeDays: Infinity });
    expect(Object.isFrozen(INTERACTION_DEFAULTS)).toBe(true);
    const inv = buildInteractions(shop, { weight: 'invoices' });
    expect(buildInteractions(shop, { weight: 'invoices', halfLifeDays: Infinity })).toEqual(inv);
    expect(buildInteractions(shop, INTERACTION_DEFAULTS)).toEqual(m);
  });

  it('rejects a table without customers and bad options', () => {
    expect(codeOf(() => buildInteractions(parseTransactionRows([{ invoiceNo: '1', stockCode: 'A', quantity: 1, unitPrice: 1, invoiceDate: 0 }]).table))).toBe('EMPTY_INPUT');
    expect(codeOf(() => buildInteractions(shop, { weight: 'clicks' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => buildInteractions(shop, { halfLifeDays: 0 }))).toBe('INVALID_OPTION');
  });

  it('names the accepted weights, from INTERACTION_WEIGHTS, when refusing one', () => {
    const e = errorOf(() => buildInteractions(shop, { weight: 'clicks' as never }));
    expect(e.parameter).toBe('weight');
    for (const name of Object.keys(INTERACTION_WEIGHTS)) expect(e.allowed).toContain(`'${name}'`);
  });
});

describe('matrixFromCsr', () => {
  const parts = { customers: ['a', 'b'], items: ['X', 'Y'], descriptions: [null, 'WHY'], indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 1, 1), data: Float64Array.of(1, 2, 1) };

  it('completes CSR parts with the transpose and popularity', () => {
    const x = matrixFromCsr(parts);
    expect([...x.popularity]).toEqual([1, 2]);
    expect([...x.itemCustomers]).toEqual([0, 0, 1]);
    expect([...x.itemData]).toEqual([1, 2, 1]);
  });

  it('gives back the matrix it was built from (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), (row) => {
        const again = matrixFromCsr({ customers: m.customers, items: m.items, descriptions: m.descriptions, indptr: m.indptr, indices: m.indices, data: m.data });
        expect(again).toEqual(m);
        expect(again.customerIndex.get(m.customers[row]!)).toBe(row);
      }),
      { numRuns: 4 },
    );
  });

  it('refuses parts that do not fit together, naming the field', () => {
    const bad: [string, Record<string, unknown>][] = [
      ['matrix.customers[1]', { customers: ['a', 'a'] }],
      ['matrix.items', { items: 'XY' }],
      ['matrix.descriptions', { descriptions: [null] }],
      ['matrix.indptr', { indptr: [0, 2, 3] }],
      ['matrix.indptr[0]', { indptr: Int32Array.of(1, 2, 3) }],
      ['matrix.indptr[2]', { indptr: Int32Array.of(0, 3, 2) }],
      ['matrix.indptr[2]', { indices: Int32Array.of(0, 1) }], // 3 cells declared, 2 given
      ['matrix.indices[1]', { indices: Int32Array.of(0, 2, 1) }],
      ['matrix.indices[1]', { indices: Int32Array.of(1, 0, 1) }],
      ['matrix.data', { data: Float32Array.of(1, 1, 1) }],
      ['matrix.data[2]', { data: Float64Array.of(1, 1, 0) }],
      ['matrix.data[0]', { data: Float64Array.of(NaN, 1, 1) }],
    ];
    for (const [field, change] of bad) {
      const e = errorOf(() => matrixFromCsr({ ...parts, ...change } as never));
      expect([e.code, e.parameter]).toEqual(['INVALID_ARGUMENT', field]);
    }
  });
});
