/**
 * Why the notebooks' figures (P@5 0.85, MAP@5 0.89) are not comparable with an honest split: score
 * item cosine on the customers' own training purchases (the "test" set is the train set).
 * Usage: tsx --conditions=@shopper-spectrum/source src/inSample.ts
 */
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, itemKnn, userKnn } from '@shopper-spectrum/recommend';

const path = process.env.SHOPPER_SPECTRUM_DATA ?? new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const all = cleanTransactions((await loadTransactions(path)).table).table;
const { train, test } = temporalSplit(all, { cutoff: '2011-09-01' });
const show = (label: string, r: ReturnType<typeof evaluate>) =>
  console.log(`${label.padEnd(58)} users ${String(r.evaluated).padStart(5)}  P@5 ${r.means['precision@5']!.toFixed(4)}  R@5 ${r.means['recall@5']!.toFixed(4)}  MAP@5 ${r.means['map@5']!.toFixed(4)}`);
for (const [name, data] of [['whole cleaned data', all], ['train part (before 2011-09-01)', train]] as const) {
  const m = buildInteractions(data);
  const cos = itemKnn(m, { similarity: 'cosine', neighbours: Infinity });
  const rank = (c: string) => cos.recommend(c, 5, { seen: 'allow', explain: false }).map((x) => x.item);
  show(`in-sample, item-knn (cosine), ${name}`, evaluate({ train: data, test: data, k: [5], excludeSeen: false, rank }));
  const noSelf = itemKnn(m, { similarity: 'cosine', neighbours: Infinity, selfSimilarity: false });
  show(`in-sample, item-knn (cosine) without self-similarity, ${name}`, evaluate({ train: data, test: data, k: [5], excludeSeen: false, rank: (c) => noSelf.recommend(c, 5, { seen: 'allow', explain: false }).map((x) => x.item) }));
  if (data === train) {
    const uk = userKnn(m, { neighbours: 50 });
    show(`in-sample, user-knn (50), ${name}`, evaluate({ train: data, test: data, k: [5], excludeSeen: false, rank: (c) => uk.recommend(c, 5, { seen: 'allow', explain: false }).map((x) => x.item) }));
  }
}
const m = buildInteractions(train);
const cos = itemKnn(m, { similarity: 'cosine', neighbours: Infinity });
show('honest: item-knn (cosine), train < 2011-09-01, test after, repeats', evaluate({ train, test, k: [5], excludeSeen: false, rank: (c) => cos.recommend(c, 5, { seen: 'allow', explain: false }).map((x) => x.item) }));
show('honest: item-knn (cosine), new products only', evaluate({ train, test, k: [5], excludeSeen: true, rank: (c) => cos.recommend(c, 5, { seen: 'exclude', explain: false }).map((x) => x.item) }));
