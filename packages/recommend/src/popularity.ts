import type { InteractionMatrix } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';

/**
 * Popularity: every customer gets the products bought by the most distinct customers (ties: the
 * smaller StockCode). The baseline to beat. O(items) per call.
 *
 * @param matrix - the interactions (a time-decayed matrix still counts distinct customers; build the
 * matrix from recent rows for "recently popular")
 * @returns the recommender
 * @example
 * ```ts
 * popularity(buildInteractions(train)).recommend('12347', 3).map((r) => r.item);
 * // => ['85123A', '22423', '85099B'] (Online Retail before 2011-09-01)
 * ```
 */
export function popularity(matrix: InteractionMatrix): Recommender {
  const pop = Float64Array.from(matrix.popularity);
  return makeRecommender(matrix, {
    name: 'popularity',
    spec: { kind: 'popularity', options: {}, state: {} },
    scoreUser: (_row, out) => out.set(pop),
    scoreItems: (_cols, _w, out) => out.set(pop),
    explainUser: (_row, j) => `bought by ${pop[j]} customers`,
    scoreItem: (_i, out) => out.set(pop),
    explainItem: (_i, j) => `bought by ${pop[j]} customers`,
  });
}
