import { CHECKS, optionsObject, optionValue } from './checks.js';
import type { Check } from './checks.js';
import { checkMatrix } from './checkMatrix.js';
import { defineRecommender } from './definition.js';
import type { RecommenderDefinition } from './definition.js';
import { EASE_DEFAULTS } from './ease.js';
import { RecommendError } from './errors.js';
import { itemLabel, strongestSource } from './explain.js';
import { fitInputs } from './fitData.js';
import { gramLdl } from './gramLdl.js';
import { INTERACTION_DEFAULTS } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { savedModelReader } from './savedModel.js';
import { pruneToBudget } from './sparseCsc.js';
import { unitLowerInverse } from './unitLowerInverse.js';

/** Options of {@link sansa}. */
export interface SansaOptions {
  /**
   * L2 regularisation lambda added to the diagonal of X^T X (the same model as EASE's lambda).
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.lambda} (EASE's)
   */
  readonly lambda?: number;
  /**
   * The weights budget: off-diagonal nonzeros per product, on average, in the factor L and in the
   * approximate inverse W (the model keeps about products x (weightsPerProduct + 1) weights). At
   * `products - 1` or more the model is exact EASE.
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.weightsPerProduct}
   */
  readonly weightsPerProduct?: number;
  /**
   * How many times `weightsPerProduct` the incomplete factorisation keeps per product while it
   * factors (fewer entries dropped while factoring, so fewer errors carried on), before the factor
   * is pruned to `weightsPerProduct`: quality and fit time grow with it.
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.factorFill}
   */
  readonly factorFill?: number;
  /**
   * The most Schultz refinement steps of the inverse.
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.maxIterations}
   */
  readonly maxIterations?: number;
  /**
   * Stop refining once ||I - L W||_F^2 / products is at or under this.
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.tolerance}
   */
  readonly tolerance?: number;
  /**
   * Refuse more products than this.
   * @defaultValue {@link SANSA_DEFAULTS | SANSA_DEFAULTS.maxItems}
   */
  readonly maxItems?: number;
}

/**
 * The defaults of {@link sansa}: EASE's lambda, 50 weights per product (a factorisation keeping 8
 * times that while it factors: on Online Retail the factor's quality, not the final budget, decides
 * how close SANSA comes to EASE), up to 3 refinement steps of the inverse (more rarely help once it is
 * pruned; an exact inverse needs up to ceil(log2(products))), and a limit of 1,000,000 products.
 *
 * @example
 * ```ts
 * SANSA_DEFAULTS;
 * // => { lambda: 500, weightsPerProduct: 50, factorFill: 8, maxIterations: 3, tolerance: 1e-14, maxItems: 1000000 }
 * ```
 */
export const SANSA_DEFAULTS: Readonly<Required<SansaOptions>> = Object.freeze({
  lambda: EASE_DEFAULTS.lambda,
  weightsPerProduct: 50,
  factorFill: 8,
  maxIterations: 3,
  tolerance: 1e-14,
  maxItems: 1_000_000,
});

/** The most weights a model may hold (products x (weightsPerProduct + 1)): typed arrays stay well inside 2^31 entries. */
const MAX_WEIGHTS = 2 ** 28;

/** How a fit went: saved with the model, as `model.spec.state.report`. */
export interface SansaReport {
  /** Refinement steps of the inverse kept. */
  readonly iterations: number;
  /** Whether the inverse's residual reached the tolerance. */
  readonly converged: boolean;
  /** ||I - L W||_F^2 / products at the end (0 for an exact inverse). */
  readonly residual: number;
  /** Pivots of the incomplete factorisation that broke down and were reset (see the TSDoc of `sansa`): many mean the budget is too small for the data. */
  readonly resetPivots: number;
  /** Off-diagonal entries of the factor L. */
  readonly factorNonzeros: number;
  /** Entries of W, the model's weights. */
  readonly weightNonzeros: number;
}

/** What the model holds: W by product (its columns), D^-1, and the report. */
interface SansaState {
  /** Offsets of each product's column of W (products + 1). */
  readonly indptr: Int32Array;
  /** The latent index k of each weight. */
  readonly latent: Int32Array;
  /** W[k][product]. */
  readonly weights: Float32Array;
  /** 1 / D[k]. */
  readonly inverseD: Float64Array;
  /** How the fit went. */
  readonly report: SansaReport;
}

