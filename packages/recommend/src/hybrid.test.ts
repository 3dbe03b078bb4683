import { describe, expect, it } from 'vitest';
import { codeOf } from '../test/codeOf.js';
import { line, shop } from '../test/fixtures/shop.js';
import { parseTransactionRows } from '@shopper-spectrum/core';
import { buildInteractions, fitRecommender, hybrid, itemKnn, repeatPurchase, userKnn } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);
const inv = buildInteractions(shop, { weight: 'invoices' });

describe('hybrid', () => {
  it("sums the parts' scores, each scaled to a maximum of 1, with the weights", () => {
    const a = itemKnn(m);
    const b = repeatPurchase(inv);
    const blend = hybrid([{ model: a, weight: 1 }, { model: b, weight: 0.5 }]);
    const scaled = (s: Float64Array) => {
      const max = Math.max(...s);
      return [...s].map((v) => (v > 0 ? v / max : 0));
    };
    const sa = scaled(a.scoreAll('u2').scores);
    const sb = scaled(b.scoreAll('u2').scores);
    const { scores } = blend.scoreAll('u2');
    for (let j = 0; j < 4; j++) expect(scores[j]).toBeCloseTo(sa[j]! + 0.5 * sb[j]!, 12);
    expect(blend.name).toBe(`hybrid (1 x ${a.name} + 0.5 x repeat-purchase)`);
  });

  it('explains a product with the part that contributed most', () => {
    const blend = hybrid([{ model: itemKnn(m), weight: 1 }, { model: repeatPurchase(inv), weight: 3 }]);
    expect(blend.recommend('u1', 1, { seen: 'allow' })[0]!.because).toBe('you bought it before (weight 2)');
  });

  it('is fitted by kind from parts given by kind, on matrices built once for the table', () => {
    const byKind = fitRecommender('hybrid', shop, { parts: [{ kind: 'item-knn', weight: 1 }, { kind: 'repeat-purchase', weight: 0.5 }] });
    const direct = hybrid([{ model: itemKnn(m), weight: 1 }, { model: repeatPurchase(inv), weight: 0.5 }]);
    expect(byKind.kind).toBe('hybrid');
    for (const id of m.customers) expect(byKind.recommend(id, 3, { seen: 'allow' })).toEqual(direct.recommend(id, 3, { seen: 'allow' }));
    expect(byKind.spec.parts!.map((p) => p.model.kind)).toEqual(['item-knn', 'repeat-purchase']);
  });

  it('rejects no part, negative weights and parts on other customers or products', () => {
    expect(codeOf(() => hybrid([]))).toBe('INVALID_OPTION');
    expect(codeOf(() => hybrid([{ model: itemKnn(m), weight: -1 }]))).toBe('INVALID_OPTION');
    expect(codeOf(() => hybrid([{ model: itemKnn(m), weight: 1 }, { model: userKnn(buildInteractions(shop, { weight: 'invoices' })), weight: 1 }]))).toBe('no error');
    const fewer = itemKnn(buildInteractions(parseTransactionRows([line('1', 'u1', 'A'), line('2', 'u2', 'B')]).table));
    expect(codeOf(() => hybrid([{ model: itemKnn(m), weight: 1 }, { model: fewer, weight: 1 }]))).toBe('INVALID_OPTION');
    expect(codeOf(() => fitRecommender('hybrid', shop, { parts: [] }))).toBe('INVALID_OPTION');
    expect(codeOf(() => fitRecommender('hybrid', shop, { parts: [{ kind: 'magic' }] }))).toBe('UNKNOWN_KIND');
  });
});
