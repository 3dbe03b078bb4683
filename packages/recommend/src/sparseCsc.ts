/**
 * Square sparse matrices by columns (CSC), and the few kernels the sparse approximate EASE
 * ({@link sansa}) needs: a product with a per-column cap on the entries kept, and pruning to a
 * global budget. Internal to the package.
 */

/** A square n x n matrix in compressed sparse columns (row indices ascending within a column). */
export interface Csc {
  /** The order. */
  readonly n: number;
  /** Column offsets (n + 1). */
  readonly indptr: Int32Array;
  /** Row indices. */
  readonly indices: Int32Array;
  /** Values. */
  readonly data: Float64Array;
}

/** Growable column storage: the output of a column-by-column kernel. */
export class CscBuilder {
  private indices: Int32Array;
  private data: Float64Array;
  private readonly indptr: Int32Array;
  private nnz = 0;
  private column = 0;

  /**
   * @param n - the order
   * @param capacity - the initial number of entries held (grows by doubling)
   */
  constructor(
    private readonly n: number,
    capacity: number,
  ) {
    const c = Math.max(16, Math.min(capacity, 2 ** 30));
    this.indices = new Int32Array(c);
    this.data = new Float64Array(c);
    this.indptr = new Int32Array(n + 1);
  }

  /** Makes room for `more` entries. */
  reserve(more: number): void {
    if (this.nnz + more <= this.indices.length) return;
    let c = this.indices.length * 2;
    while (c < this.nnz + more) c *= 2;
    const indices = new Int32Array(c);
    indices.set(this.indices.subarray(0, this.nnz));
    const data = new Float64Array(c);
    data.set(this.data.subarray(0, this.nnz));
    this.indices = indices;
    this.data = data;
  }

  /** Appends one entry of the current column (call {@link reserve} first). */
  push(row: number, value: number): void {
    this.indices[this.nnz] = row;
    this.data[this.nnz++] = value;
  }

  /** Closes the current column. */
  endColumn(): void {
    this.indptr[++this.column] = this.nnz;
  }

  /** The matrix (every column must be closed). */
  build(): Csc {
    if (this.column !== this.n) throw new Error(`CscBuilder: ${this.column} of ${this.n} columns closed`);
    return { n: this.n, indptr: this.indptr, indices: this.indices.slice(0, this.nnz), data: this.data.slice(0, this.nnz) };
  }
}

/**
 * The `k`-th largest of `a[0..count)` (k from 1), by an in-place quickselect with a median-of-three
 * pivot: O(count) expected. `a` is reordered.
 */
