import { describe, expect, it } from 'vitest';
import { shop } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, REPEAT_PURCHASE_DEFAULTS, repeatPurchase } from '@shopper-spectrum/recommend';

const inv = buildInteractions(shop, { weight: 'invoices' });

describe('repeatPurchase', () => {
  it("ranks the customer's own products by invoices, then fills from popularity", () => {
    const recs = repeatPurchase(inv).recommend('u1', 4, { seen: 'allow' });
    expect(recs.map((r) => [r.item, r.source])).toEqual([['C', 'model'], ['A', 'model'], ['B', 'model'], ['D', 'popularity']]);
    expect(recs[0]!.because).toBe('you bought it before (weight 2)');
  });

  it('recommends nothing of its own under exclude: every product it scores was bought', () => {
    expect(repeatPurchase(inv).recommend('u2', 2).map((r) => r.source)).toEqual(['popularity', 'popularity']);
  });

  it('has no option but the shared similarity, and is fitted by kind on invoice counts', () => {
    expect(REPEAT_PURCHASE_DEFAULTS).toEqual({});
    const model = fitRecommender('repeat-purchase', shop);
    expect(model.kind).toBe('repeat-purchase');
    expect(model.matrix).toEqual(inv);
    expect(model.recommend('u1', 3, { seen: 'allow' })).toEqual(repeatPurchase(inv).recommend('u1', 3, { seen: 'allow' }));
  });
});
