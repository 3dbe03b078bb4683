import { CHECKS, oneOf, optionsObject, optionValue } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { RecommendError } from './errors.js';
import { itemLabel, strongestSource } from './explain.js';
import { denseRowsOf } from './linalg/denseRows.js';
import { easeWeightsWasm } from './linalg/easeWeights.js';
import { fitInputs } from './fitData.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';

/** Options of {@link ease}. */
export interface EaseOptions {
  /**
   * L2 regularisation lambda added to the diagonal of X^T X.
   * @defaultValue {@link EASE_DEFAULTS | EASE_DEFAULTS.lambda}
   */
  readonly lambda?: number;
  /**
   * Refuse more products than this (the model is a dense products x products matrix:
   * 8 x products^2 bytes, and fitting is O(products^3)).
   * @defaultValue {@link EASE_DEFAULTS | EASE_DEFAULTS.maxItems}
   */
  readonly maxItems?: number;
  /**
   * How P = (X^T X + lambda I)^-1 is computed: `'single'` by WebAssembly SIMD kernels in single
   * precision (blocked Cholesky, on every worker thread installed by `useWorkerThreads` of
   * `@shopper-spectrum/recommend/node`; about 15x faster), `'double'` in plain JavaScript in double
   * precision, `'auto'` single where WebAssembly SIMD is available (and double where single
   * precision finds the matrix not positive definite), else double. On Online Retail the two give
   * the same MAP@5 to 4 decimals (the weights agree to about 2e-7). A fit of the same matrix and
   * options as the last one returns the same (read-only) weights.
   * @defaultValue {@link EASE_DEFAULTS | EASE_DEFAULTS.inverse}
   */
  readonly inverse?: 'auto' | 'single' | 'double';
}

/** The ways {@link EaseOptions.inverse} can compute the inverse. */
const INVERSES = Object.freeze({ auto: 'single where WebAssembly SIMD is available, else double', single: 'WebAssembly SIMD, single precision', double: 'JavaScript, double precision' });

/**
 * The defaults of {@link ease}: lambda as tuned on Online Retail before June 2011
 * (`bench/src/tuneEase.ts`), and the largest catalogue fitted.
 *
 * @example
 * ```ts
 * EASE_DEFAULTS;
 * // => { lambda: 500, maxItems: 15000, inverse: 'auto' }
 * ```
 */
export const EASE_DEFAULTS: Readonly<Required<EaseOptions>> = Object.freeze({ lambda: 500, maxItems: 15_000, inverse: 'auto' });

/**
 * Inverts a symmetric positive-definite matrix (row-major, n x n) into a new array, by Cholesky
 * (G = L L^T), then L^-1 (stored transposed), then G^-1 = L^-T L^-1; every inner loop is a dot
 * product of two contiguous rows. O(n^3 / 2) multiply-adds.
 *
 * @param G - the matrix, row-major (not changed)
 * @param n - its order
 * @returns the inverse, row-major
 * @throws {@link RecommendError} `INVALID_OPTION` when the matrix is not positive definite
 * @example
 * ```ts
 * invertSpd(Float64Array.of(4, 2, 2, 3), 2);
 * // => Float64Array [0.375, -0.25, -0.25, 0.5]
 * ```
 */
export function invertSpd(G: Float64Array, n: number): Float64Array {
  const L = Float64Array.from(G);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = L[rj + j]!;
    for (let k = 0; k < j; k++) s -= L[rj + k]! * L[rj + k]!;
    if (!(s > 0)) throw new RecommendError('INVALID_OPTION', 'lambda', s, 'a regularisation large enough to keep X^T X + lambda I positive definite');
    const d = Math.sqrt(s);
    L[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = L[ri + j]!;
      for (let k = 0; k < j; k++) t -= L[ri + k]! * L[rj + k]!;
      L[ri + j] = t / d;
    }
  }
  // Mt[j][k] = (L^-1)[k][j] for k >= j
  const Mt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const inv = 1 / L[ri + i]!;
    Mt[i * n + i] = inv;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let t = 0;
      for (let k = j; k < i; k++) t += L[ri + k]! * Mt[rj + k]!;
      Mt[rj + i] = -t * inv;
    }
  }
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let t = 0;
      for (let k = i; k < n; k++) t += Mt[ri + k]! * Mt[rj + k]!;
      P[ri + j] = t;
      P[rj + i] = t;
    }
  }
  return P;
}

