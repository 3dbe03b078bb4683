import { describe, expect, it } from 'vitest';
import { shop } from '../test/fixtures/shop.js';
import { buildInteractions, fitRecommender, popularity } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);

describe('popularity', () => {
  it('ranks products by distinct customers, ties to the smaller StockCode', () => {
    expect(popularity(m).recommend('nobody', 4).map((x) => x.item)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('recommends a known customer the popular products they have not bought, with the count', () => {
    const [first] = popularity(m).recommend('u3', 1);
    expect(first).toMatchObject({ item: 'B', score: 3, because: 'bought by 3 customers', source: 'model' });
  });

  it('counts distinct customers whatever the weight, so any matrix gives the same ranking', () => {
    const decayed = buildInteractions(shop, { weight: 'invoices', halfLifeDays: 2 });
    expect(popularity(decayed).recommend('u5', 3)).toEqual(popularity(m).recommend('u5', 3));
  });

  it('is fitted by kind on a binary matrix of the table', () => {
    const model = fitRecommender('popularity', shop);
    expect([model.kind, model.name]).toEqual(['popularity', 'popularity']);
    expect(model.recommend('u2', 2)).toEqual(popularity(m).recommend('u2', 2));
  });
});