export function kthLargest(a: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

/**
 * Keeps the `cap` entries of largest magnitude among `rows[0..count)` (values in `values[row]`):
 * moves them to the front of `rows`, sorted by row, and returns how many were kept. Ties at the
 * threshold go to the smaller rows, so the choice is a function of the values only.
 */
export function keepLargest(rows: Int32Array, count: number, values: Float64Array, cap: number, scratch: Float64Array): number {
  if (count <= cap) {
    rows.subarray(0, count).sort();
    return count;
  }
  if (cap <= 0) return 0;
  for (let p = 0; p < count; p++) scratch[p] = Math.abs(values[rows[p]!]!);
  const t = kthLargest(scratch, count, cap);
  let kept = 0;
  const ties: number[] = [];
  for (let p = 0; p < count; p++) {
    const v = Math.abs(values[rows[p]!]!);
    if (v > t) rows[kept++] = rows[p]!;
    else if (v === t) ties.push(rows[p]!);
  }
  // the ties at the threshold, smallest rows first, until the cap
  ties.sort((x, y) => x - y);
  for (let q = 0; q < ties.length && kept < cap; q++) rows[kept++] = ties[q]!;
  rows.subarray(0, kept).sort();
  return kept;
}

/** Options of {@link multiplyColumns}. */
export interface MultiplyOptions {
  /** Compute I - A B instead of A B. */
  readonly identityMinus?: boolean;
  /** Compute A (B + I) instead of A B. */
  readonly plusIdentity?: boolean;
  /** Keep at most this many entries per column (the largest in magnitude, see {@link keepLargest}). */
  readonly cap: number;
}

/**
 * C = A B (or I - A B, or A (B + I)) column by column (Gustavson): column j of C is the sum over the
 * entries B[k][j] of B[k][j] A[:, k], accumulated densely, then cut to `cap` entries. Also returns
 * the squared Frobenius norm of the product before the cut, and how many entries the cut dropped. O(sum over B's entries of A's column
 * lengths) time, O(n + kept entries) memory.
 */
export function multiplyColumns(A: Csc, B: Csc, options: MultiplyOptions): { product: Csc; squaredNorm: number; cut: number } {
  const n = A.n;
  const acc = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  const rows = new Int32Array(n);
  const scratch = new Float64Array(n);
  const out = new CscBuilder(n, Math.min(n * options.cap, B.data.length * 2 + n));
  const minus = options.identityMinus === true;
  let squaredNorm = 0;
  let cut = 0;
  const plus = options.plusIdentity === true;
  for (let j = 0; j < n; j++) {
    let count = 0;
    const end = B.indptr[j + 1]!;
    for (let p = B.indptr[j]!; p <= end; p++) {
      // B's entries of column j, then (with plusIdentity) the identity's
      let k: number;
      let w: number;
      if (p < end) {
        k = B.indices[p]!;
        w = B.data[p]!;
      } else if (plus) {
        k = j;
        w = 1;
      } else break;
      for (let q = A.indptr[k]!, qe = A.indptr[k + 1]!; q < qe; q++) {
        const i = A.indices[q]!;
        if (mark[i] !== j) {
          mark[i] = j;
          acc[i] = 0;
          rows[count++] = i;
        }
        acc[i]! += w * A.data[q]!;
      }
    }
    if (minus) {
      for (let p = 0; p < count; p++) acc[rows[p]!] = -acc[rows[p]!]!;
      if (mark[j] !== j) {
        mark[j] = j;
        acc[j] = 0;
        rows[count++] = j;
      }
      acc[j]! += 1;
    }
    for (let p = 0; p < count; p++) squaredNorm += acc[rows[p]!]! * acc[rows[p]!]!;
    // exact zeros (cancellations) are not stored
    let nonzero = 0;
    for (let p = 0; p < count; p++) if (acc[rows[p]!] !== 0) rows[nonzero++] = rows[p]!;
    const kept = keepLargest(rows, nonzero, acc, options.cap, scratch);
    cut += nonzero - kept;
    out.reserve(kept);
    for (let p = 0; p < kept; p++) out.push(rows[p]!, acc[rows[p]!]!);
    out.endColumn();
  }
  return { product: out.build(), squaredNorm, cut };
}

/**
 * Prunes a matrix to at most `budget` off-diagonal entries, keeping the diagonal and the
 * off-diagonal entries of largest magnitude (ties at the threshold in column order). O(nnz)
 * expected time.
 */
export function pruneToBudget(M: Csc, budget: number): Csc {
  const { n, indptr, indices, data } = M;
  let offDiagonal = 0;
  for (let j = 0; j < n; j++) for (let p = indptr[j]!; p < indptr[j + 1]!; p++) if (indices[p] !== j) offDiagonal++;
  if (offDiagonal <= budget) return M;
  const scratch = new Float64Array(offDiagonal);
  let s = 0;
  for (let j = 0; j < n; j++) for (let p = indptr[j]!; p < indptr[j + 1]!; p++) if (indices[p] !== j) scratch[s++] = Math.abs(data[p]!);
  const t = budget > 0 ? kthLargest(scratch, offDiagonal, budget) : Infinity;
  // entries above the threshold all stay; those at it stay in column order until the budget is used
  let above = 0;
  for (let j = 0; j < n; j++) for (let p = indptr[j]!; p < indptr[j + 1]!; p++) if (indices[p] !== j && Math.abs(data[p]!) > t) above++;
  let ties = budget - above;
  const out = new CscBuilder(n, budget + n);
  for (let j = 0; j < n; j++) {
    out.reserve(indptr[j + 1]! - indptr[j]!);
    for (let p = indptr[j]!; p < indptr[j + 1]!; p++) {
      const v = Math.abs(data[p]!);
      if (indices[p] === j || v > t || (v === t && ties-- > 0)) out.push(indices[p]!, data[p]!);
    }
    out.endColumn();
  }
  return out.build();
}
