/**
 * A recommender of your own (`trending.mjs`) next to the built-ins: registered, fitted through the
 * registry like them, evaluated on the same split in time, saved and loaded back.
 *
 *   pnpm --dir examples/custom-recommender start
 */
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { fitData, fitRecommender, loadRecommender, recommenderKinds, registerRecommender, serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import TRENDING from '../trending.mjs';

registerRecommender(TRENDING);
console.log('kinds:', recommenderKinds().join(', '));

const table = cleanTransactions(parseTransactionsCsv(generateTransactionsCsv({ seed: 3, customers: 600 })).table).table;
const { train, test, report } = temporalSplit(table, { cutoff: '2011-10-01' });
const data = fitData(train); // each matrix built once, whichever models ask for it
for (const [kind, options] of [['popularity', {}], ['trending', { halfLifeDays: 14 }], ['item-knn', { neighbours: 100 }]] as const) {
  const model = fitRecommender(kind, data, options);
  const r = evaluate({ train, test, k: [5], excludeSeen: true, rank: (c) => model.recommend(c, 5, { explain: false }).map((x) => x.item) });
  console.log(`${model.name.padEnd(32)} MAP@5 ${r.means['map@5']!.toFixed(4)} (new products, ${report.evaluated} customers)`);
}

const model = fitRecommender('trending', table, { halfLifeDays: 14 });
const customer = model.matrix.customers[0]!;
const loaded = loadRecommender(serializeRecommenderBinary(model), { kind: 'trending' });
console.log(`${customer}:`, loaded.recommend(customer, 2).map((r) => `${r.item} (${r.because})`).join('; '));
console.log('saved and loaded, the same lists:', JSON.stringify(loaded.recommend(customer, 10)) === JSON.stringify(model.recommend(customer, 10)));
