/**
 * The evaluation protocol of issue 6 on the real data: notebook preset, temporal split at the cutoff
 * (default 2011-09-01), K = 5 and 10, both policies (new products only; repeats allowed), AP@K
 * normalised by min(K, |relevant|). Prints MAP@5 (and the rest) for each recommender, named by its
 * kind (and its options when they are not the kind's defaults), fitted with `fitRecommender`.
 * Usage: tsx src/protocol.ts [cutoff] [models...]   (for example: 2011-09-01 tifu-knn learned-ranker)
 */
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { fitData, fitRecommender } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const cutoff = process.argv[2] ?? '2011-09-01';
const only = process.argv.slice(3);
const path = process.env.SHOPPER_SPECTRUM_DATA ?? new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const table = cleanTransactions((await loadTransactions(path)).table).table;
const { train, test, report } = temporalSplit(table, { cutoff });
console.log(`cutoff ${cutoff}: ${report.evaluated} customers in both periods, train ${report.trainRows} rows, test ${report.testRows}`);
const data = fitData(train); // each matrix built once for every model

const t0 = performance.now();
const models: Record<string, () => Recommender> = {
  popularity: () => fitRecommender('popularity', data),
  'repeat-purchase': () => fitRecommender('repeat-purchase', data),
  'item-knn, all neighbours': () => fitRecommender('item-knn', data, { similarity: 'cosine', neighbours: Infinity }),
  'user-knn': () => fitRecommender('user-knn', data),
  'item-knn rp3beta': () => fitRecommender('item-knn', data, { similarity: 'rp3beta', beta: 0.3, neighbours: 400, selfSimilarity: false }),
  ease: () => fitRecommender('ease', data),
  sansa: () => fitRecommender('sansa', data),
  'sansa, factorFill 4': () => fitRecommender('sansa', data, { factorFill: 4 }),
  content: () => fitRecommender('content', data),
  'content + bigrams': () => fitRecommender('content', data, { bigrams: true }),
  'learned-ranker': () => fitRecommender('learned-ranker', data),
  'ease, 60-day decay': () => fitRecommender('ease', data, { interactions: { halfLifeDays: 60 } }),
  'ease + user-knn 100 30d': () =>
    fitRecommender('hybrid', data, {
      parts: [
        { kind: 'ease', weight: 1 },
        { kind: 'user-knn', options: { neighbours: 100, interactions: { halfLifeDays: 30 } }, weight: 1 },
      ],
    }),
  // chosen on the validation split (train before 2011-06-01, validate June-August; src/tune.ts)
  'user-knn 100, 30-day decay': () => fitRecommender('user-knn', data, { neighbours: 100, interactions: { halfLifeDays: 30 } }),
  // TIFU-kNN: its defaults (neighbours, alpha) were chosen on the validation split (June-August)
  'tifu-knn': () => fitRecommender('tifu-knn', data),
  'tifu-knn, 180-day decay': () => fitRecommender('tifu-knn', data, { interactions: { halfLifeDays: 180 } }),
  'repeat 180d + 0.6 user-knn': () =>
    fitRecommender('hybrid', data, {
      parts: [
        { kind: 'repeat-purchase', options: { interactions: { halfLifeDays: 180 } }, weight: 1 },
        { kind: 'user-knn', options: { neighbours: 100, interactions: { halfLifeDays: 60 } }, weight: 0.6 },
      ],
    }),
};
const fitted: Record<string, Recommender> = {};
for (const [name, make] of Object.entries(models)) {
  if (only.length && !only.includes(name)) continue;
  const t = performance.now();
  fitted[name] = make();
  console.log(`fit ${name}: ${(performance.now() - t).toFixed(0)} ms`);
}
for (const [policy, excludeSeen] of [['new products only', true], ['repeats allowed', false]] as const) {
  console.log(`\n${policy}`);
  for (const [name, model] of Object.entries(fitted)) {
    const r = evaluate({ train, test, k: [5, 10], excludeSeen, rank: (c) => model.recommend(c, 10, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) });
    console.log(`${name.padEnd(26)} users ${r.evaluated}  MAP@5 ${r.means['map@5']!.toFixed(4)}  P@5 ${r.means['precision@5']!.toFixed(4)}  R@5 ${r.means['recall@5']!.toFixed(4)}  NDCG@5 ${r.means['ndcg@5']!.toFixed(4)}  MAP@10 ${r.means['map@10']!.toFixed(4)}  (${r.timingMs.total.toFixed(0)} ms)`);
  }
}
console.log(`total ${(performance.now() - t0).toFixed(0)} ms`);
