/**
 * The evaluation protocol of issue 6 on the real data: notebook preset, temporal split at the cutoff
 * (default 2011-09-01), K = 5 and 10, both policies (new products only; repeats allowed), AP@K
 * normalised by min(K, |relevant|). Prints MAP@5 (and the rest) for each recommender.
 * Usage: tsx src/protocol.ts [cutoff] [models...]
 */
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, contentBased, ease, hybrid, itemKnn, learnedRanker, popularity, repeatPurchase, tifuKnn, userKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const cutoff = process.argv[2] ?? '2011-09-01';
const only = process.argv.slice(3);
const path = process.env.SHOPPER_SPECTRUM_DATA ?? new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const table = cleanTransactions((await loadTransactions(path)).table).table;
const { train, test, report } = temporalSplit(table, { cutoff });
console.log(`cutoff ${cutoff}: ${report.evaluated} customers in both periods, train ${report.trainRows} rows, test ${report.testRows}`);
const binary = buildInteractions(train, { weight: 'binary' });
const invoices = buildInteractions(train, { weight: 'invoices' });

const t0 = performance.now();
const models: Record<string, () => Recommender> = {
  popularity: () => popularity(binary),
  'repeat-purchase': () => repeatPurchase(invoices),
  'item cosine': () => itemKnn(binary, { similarity: 'cosine', neighbours: Infinity }),
  'user cosine 50': () => userKnn(binary, { neighbours: 50 }),
  'rp3beta': () => itemKnn(binary, { similarity: 'rp3beta', beta: 0.3, neighbours: 400, selfSimilarity: false }),
  'ease 500': () => ease(binary, { lambda: 500 }),
  content: () => contentBased(binary),
  'content + bigrams': () => contentBased(binary, { bigrams: true }),
  learned: () => learnedRanker(train),
  'ease 500, 60-day decay': () => ease(buildInteractions(train, { halfLifeDays: 60 }), { lambda: 500 }),
  'ease 500 + user 100 30d': () =>
    hybrid([
      { model: ease(binary, { lambda: 500 }), weight: 1 },
      { model: userKnn(buildInteractions(train, { halfLifeDays: 30 }), { neighbours: 100 }), weight: 1 },
    ]),
  // chosen on the validation split (train before 2011-06-01, validate June-August; src/tune.ts)
  'user cosine 100, 30-day decay': () => userKnn(buildInteractions(train, { halfLifeDays: 30 }), { neighbours: 100 }),
  // TIFU-kNN: 100 neighbours and alpha 0.5 chosen on the validation split (June-August)
  'tifu-knn': () => tifuKnn(invoices, { neighbours: 100, alpha: 0.5 }),
  'tifu-knn, 180-day decay': () => tifuKnn(buildInteractions(train, { weight: 'invoices', halfLifeDays: 180 }), { neighbours: 100, alpha: 0.5 }),
  'repeat 180d + 0.6 user': () =>
    hybrid([
      { model: repeatPurchase(buildInteractions(train, { weight: 'invoices', halfLifeDays: 180 })), weight: 1 },
      { model: userKnn(buildInteractions(train, { halfLifeDays: 60 }), { neighbours: 100 }), weight: 0.6 },
    ]),
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
    console.log(`${name.padEnd(18)} users ${r.evaluated}  MAP@5 ${r.means['map@5']!.toFixed(4)}  P@5 ${r.means['precision@5']!.toFixed(4)}  R@5 ${r.means['recall@5']!.toFixed(4)}  NDCG@5 ${r.means['ndcg@5']!.toFixed(4)}  MAP@10 ${r.means['map@10']!.toFixed(4)}  (${r.timingMs.total.toFixed(0)} ms)`);
  }
}
console.log(`total ${(performance.now() - t0).toFixed(0)} ms`);