/**
 * SANSA (Spisak, Bartyzel, Kasprzak, Pelikan, "Scalable Approximate NonSymmetric Autoencoder for
 * Collaborative Filtering", RecSys 2023): EASE past one dense matrix. EASE's weights are B = I - P
 * diag(1 / diag P) with P = (X^T X + lambda I)^-1; SANSA never forms P. The Gram matrix is factored
 * by a sparse incomplete LDL^T in a fill-reducing order (Q S G S Q^T ~ L D L^T, S the scaling to a
 * unit diagonal, with a budget of entries), L's inverse is approximated by a sparse W0 (Schultz
 * refinement with global pruning), and P ~ W^T D^-1 W with W = W0 Q S. A customer's scores are then
 * two sparse products in sequence, x - ((x W^T) D^-1 W) diag(1 / diag P), the diagonal of P being
 * the column sums of W^2 D^-1: the same scores as EASE, approximately (exactly with a budget of
 * products - 1 and ceil(log2(products)) refinement steps). Scores computed, not stored: no products x
 * products array anywhere.
 *
 * Fit O(sum of squared basket sizes + products x (factorFill x weightsPerProduct)^2) for the
 * factorisation (which dominates) plus O(maxIterations x products x weightsPerProduct^2) for the
 * inverse, in O(products x factorFill x weightsPerProduct) memory; a customer's scores O(their
 * products x the length of their columns of W + the latent rows touched x their length, at most
 * the model's weights). The incomplete factorisation cannot break down: a pivot pushed by
 * the dropped entries below lambda / (G_ii + lambda), the least an exact pivot can be, is reset to the
 * unit diagonal, its column emptied (counted in `resetPivots`: when there are many, raise
 * `factorFill`: they are the sign of a factor too sparse for the data, and on Online Retail 7 of
 * them came with half EASE's MAP@5). The fit report is `model.spec.state.report` ({@link SansaReport}).
 *
 * @param matrix - the interactions (binary is usual)
 * @param options - lambda, the weights budget, the refinement and the size limit ({@link SANSA_DEFAULTS})
 * @returns the recommender
 * @throws {@link RecommendError} `INVALID_OPTION` for a lambda <= 0, a weightsPerProduct or
 * maxIterations that is not a positive integer, a negative tolerance, and when the approximation
 * fails (the sparse inverse's residual ||I - L W||_F^2 / n stays at or above 1, or a weight is not
 * finite: the budget is too small for the data); `TOO_LARGE` past `maxItems` or
 * past 2^28 weights; `INVALID_ARGUMENT` for anything but an {@link InteractionMatrix}
 * @example
 * ```ts
 * const model = sansa(buildInteractions(train), { weightsPerProduct: 100 });
 * [model.kind, model.name];
 * // => ['sansa', 'sansa (lambda 500, 100 weights per product)']
 * ```
 */
export function sansa(matrix: InteractionMatrix, options: SansaOptions = {}): Recommender {
  checkMatrix(matrix);
  options = optionsObject(options);
  const lambda = optionValue(options.lambda, SANSA_DEFAULTS.lambda, 'lambda', CHECKS.positive);
  const perProduct = optionValue(options.weightsPerProduct, SANSA_DEFAULTS.weightsPerProduct, 'weightsPerProduct', CHECKS.positiveInteger);
  const factorFill = optionValue(options.factorFill, SANSA_DEFAULTS.factorFill, 'factorFill', CHECKS.positiveInteger);
  const maxIterations = optionValue(options.maxIterations, SANSA_DEFAULTS.maxIterations, 'maxIterations', CHECKS.positiveInteger);
  const tolerance = optionValue(options.tolerance, SANSA_DEFAULTS.tolerance, 'tolerance', CHECKS.nonNegative);
  const maxItems = optionValue(options.maxItems, SANSA_DEFAULTS.maxItems, 'maxItems', CHECKS.positiveIntegerOrInfinity);
  const n = matrix.items.length;
  if (n > maxItems) throw new RecommendError('TOO_LARGE', 'matrix', `${n} products`, `at most ${maxItems} products (maxItems)`);
  const per = Math.min(perProduct, Math.max(0, n - 1));
  if (n * (per + 1) > MAX_WEIGHTS) throw new RecommendError('TOO_LARGE', 'weightsPerProduct', perProduct, `at most ${Math.floor(MAX_WEIGHTS / n) - 1} weights per product for ${n} products (2^28 weights in all)`);
  if (n * (Math.min(n - 1, per * factorFill) + 1) > MAX_WEIGHTS) throw new RecommendError('TOO_LARGE', 'factorFill', factorFill, `at most ${Math.max(1, Math.floor((MAX_WEIGHTS / n - 1) / Math.max(1, per)))} for ${n} products and ${per} weights per product (2^28 factor entries in all)`);
  const budget = n * per;
  const ldl = gramLdl(matrix, lambda, n * Math.min(n - 1, per * factorFill));
  const L = pruneToBudget(ldl.L, budget);
  const inv = unitLowerInverse(L, { budget, columnCap: Math.min(n, 2 * per + 16), maxIterations, tolerance });
  // W[:, product] = W0[:, position] x scale[product]
  const W0 = inv.inverse;
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = ldl.position[i]!;
    indptr[i + 1] = indptr[i]! + W0.indptr[t + 1]! - W0.indptr[t]!;
  }
  const latent = new Int32Array(indptr[n]!);
  const weights = new Float32Array(indptr[n]!);
  for (let i = 0; i < n; i++) {
    const t = ldl.position[i]!;
    const s = ldl.scale[i]!;
    let at = indptr[i]!;
    for (let p = W0.indptr[t]!; p < W0.indptr[t + 1]!; p++, at++) {
      latent[at] = W0.indices[p]!;
      weights[at] = W0.data[p]! * s;
    }
  }
  if (!(inv.residual < 1)) {
    throw new RecommendError('INVALID_OPTION', 'weightsPerProduct', perProduct, `a larger weights budget, factorFill or lambda: the sparse inverse of the factor did not converge (||I - L W||_F^2 / n = ${inv.residual.toPrecision(3)} after ${inv.iterations} steps, where 1 is no better than none)`);
  }
  for (let p = 0; p < weights.length; p++) {
    if (!Number.isFinite(weights[p]!)) throw new RecommendError('INVALID_OPTION', 'weightsPerProduct', perProduct, `a larger weights budget or factorFill (the approximation of ${n} products did not stay finite)`);
  }
  const inverseD = ldl.d.map((v) => 1 / v);
  const report: SansaReport = {
    iterations: inv.iterations,
    converged: inv.converged,
    residual: inv.residual,
    resetPivots: ldl.resetPivots,
    factorNonzeros: L.indptr[n]! - n,
    weightNonzeros: latent.length,
  };
  return sansaFrom(matrix, { lambda, weightsPerProduct: perProduct, factorFill, maxIterations, tolerance }, { indptr, latent, weights, inverseD, report });
}

