/**
 * The sparse approximate LDL^T of SANSA's first step, for the Gram matrix of an interaction matrix.
 * Internal to the package (used by {@link sansa}).
 */
import type { InteractionMatrix } from './interactions.js';
import { CscBuilder, keepLargest } from './sparseCsc.js';
import type { Csc } from './sparseCsc.js';

/** An approximate factorisation P S (X^T X + lambda I) S P^T ~ L D L^T. */
export interface GramLdl {
  /** The elimination order: `order[t]` is the product eliminated t-th (ascending Gram degree). */
  readonly order: Int32Array;
  /** The inverse of `order`: the position of each product. */
  readonly position: Int32Array;
  /** The symmetric scaling S: 1 / sqrt(G_ii + lambda) per product (so the scaled diagonal is 1). */
  readonly scale: Float64Array;
  /** The unit lower triangular factor, by positions (diagonal stored, = 1). */
  readonly L: Csc;
  /** D, by position. */
  readonly d: Float64Array;
  /**
   * The pivots reset (0 when the budget is large enough): pivots the dropped entries had pushed below
   * lambda s_i^2, the least value the exact factorisation can have.
   */
  readonly resetPivots: number;
}


/**
 * Incomplete Cholesky of the Gram matrix G = X^T X + lambda I of an interaction matrix, never
 * forming G: the columns are computed when they are eliminated, from the customers who bought the
 * product. Left-looking (each column is updated by the earlier columns with an entry in its row,
 * found through linked lists, as Lin and More's ICFM), in ascending order of Gram degree (products
 * sharing customers with few others first: a static minimum-degree, fill-reducing order), on the
 * symmetric scaling with unit diagonal, and with a global budget of off-diagonal entries shared out
 * over the columns still to come in proportion to the rows each can hold (a column keeps its entries
 * of largest magnitude; what one column leaves unused goes to the later ones). The diagonal is updated by the kept entries only, so that
 * diag(L D L^T) = diag(G). The exact pivots are at least lambda s_i^2 (S G S is at least lambda S^2 in
 * the Loewner order, and so are its Schur complements); a pivot the dropped entries push below that
 * floor is reset to the unit diagonal and its column keeps no off-diagonal entry (its error goes no
 * further), so the factorisation never breaks down and never restarts. With a budget of
 * n(n-1)/2 it is the exact LDL^T.
 *
 * O(sum of squared basket sizes) for the Gram columns (twice: degrees, then values) plus
 * O(sum over kept entries of the length of their columns) for the updates; O(n + budget) memory.
 *
 * @param matrix - the interactions
 * @param lambda - the L2 regularisation
 * @param budget - the off-diagonal entries allowed in L
 * @returns the factorisation
 */
export function gramLdl(matrix: InteractionMatrix, lambda: number, budget: number): GramLdl {
  const n = matrix.items.length;
  const { indptr, indices, data, itemIndptr, itemCustomers, itemData } = matrix;
  // the diagonal and the degrees (distinct co-bought products) of G, in one symbolic pass
  const scale = new Float64Array(n);
  const degree = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let g = lambda;
    let deg = 0;
    for (let q = itemIndptr[i]!; q < itemIndptr[i + 1]!; q++) {
      const u = itemCustomers[q]!;
      g += itemData[q]! * itemData[q]!;
      for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
        const k = indices[p]!;
        if (k !== i && mark[k] !== i) {
          mark[k] = i;
          deg++;
        }
      }
    }
    scale[i] = 1 / Math.sqrt(g);
    degree[i] = deg;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[a]! - degree[b]! || a - b);
  const position = new Int32Array(n);
  for (let t = 0; t < n; t++) position[order[t]!] = t;

  const total = Math.max(0, Math.min(budget, (n * (n - 1)) / 2));
  const Lp = new Int32Array(n + 1);
  const Li = new Int32Array(n + total);
  const Lx = new Float64Array(n + total);
  const d = new Float64Array(n);
  const acc = new Float64Array(n);
  const rows = new Int32Array(n);
  const scratch = new Float64Array(n);
  const next = new Int32Array(n);
  const head = new Int32Array(n);
  const link = new Int32Array(n);

  d.fill(1);
  head.fill(-1);
  mark.fill(-1);
  let nnz = 0;
  let resetPivots = 0;
  for (let j = 0; j < n; j++) {
    const item = order[j]!;
    const si = scale[item]!;
    let count = 0;
    // column j of the scaled, permuted G below the diagonal, from the customers of the product
    for (let q = itemIndptr[item]!; q < itemIndptr[item + 1]!; q++) {
      const u = itemCustomers[q]!;
      const xu = itemData[q]! * si;
      for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
        const k = indices[p]!;
        const t = position[k]!;
        if (t <= j) continue;
        if (mark[t] !== j) {
          mark[t] = j;
          acc[t] = 0;
          rows[count++] = t;
        }
        acc[t]! += xu * data[p]! * scale[k]!;
      }
    }
    // minus the earlier columns k with an entry in row j: L[j:, k] L[j, k]
    let k = head[j]!;
    while (k !== -1) {
      const after = link[k]!;
      let p = next[k]!;
      const ljk = Lx[p]!;
      p++;
      const end = Lp[k + 1]!;
      if (p < end) {
        next[k] = p;
        const r = Li[p]!;
        link[k] = head[r]!;
        head[r] = k;
        for (let q = p; q < end; q++) {
          const t = Li[q]!;
          if (mark[t] !== j) {
            mark[t] = j;
            acc[t] = 0;
            rows[count++] = t;
          }
          acc[t]! -= Lx[q]! * ljk;
        }
      }
      k = after;
    }
    const floor = lambda * si * si;
    let nonzero = 0;
    if (!(d[j]! >= floor)) {
      // a broken pivot: reset to the unit diagonal, as if the earlier columns had not touched it (a
      // pivot near 0 would make 1 / D, and the product's weight in every score, explode), and its
      // column left empty so its error goes no further
      d[j] = 1;
      resetPivots++;
    } else for (let p = 0; p < count; p++) if (acc[rows[p]!] !== 0) rows[nonzero++] = rows[p]!;
    const ljj = Math.sqrt(d[j]!);
    // the budget left, shared out in proportion to the rows each remaining column can hold (n - 1 - t)
    const allowance = Math.floor((2 * (total - (nnz - j))) / (n - j));
    const kept = keepLargest(rows, nonzero, acc, allowance, scratch);
    Li[nnz] = j;
    Lx[nnz++] = ljj;
    for (let p = 0; p < kept; p++) {
      const t = rows[p]!;
      const v = acc[t]! / ljj;
      Li[nnz] = t;
      Lx[nnz++] = v;
      d[t]! -= v * v;
    }
    Lp[j + 1] = nnz;
    if (kept > 0) {
      next[j] = Lp[j]! + 1;
      const r = Li[next[j]!]!;
      link[j] = head[r]!;
      head[r] = j;
    }
  }
  // L L^T -> L D L^T: columns divided by their diagonal, D = diagonal^2
  const out = new CscBuilder(n, Lp[n]!);
  for (let j = 0; j < n; j++) {
    const ljj = Lx[Lp[j]!]!;
    d[j] = ljj * ljj;
    out.reserve(Lp[j + 1]! - Lp[j]!);
    out.push(j, 1);
    for (let p = Lp[j]! + 1; p < Lp[j + 1]!; p++) out.push(Li[p]!, Lx[p]! / ljj);
    out.endColumn();
  }
  return { order, position, scale, L: out.build(), d, resetPivots };
}
