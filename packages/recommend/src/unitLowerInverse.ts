/**
 * SANSA's second step: a sparse approximate inverse of a unit lower triangular matrix. Internal to
 * the package (used by {@link sansa}).
 */
import { multiplyColumns, pruneToBudget } from './sparseCsc.js';
import type { Csc } from './sparseCsc.js';

/** Options of {@link unitLowerInverse}. */
export interface UnitLowerInverseOptions {
  /** The off-diagonal entries the inverse may keep (pruned to after every step). */
  readonly budget: number;
  /** The entries any one column of an intermediate product may keep. */
  readonly columnCap: number;
  /** The most refinement steps. */
  readonly maxIterations: number;
  /** Stop once the residual (below) is at or under this. */
  readonly tolerance: number;
}

/** The inverse found, and how the refinement went. */
export interface UnitLowerInverse {
  /** M ~ L^-1, unit lower triangular. */
  readonly inverse: Csc;
  /** Refinement steps taken (each kept only when it lowered the residual). */
  readonly iterations: number;
  /** Whether the residual reached the tolerance. */
  readonly converged: boolean;
  /** ||I - L M||_F^2 / n: the squared relative Frobenius norm of the residual (the paper's loss). */
  readonly residual: number;
}

/**
 * A sparse approximate inverse of a unit lower triangular L by Schultz (Newton-Schulz) refinement
 * with pruning: M_0 = 2I - L (one Schultz step from I, the paper's starting guess), then M_{k+1} =
 * M_k (I + R_k) with R_k = I - L M_k, each product cut to `columnCap` entries per column and the
 * result pruned to the `budget` off-diagonal entries of largest magnitude (SANSA's global
 * sparsification: some columns keep more than others). Without pruning R_{k+1} = R_k^2, and since
 * R_0 = (L - I)^2 is nilpotent the iteration is exact after ceil(log2(n)) steps (its residual may
 * grow on the way: such exact steps are kept); with pruning the residual falls to the pruning error
 * and stops improving, where the iteration stops (a pruned step that does not lower the residual is
 * not kept). Deterministic.
 *
 * O(iterations x (nnz(M) x the mean column length of L + nnz(R) x the mean column length of M)) time,
 * O(n x columnCap) memory.
 *
 * @param L - a unit lower triangular matrix (diagonal stored)
 * @param options - budget, cap, steps and tolerance
 * @returns the inverse and the refinement's report
 */
export function unitLowerInverse(L: Csc, options: UnitLowerInverseOptions): UnitLowerInverse {
  const n = L.n;
  const { budget, columnCap, maxIterations, tolerance } = options;
  // M_0 = 2I - L
  const data = L.data.slice();
  for (let j = 0; j < n; j++) for (let p = L.indptr[j]!; p < L.indptr[j + 1]!; p++) data[p] = L.indices[p] === j ? 1 : -data[p]!;
  let M: Csc = pruneToBudget({ n, indptr: L.indptr, indices: L.indices, data }, budget);
  const residualOf = (m: Csc) => {
    const { product, squaredNorm, cut } = multiplyColumns(L, m, { identityMinus: true, cap: columnCap });
    return { R: product, residual: n > 0 ? squaredNorm / n : 0, cut };
  };
  let { R, residual, cut } = residualOf(M);
  let iterations = 0;
  while (residual > tolerance && iterations < maxIterations) {
    const step = multiplyColumns(M, R, { plusIdentity: true, cap: columnCap });
    const candidate = pruneToBudget(step.product, budget);
    const after = residualOf(candidate);
    // an exact step (nothing cut or pruned) is always kept: the residual of the unpruned iteration
    // can grow before it vanishes (R_k = R_0^(2^k), R_0 nilpotent); a pruned one only if it helps
    const exact = cut === 0 && step.cut === 0 && candidate === step.product;
    if (!exact && !(after.residual < residual)) break;
    iterations++;
    M = candidate;
    ({ R, residual, cut } = after);
  }
  return { inverse: M, iterations, converged: residual <= tolerance, residual };
}