/** The options a model saves (maxItems is a limit of the fit, not part of the model). */
interface SavedSansaOptions {
  readonly lambda: number;
  readonly weightsPerProduct: number;
  readonly factorFill: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

function sansaFrom(matrix: InteractionMatrix, options: SavedSansaOptions, state: SansaState): Recommender {
  const n = matrix.items.length;
  const { indptr, latent, weights, inverseD } = state;
  // diag P = column sums of W^2 D^-1
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) s += weights[p]! * weights[p]! * inverseD[latent[p]!]!;
    diagonal[i] = s;
  }
  // the rows of W, each weight divided by its product's diag P: the second product
  const rowPtr = new Int32Array(n + 1);
  for (let p = 0; p < latent.length; p++) rowPtr[latent[p]! + 1]!++;
  for (let k = 0; k < n; k++) rowPtr[k + 1]! += rowPtr[k]!;
  const rowItems = new Int32Array(latent.length);
  const rowWeights = new Float32Array(latent.length);
  const fill = rowPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
      const at = fill[latent[p]!]!++;
      rowItems[at] = i;
      rowWeights[at] = weights[p]! / diagonal[i]!;
    }
  }
  const code = new Float64Array(n);
  const touched = new Int32Array(n);
  const seen = new Uint8Array(n);
  /** out += x B for a sparse x: out_j += x_j - ((x W^T) D^-1 W)_j / P_jj. */
  const score = (count: number, item: (t: number) => number, value: (t: number) => number, out: Float64Array) => {
    let m = 0;
    for (let t = 0; t < count; t++) {
      const i = item(t);
      const x = value(t);
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
        const k = latent[p]!;
        if (seen[k] === 0) {
          seen[k] = 1;
          touched[m++] = k;
        }
        code[k]! += x * weights[p]!;
      }
    }
    for (let q = 0; q < m; q++) {
      const k = touched[q]!;
      const v = code[k]! * inverseD[k]!;
      code[k] = 0;
      seen[k] = 0;
      for (let p = rowPtr[k]!; p < rowPtr[k + 1]!; p++) out[rowItems[p]!]! -= v * rowWeights[p]!;
    }
    for (let t = 0; t < count; t++) out[item(t)]! += value(t);
  };
  /** B[i][j] (0 on the diagonal): a merge of the two products' columns of W. */
  const weightOf = (i: number, j: number): number => {
    if (i === j) return 0;
    let p = indptr[i]!;
    let q = indptr[j]!;
    const pe = indptr[i + 1]!;
    const qe = indptr[j + 1]!;
    let s = 0;
    while (p < pe && q < qe) {
      const a = latent[p]!;
      const b = latent[q]!;
      if (a === b) s += weights[p++]! * weights[q++]! * inverseD[a]!;
      else if (a < b) p++;
      else q++;
    }
    return -s / diagonal[j]!;
  };
  const { indptr: rows, indices, data } = matrix;
  return makeRecommender(matrix, {
    name: `sansa (lambda ${options.lambda}, ${options.weightsPerProduct} weights per product)`,
    spec: { kind: 'sansa', options: { ...options }, state: { ...state, report: { ...state.report } } },
    scoreUser(row, out) {
      const start = rows[row]!;
      score(rows[row + 1]! - start, (t) => indices[start + t]!, (t) => data[start + t]!, out);
    },
    scoreItems(cols, ws, out) {
      score(cols.length, (t) => cols[t]!, (t) => ws[t]!, out);
    },
    explainUser(row, j, history) {
      const best = strongestSource(matrix, row, history, weightOf, j);
      return best < 0 ? 'learned from similar baskets' : `goes with ${itemLabel(matrix, best)}, which you bought`;
    },
    scoreItem(i, out) {
      score(1, () => i, () => 1, out);
      out[i] = 0;
    },
    explainItem: (i) => `bought with ${itemLabel(matrix, i)} (SANSA weight)`,
  });
}

