/**
 * SANSA, the sparse approximate EASE (issue 19, item 2), in one run:
 *
 * 1. The real data on the issue-6 protocol (notebook preset, temporal split at 2011-09-01, K = 5, AP@K
 *    normalised by min(K, |relevant|)): MAP@5 for new products and with repeats allowed, fit time and
 *    model size (binary model file) of exact EASE and of SANSA at its defaults (and at 50 weights per
 *    product).
 * 2. A 50,000-product synthetic log (core's generateTransactions, seed 42, 65,000 products offered to
 *    24,000 customers: 50,161 are bought): EASE refuses it (TOO_LARGE), SANSA fits it (fit time, the
 *    process's peak RSS before and after the fit, model size, the fit report) and recommends; MAP@5 on the synthetic log's own
 *    temporal split (2011-09-01) next to popularity and item-kNN, for scale.
 *
 * Usage: tsx src/sansaScenario.ts [--no-ease] [--no-synthetic] [--synthetic-weights 50] [--synthetic-fill 4]
 * (EASE's fit is the long part of section 1: --no-ease leaves it out; the synthetic log is fitted
 * with factorFill 4, not the default 8, to keep the run short: the factorisation's time grows with
 * the square of the entries it keeps per product).
 */
import { cleanTransactions, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, fitData, fitRecommender, isShopperSpectrumError, serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { Recommender, SansaReport } from '@shopper-spectrum/recommend';
import type { TransactionTable } from '@shopper-spectrum/core';

const args = process.argv.slice(2);
const withEase = !args.includes('--no-ease');
const withSynthetic = !args.includes('--no-synthetic');
const at = args.indexOf('--synthetic-weights');
const syntheticWeights = at >= 0 ? Number(args[at + 1]) : 50;
const fillAt = args.indexOf('--synthetic-fill');
const syntheticFill = fillAt >= 0 ? Number(args[fillAt + 1]) : 4;
const syntheticOptions = { weightsPerProduct: syntheticWeights, factorFill: syntheticFill };
const syntheticName = `sansa, ${syntheticWeights} weights per product, factorFill ${syntheticFill}`;

/** The process's peak resident set so far (a synchronous fit blocks timers, so no sampling). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
};
const mapAt5 = (model: Recommender, train: TransactionTable, test: TransactionTable, excludeSeen: boolean) =>
  evaluate({ train, test, k: [5], excludeSeen, rank: (c) => model.recommend(c, 10, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) }).means['map@5']!;
const describe = (model: Recommender) => {
  const r = model.spec.state.report as SansaReport | undefined;
  return r ? ` [${r.weightNonzeros} weights, ${r.factorNonzeros} in L, ${r.iterations} Schultz steps, residual ${r.residual.toExponential(2)}, ${r.resetPivots} pivots reset]` : '';
};

// the synthetic log first, so that the peak RSS before its fit is the generator's, not the real data's models'
// 2. the 50,000-product synthetic log
if (withSynthetic) {
  const { value: table, ms: loadMs } = timed(() => cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 42, customers: 24_000, products: 65_000 })).table).table);
  const matrix = buildInteractions(table);
  console.log(`\nsynthetic log (seed 42, 24,000 customers, 65,000 products offered): ${table.length} rows, ${matrix.items.length} products bought, ${matrix.customers.length} customers, ${matrix.nnz} cells (generated in ${(loadMs / 1000).toFixed(1)} s)`);
  try {
    fitRecommender('ease', matrix);
    console.log('ease: fitted (unexpected)');
  } catch (e) {
    console.log(`ease: ${isShopperSpectrumError(e) ? `${e.code}: ${e.message}` : String(e)}`);
  }
  const before = { rss: process.memoryUsage().rss, peak: peakRss() };
  const { value: model, ms } = timed(() => fitRecommender('sansa', matrix, syntheticOptions));
  const bytes = serializeRecommenderBinary(model).byteLength;
  console.log(`${syntheticName}: fit ${(ms / 1000).toFixed(1)} s, process peak RSS ${mib(peakRss())} after the fit (${mib(before.peak)} before it, RSS ${mib(before.rss)} when it started), model file ${mib(bytes)}${describe(model)}`);
  const customer = matrix.customers[0]!;
  console.log(`recommendations for customer ${customer}:`, model.recommend(customer, 5).map((r) => `${r.item} ${r.score.toFixed(3)} (${r.because})`).join('; '));
  const { value: lists, ms: recMs } = timed(() => matrix.customers.slice(0, 1000).map((c) => model.recommend(c, 10, { explain: false })));
  console.log(`1,000 customers' top 10: ${(recMs / 1000).toFixed(1)} s, ${lists.filter((l) => l[0]?.source === 'model').length} from the model`);

  const { train, test, report } = temporalSplit(table, { cutoff: '2011-09-01' });
  const data = fitData(train);
  const trainMatrix = data.interactions();
  console.log(`\nsynthetic, cutoff 2011-09-01: ${report.evaluated} customers in both periods, ${trainMatrix.items.length} products in train`);
  for (const [name, make] of [
    ['popularity', () => fitRecommender('popularity', data)],
    ['item-knn', () => fitRecommender('item-knn', data)],
    [syntheticName, () => fitRecommender('sansa', data, syntheticOptions)],
  ] as [string, () => Recommender][]) {
    const { value: m, ms: fitMs } = timed(make);
    console.log(`${name.padEnd(30)} fit ${(fitMs / 1000).toFixed(1)} s  MAP@5 new products ${mapAt5(m, train, test, true).toFixed(4)}  repeats allowed ${mapAt5(m, train, test, false).toFixed(4)}`);
  }
}

// 1. the real data
{
  const path = process.env.SHOPPER_SPECTRUM_DATA ?? new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
  const table = cleanTransactions((await loadTransactions(path)).table).table;
  const { train, test, report } = temporalSplit(table, { cutoff: '2011-09-01' });
  const data = fitData(train);
  const matrix = data.interactions();
  console.log(`\nreal data, cutoff 2011-09-01: ${report.evaluated} customers in both periods; ${matrix.items.length} products, ${matrix.customers.length} customers, ${matrix.nnz} cells`);
  const models: [string, () => Recommender][] = [
    ...(withEase ? [['ease', () => fitRecommender('ease', data)] as [string, () => Recommender]] : []),
    ['sansa (defaults: 50, fill 8)', () => fitRecommender('sansa', data)],
    ['sansa, factorFill 4', () => fitRecommender('sansa', data, { factorFill: 4 })],
    ['sansa, 100 per product, fill 4', () => fitRecommender('sansa', data, { weightsPerProduct: 100, factorFill: 4 })],
  ];
  for (const [name, make] of models) {
    const { value: model, ms } = timed(make);
    const bytes = serializeRecommenderBinary(model).byteLength;
    console.log(`${name.padEnd(30)} fit ${(ms / 1000).toFixed(1)} s  model file ${mib(bytes)}  MAP@5 new products ${mapAt5(model, train, test, true).toFixed(4)}  repeats allowed ${mapAt5(model, train, test, false).toFixed(4)}${describe(model)}`);
  }
}
