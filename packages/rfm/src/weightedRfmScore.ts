import { RfmError } from './errors.js';
import type { RfmScores } from './rfmScores.js';

/** Options of {@link weightedRfmScore}. */
export interface WeightedScoreOptions {
  /**
   * Weights of R, F and M.
   * @defaultValue {@link WEIGHTED_RFM_DEFAULTS | WEIGHTED_RFM_DEFAULTS.weights} (`[1, 1, 1]`: the plain sum, as `scores.total`)
   */
  readonly weights?: readonly [number, number, number];
}

/**
 * The defaults of {@link weightedRfmScore}, in one place: R, F and M weigh the same, so the score is
 * the plain sum `scores.total`.
 *
 * @example
 * ```ts
 * WEIGHTED_RFM_DEFAULTS;
 * // => { weights: [1, 1, 1] }
 * ```
 */
export const WEIGHTED_RFM_DEFAULTS: Readonly<Required<WeightedScoreOptions>> = Object.freeze({
  weights: Object.freeze([1, 1, 1] as const),
});

/**
 * A single RFM score per customer: `wR x R + wF x F + wM x M`. O(n).
 *
 * @param scores - the scores ({@link rfmScores})
 * @param options - the weights
 * @returns one score per customer
 * @throws {@link RfmError} `INVALID_OPTION` when the weights are not three finite numbers
 * @example
 * ```ts
 * weightedRfmScore(scores, { weights: [0.2, 0.3, 0.5] })[0];
 * // => 4.2 (for a customer scored 5, 4, 4)
 * ```
 */
export function weightedRfmScore(scores: RfmScores, options: WeightedScoreOptions = {}): Float64Array {
  const w = options.weights ?? WEIGHTED_RFM_DEFAULTS.weights;
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => Number.isFinite(x))) {
    throw new RfmError('INVALID_OPTION', 'weights', w, 'three finite numbers [wR, wF, wM]');
  }
  const [wr, wf, wm] = w;
  const out = new Float64Array(scores.length);
  for (let i = 0; i < out.length; i++) out[i] = wr * scores.r[i]! + wf * scores.f[i]! + wm * scores.m[i]!;
  return out;
}