/** Options of `fitRecommender('sansa', data, options)`: {@link SansaOptions} and the matrix to build. */
export interface SansaFitOptions extends SansaOptions {
  /**
   * The matrix built when fitting from a table.
   * @defaultValue {@link INTERACTION_DEFAULTS} (binary)
   */
  readonly interactions?: InteractionOptions;
}

const REPORT_NUMBERS: Check<number> = CHECKS.nonNegative;

/** The `'sansa'` definition. */
export const SANSA_DEFINITION: RecommenderDefinition<SansaFitOptions> = defineRecommender<SansaFitOptions>({
  kind: 'sansa',
  description: 'SANSA (Spisak et al. 2023): EASE approximated by two sparse factors, for catalogues too large for one dense matrix',
  defaults: Object.freeze({ ...SANSA_DEFAULTS, interactions: INTERACTION_DEFAULTS }),
  fit(data, given) {
    const { matrix, options } = fitInputs(data, given, INTERACTION_DEFAULTS);
    return sansa(matrix, options);
  },
  restore(saved) {
    const r = savedModelReader(saved);
    r.only(['lambda', 'weightsPerProduct', 'factorFill', 'maxIterations', 'tolerance'], ['indptr', 'latent', 'weights', 'inverseD', 'report']);
    const n = saved.matrix.items.length;
    const options: SavedSansaOptions = {
      lambda: r.option('lambda', CHECKS.positive),
      weightsPerProduct: r.option('weightsPerProduct', CHECKS.positiveInteger),
      factorFill: r.option('factorFill', CHECKS.positiveInteger),
      maxIterations: r.option('maxIterations', CHECKS.positiveInteger),
      tolerance: r.option('tolerance', CHECKS.nonNegative),
    };
    const indptr = r.offsets('indptr', n, (saved.state.latent as { length?: number } | undefined)?.length ?? -1);
    const latent = r.indices('latent', indptr, n, true);
    const weights = r.float32s('weights', latent.length);
    const inverseD = r.floats('inverseD', n, 0);
    // every product's column holds a nonzero weight (W0 is unit triangular), so diag P > 0
    for (let i = 0; i < n; i++) {
      let nonzero = false;
      for (let p = indptr[i]!; p < indptr[i + 1]! && !nonzero; p++) nonzero = weights[p] !== 0;
      if (!nonzero) r.fail(`indptr[${i + 1}]`, indptr[i + 1], `an offset leaving product ${i} a nonzero weight (diag P > 0)`);
    }
    const found = saved.state.report;
    const raw: Record<string, unknown> = found !== null && typeof found === 'object' && !Array.isArray(found) ? (found as Record<string, unknown>) : r.fail('report', found, 'the fit report { iterations, converged, residual, resetPivots, factorNonzeros, weightNonzeros }');
    const num = (field: keyof SansaReport, check: Check<number>): number => {
      const v = raw[field];
      return check.test(v) ? v : r.fail(`report.${field}`, v, check.allowed);
    };
    if (typeof raw.converged !== 'boolean') r.fail('report.converged', raw.converged, CHECKS.boolean.allowed);
    const report: SansaReport = {
      iterations: num('iterations', CHECKS.nonNegativeInteger),
      converged: raw.converged as boolean,
      residual: num('residual', REPORT_NUMBERS),
      resetPivots: num('resetPivots', CHECKS.nonNegativeInteger),
      factorNonzeros: num('factorNonzeros', CHECKS.nonNegativeInteger),
      weightNonzeros: num('weightNonzeros', CHECKS.nonNegativeInteger),
    };
    if (report.weightNonzeros !== latent.length) r.fail('report.weightNonzeros', report.weightNonzeros, `${latent.length} (the weights saved)`);
    return sansaFrom(saved.matrix, options, { indptr, latent, weights, inverseD, report });
  },
});
