import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { fitInputs } from './fitData.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/**
 * Popularity: every customer gets the products bought by the most distinct customers (ties: the
 * smaller StockCode). The baseline to beat. O(items) per call.
 *
 * @param matrix - the interactions (a time-decayed matrix still counts distinct customers; build the
 * matrix from recent rows for "recently popular")
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix})
 * @example
 * ```ts
 * popularity(buildInteractions(train)).recommend('12347', 3).map((r) => r.item);
 * // => ['85123A', '22423', '85099B'] (Online Retail before 2011-09-01)
 * ```
 */
export function popularity(matrix: InteractionMatrix): Recommender {
  checkMatrix(matrix);
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

/** Options of `fitRecommender('popularity', data, options)`. */
export interface PopularityFitOptions {
  /**
   * The matrix built when fitting from a table (popularity counts distinct customers whatever the
   * weight).
   * @defaultValue {@link INTERACTION_DEFAULTS}
   */
  readonly interactions?: InteractionOptions;
}

/** The `'popularity'` definition. */
export const POPULARITY_DEFINITION: RecommenderDefinition<PopularityFitOptions> = defineRecommender<PopularityFitOptions>({
  kind: 'popularity',
  description: 'the products bought by the most distinct customers',
  defaults: Object.freeze({ interactions: INTERACTION_DEFAULTS }),
  fit: (data, given) => popularity(fitInputs(data, given, INTERACTION_DEFAULTS).matrix),
  restore(saved) {
    savedModelReader(saved).only([], []);
    return popularity(saved.matrix);
  },
});