/**
 * EASE (Steck 2019): a products x products weight matrix B learned in closed form, B = I - P
 * diag(1 / diag P) with P = (X^T X + lambda I)^-1 and a zero diagonal; a customer's scores are
 * x_u B. One parameter, often the strongest simple model on implicit data. Dense (single precision):
 * O(products^2) memory and O(products^3) fit (3,665 products: about 2.7 s on one thread, 1.5 s on
 * two with `useWorkerThreads`, 35 s with `inverse: 'double'`), refused past `maxItems`.
 *
 * @param matrix - the interactions (binary is usual)
 * @param options - lambda and the size limit ({@link EASE_DEFAULTS})
 * @returns the recommender
 * @throws {@link RecommendError} `TOO_LARGE` past `maxItems`, `INVALID_OPTION` for lambda <= 0,
 * `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix} (see {@link checkMatrix})
 * @example
 * ```ts
 * ease(buildInteractions(train)).name;
 * // => 'ease (lambda 500)'
 * ```
 */
export function ease(matrix: InteractionMatrix, options: EaseOptions = {}): Recommender {
  checkMatrix(matrix);
  options = optionsObject(options);
  const lambda = optionValue(options.lambda, EASE_DEFAULTS.lambda, 'lambda', CHECKS.positive);
  const n = matrix.items.length;
  const maxItems = optionValue(options.maxItems, EASE_DEFAULTS.maxItems, 'maxItems', CHECKS.positiveIntegerOrInfinity);
  const inverse = optionValue(options.inverse, EASE_DEFAULTS.inverse, 'inverse', oneOf(INVERSES));
  if (n > maxItems) throw new RecommendError('TOO_LARGE', 'matrix', `${n} products`, `at most ${maxItems} products for EASE (a dense ${n} x ${n} matrix needs ${((8 * n * n) / 2 ** 30).toFixed(1)} GiB); use itemKnn`);
  // the same matrix and options give the same weights: the last fit of each matrix is kept (a
  // learned ranker and an ease model fitted on one FitData share it; the weights are read-only)
  const key = `${lambda}|${inverse === 'double' ? 'double' : 'single'}`;
  const known = LAST_FIT.get(matrix);
  if (known?.key === key) return easeFrom(matrix, lambda, known.B);
  const weights = easeWeights(matrix, lambda, inverse);
  const B = (n > 0 ? denseRowsOf(weights, n)?.B : undefined) ?? weights;
  LAST_FIT.set(matrix, { key, B });
  return easeFrom(matrix, lambda, B);
}

/** The last weights fitted on each matrix (one per matrix, so a sweep over lambda keeps only the last), with their options. */
const LAST_FIT = new WeakMap<InteractionMatrix, { readonly key: string; readonly B: Float32Array }>();

function easeWeights(matrix: InteractionMatrix, lambda: number, inverse: 'auto' | 'single' | 'double'): Float32Array {
  const n = matrix.items.length;
  const gramRow = gramRows(matrix, lambda);
  let single: Float32Array | null = null;
  if (inverse === 'single') single = easeWeightsWasm(n, gramRow);
  else if (inverse === 'auto') {
    try {
      single = easeWeightsWasm(n, gramRow);
    } catch (error) {
      // not positive definite in single precision, or more memory than WebAssembly's 4 GiB: in double
      if (!(error instanceof RangeError) && !(error instanceof RecommendError && error.code === 'INVALID_OPTION')) throw error;
    }
  }
  if (!single && inverse === 'single') throw new RecommendError('INVALID_OPTION', 'inverse', inverse, "'double' or 'auto' (this runtime has no WebAssembly SIMD)");
  if (single) return single;
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) gramRow(i, G.subarray(i * n, i * n + i + 1));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) G[j * n + i] = G[i * n + j]!;
  return easeWeightsDouble(G, n);
}

/**
 * The rows of G = X^T X + lambda I, item by item: gramRow(i, out) writes G[i][0..i] (out has i + 1
 * entries). Row i sums the rows of the customers who bought product i, so the writes stay in one
 * row (in cache) and only the lower part is computed.
 */
