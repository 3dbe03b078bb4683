import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { parseTransactionRows } from '@shopper-spectrum/core';
import type { TransactionInput } from '@shopper-spectrum/core';
import { buildInteractions, buildTextIndex, contentBased, findItems, resolveItem, tokenize } from '@shopper-spectrum/recommend';

const products: [string, string][] = [
  ['H1', 'RED HEART'],
  ['H2', 'WHITE HEART'],
  ['CC', 'SET OF 3 HEART COOKIE CUTTERS'],
  ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER'],
  ['LB', 'JUMBO BAG RED RETROSPOT'],
];
const rows: TransactionInput[] = [];
products.forEach(([code, description], i) => rows.push({ invoiceNo: `${i}`, stockCode: code, description, quantity: 1, unitPrice: 1, invoiceDate: Date.UTC(2011, 0, 1 + i), customerId: `c${i % 2}` }));
rows.push({ invoiceNo: '9', stockCode: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 1, unitPrice: 1, invoiceDate: Date.UTC(2011, 0, 9), customerId: 'c2' });
const m = buildInteractions(parseTransactionRows(rows).table);

describe('TF-IDF (scikit-learn TfidfVectorizer defaults, hand-checked)', () => {
  it('tokenises: lower case, no stop words or one-letter words, optional bigrams', () => {
    expect(tokenize('SET OF 3 HEART COOKIE CUTTERS')).toEqual(['set', 'heart', 'cookie', 'cutters']);
    expect(tokenize('Red  Heart', { bigrams: true })).toEqual(['red', 'heart', 'red heart']);
  });

  it('weights raw counts by the smooth idf and normalises rows', () => {
    const index = buildTextIndex(['RED HEART', 'WHITE HEART', null]);
    expect(index.vocabulary).toEqual(['heart', 'red', 'white']);
    const idfHeart = Math.log(4 / 3) + 1;
    const idfRed = Math.log(4 / 2) + 1;
    expect(index.idf[0]).toBeCloseTo(idfHeart, 14);
    const norm = Math.hypot(idfHeart, idfRed);
    expect([...index.weights.subarray(0, 2)]).toEqual([idfHeart / norm, idfRed / norm].map((v) => expect.closeTo(v, 14)));
    expect(index.indptr[3]! - index.indptr[2]!).toBe(0); // no description, empty row
  });

  it('scores similar products by cosine and names the shared words', () => {
    const model = contentBased(m);
    const similar = model.similarItems('H1', 4);
    // RED HEART shares "red" (rare) with JUMBO BAG RED RETROSPOT and "heart" (common) with the others
    expect(similar[0]!.because).toMatch(/shares "(red|heart)"/);
    const index = buildTextIndex(m.descriptions);
    const cos = (a: number, b: number) => {
      let s = 0;
      for (let p = index.indptr[a]!; p < index.indptr[a + 1]!; p++) for (let q = index.indptr[b]!; q < index.indptr[b + 1]!; q++) if (index.terms[p] === index.terms[q]) s += index.weights[p]! * index.weights[q]!;
      return s;
    };
    for (const r of similar) expect(r.score).toBeCloseTo(cos(m.itemIndex.get('H1')!, m.itemIndex.get(r.item)!), 12);
    const withBigrams = contentBased(m, { bigrams: true }).similarItems('85123A', 1);
    expect(withBigrams[0]!.item).toBe('H2');
  });

  it('recommends from what a customer bought, with the shared words', () => {
    const [first] = contentBased(m).recommend('c2', 1);
    expect(first!.because).toContain('with 85123A (WHITE HANGING HEART T-LIGHT HOLDER)');
    expect(first!.source).toBe('model');
  });
});

describe('findItems: StockCode or a case- and typo-tolerant name', () => {
  it('finds a StockCode in any case first', () => {
    expect(findItems(m, '85123a')[0]).toMatchObject({ item: '85123A', score: 1, matched: ['stockCode'] });
  });

  it('finds names with typos, swapped letters, missing words and unfinished words', () => {
    expect(findItems(m, 'hanging hart holdr', { limit: 1 })[0]!.item).toBe('85123A');
    expect(findItems(m, 'WHTIE HAERT')[0]!.item).toMatch(/H2|85123A/);
    expect(findItems(m, 'cooki cutter')[0]!.item).toBe('CC');
    expect(findItems(m, 'retro')[0]!.item).toBe('LB');
    expect(resolveItem(m, 'red retrospot')).toBe('LB');
  });

  it('ranks full matches above partial ones', () => {
    const found = findItems(m, 'red heart');
    expect(found[0]!.item).toBe('H1');
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
  });

  it('says so when nothing matches, and rejects an empty query', () => {
    expect(codeOf(() => findItems(m, 'zebra xylophone'))).toBe('NOT_FOUND');
    expect(() => findItems(m, 'zebra xylophone')).toThrow(/no product matches/);
    expect(codeOf(() => findItems(m, '   '))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => findItems(m, 'heart', { limit: 0 }))).toBe('INVALID_OPTION');
  });
});
