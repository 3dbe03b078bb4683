// A recommender of your own, as a plugin for the reference app:
//   shopper-spectrum analyze --data log.csv.gz --plugin ./trending.mjs --models popularity,trending
// The default export is a RecommenderDefinition: how to fit the kind and how to restore it from a
// model file (every field read back is checked, so a damaged file fails with INVALID_MODEL).
import { CHECKS, defineRecommender, makeRecommender, savedModelReader } from '@shopper-spectrum/recommend';

/** Trending: a product scores the sum of its buyers' last purchases, each decayed by its age. */
function trending(matrix, scores, halfLifeDays) {
  return makeRecommender(matrix, {
    name: `trending (${halfLifeDays}-day half-life)`,
    spec: { kind: 'trending', options: { halfLifeDays }, state: { scores } },
    scoreUser: (_row, out) => out.set(scores),
    scoreItems: (_columns, _weights, out) => out.set(scores),
    explainUser: (_row, j) => `trending: ${scores[j].toFixed(1)} recent buyers`,
    scoreItem: (_item, out) => out.set(scores),
    explainItem: (_item, j) => `trending: ${scores[j].toFixed(1)} recent buyers`,
  });
}

export default defineRecommender({
  kind: 'trending',
  description: 'the products bought most lately (each purchase halves in weight every halfLifeDays)',
  defaults: { halfLifeDays: 30 },
  fit(data, { halfLifeDays }) {
    const decayed = data.interactions({ halfLifeDays }); // binary cells, 0.5 ^ (age / half-life)
    const scores = new Float64Array(decayed.items.length);
    for (let p = 0; p < decayed.nnz; p++) scores[decayed.indices[p]] += decayed.data[p];
    return trending(decayed, scores, halfLifeDays);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['halfLifeDays'], ['scores']);
    return trending(saved.matrix, r.floats('scores', saved.matrix.items.length), r.option('halfLifeDays', CHECKS.positive));
  },
});