function gramRows(matrix: InteractionMatrix, lambda: number): (i: number, out: Float32Array | Float64Array) => void {
  const { indptr, indices, data, itemIndptr, itemCustomers, itemData } = matrix;
  const acc = new Float64Array(matrix.items.length);
  return (i, out) => {
    acc.fill(0, 0, i + 1);
    for (let p = itemIndptr[i]!; p < itemIndptr[i + 1]!; p++) {
      const u = itemCustomers[p]!;
      const xi = itemData[p]!;
      for (let q = indptr[u]!; q < indptr[u + 1]!; q++) {
        const j = indices[q]!;
        if (j <= i) acc[j]! += xi * data[q]!;
      }
    }
    acc[i]! += lambda;
    for (let j = 0; j <= i; j++) out[j] = acc[j]!;
  };
}

/** B[i][j] = -P[i][j] / P[j][j] with P = G^-1 in double precision, diagonal 0, kept in single precision (half the memory, and what is saved). */
function easeWeightsDouble(G: Float64Array, n: number): Float32Array {
  const P = invertSpd(G, n);
  const B = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) B[ri + j] = i === j ? 0 : -P[ri + j]! / P[j * n + j]!;
  }
  return B;
}

function easeFrom(matrix: InteractionMatrix, lambda: number, weights: Float32Array): Recommender {
  const n = matrix.items.length;
  const { indptr, indices, data } = matrix;
  // the weights in WebAssembly memory, rows added by SIMD (the same bits as the loop below)
  const dense = n > 0 ? denseRowsOf(weights, n) : null;
  const B = dense?.B ?? weights;
  const addRow = (i: number, x: number, out: Float64Array) => {
    const ri = i * n;
    for (let j = 0; j < n; j++) out[j]! += x * B[ri + j]!;
  };
  return makeRecommender(matrix, {
    name: `ease (lambda ${lambda})`,
    spec: { kind: 'ease', options: { lambda }, state: { B } },
    scoreUser(row, out) {
      const from = indptr[row]!;
      const to = indptr[row + 1]!;
      if (dense) dense.addRows(indices.subarray(from, to), data.subarray(from, to), to - from, out);
      else for (let p = from; p < to; p++) addRow(indices[p]!, data[p]!, out);
    },
    scoreItems(cols, weights, out) {
      if (dense) dense.addRows(cols, weights, cols.length, out);
      else cols.forEach((i, t) => addRow(i, weights[t]!, out));
    },
    explainUser(row, j, history) {
      const best = strongestSource(matrix, row, history, (i, o) => B[i * n + o]!, j);
      return best < 0 ? 'learned from similar baskets' : `goes with ${itemLabel(matrix, best)}, which you bought`;
    },
    scoreItem(i, out) {
      for (let j = 0; j < n; j++) out[j] = B[i * n + j]!;
    },
    explainItem: (i) => `bought with ${itemLabel(matrix, i)} (EASE weight)`,
  });
}

/** Options of `fitRecommender('ease', data, options)`: {@link EaseOptions} and the matrix to build. */
export interface EaseFitOptions extends EaseOptions {
  /**
   * The matrix built when fitting from a table.
   * @defaultValue {@link INTERACTION_DEFAULTS} (binary)
   */
  readonly interactions?: InteractionOptions;
}

/** The `'ease'` definition. */
export const EASE_DEFINITION: RecommenderDefinition<EaseFitOptions> = defineRecommender<EaseFitOptions>({
  kind: 'ease',
  description: 'EASE (Steck 2019): a closed-form linear autoencoder over products, one dense products x products matrix',
  defaults: Object.freeze({ ...EASE_DEFAULTS, interactions: INTERACTION_DEFAULTS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INTERACTION_DEFAULTS);
    return ease(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['lambda'], ['B']);
    const n = saved.matrix.items.length;
    const B = r.float32s('B', n * n);
    for (let i = 0; i < n; i++) if (B[i * n + i] !== 0) r.fail(`B[${i * n + i}]`, B[i * n + i], `0 (the diagonal of the ${n} x ${n} weights)`);
    return easeFrom(saved.matrix, r.option('lambda', CHECKS.positive), B);
  },
});
