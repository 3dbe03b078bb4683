import type { InteractionMatrix } from './interactions.js';
import { selectTop, TOP_SAMPLE } from '@shopper-spectrum/internal';

/** The nearest customers to one customer, and their similarities (best first). */
export interface Neighbours {
  readonly users: readonly number[];
  readonly sims: readonly number[];
}

/**
 * Internal: the `k` customers most similar (cosine of their rows, `shrink` in the denominator) to a
 * customer's row or to any product vector, found per call through the product x customer index:
 * O(sum over the vector's products of their buyers), nothing customer x customer stored. Ties go to
 * the smaller row. The last row's answer is kept (explanations ask for it once per product). Used by
 * user-kNN and TIFU-kNN; callers must not modify the arrays returned.
 */
export function customerNeighbours(matrix: InteractionMatrix, k: number, shrink: number): { neighboursOf: (cols: ArrayLike<number>, weights: ArrayLike<number>, self: number) => Neighbours; rowNeighbours: (row: number) => Neighbours } {
  const nUsers = matrix.customers.length;
  const norm = new Float64Array(nUsers);
  for (let u = 0; u < nUsers; u++) {
    let s = 0;
    for (let p = matrix.indptr[u]!; p < matrix.indptr[u + 1]!; p++) s += matrix.data[p]! ** 2;
    norm[u] = Math.sqrt(s);
  }
  const acc = new Float64Array(nUsers);
  let binary = true; // every weight 1: the products need no multiplication
  for (let p = 0; p < matrix.data.length; p++) if (matrix.data[p] !== 1) binary = false;
  const touched = new Int32Array(nUsers);
  const sample = new Float64Array(TOP_SAMPLE);
  const neighboursOf = (cols: ArrayLike<number>, weights: ArrayLike<number>, self: number): Neighbours => {
    let n = 0;
    let norm2 = 0;
    // as in itemSimilarity: a branch-free pass and a scan of all customers when the products' buyers
    // cover a good share of them, else a touched list
    let work = 0;
    for (let t = 0; t < cols.length; t++) work += matrix.itemIndptr[cols[t]! + 1]! - matrix.itemIndptr[cols[t]!]!;
    const dense = work * 4 >= nUsers;
    for (let t = 0; t < cols.length; t++) {
      const i = cols[t]!;
      const x = weights[t]!;
      norm2 += x * x;
      const end = matrix.itemIndptr[i + 1]!;
      if (dense && binary) for (let q = matrix.itemIndptr[i]!; q < end; q++) acc[matrix.itemCustomers[q]!]! += x;
      else if (dense) for (let q = matrix.itemIndptr[i]!; q < end; q++) acc[matrix.itemCustomers[q]!]! += x * matrix.itemData[q]!;
      else {
        for (let q = matrix.itemIndptr[i]!; q < end; q++) {
          const v = matrix.itemCustomers[q]!;
          if (acc[v] === 0) touched[n++] = v;
          acc[v]! += x * matrix.itemData[q]!;
        }
      }
    }
    if (self >= 0) acc[self] = 0;
    if (dense) {
      for (let v = 0; v < nUsers; v++) if (acc[v] !== 0) touched[n++] = v;
    } else if (self >= 0) {
      // drop self from the touched list
      let w = 0;
      for (let t = 0; t < n; t++) if (touched[t] !== self) touched[w++] = touched[t]!;
      n = w;
    }
    const len = Math.sqrt(norm2);
    for (let t = 0; t < n; t++) {
      const v = touched[t]!;
      acc[v] = acc[v]! / (len * norm[v]! + shrink);
    }
    const kept = selectTop(touched, n, k, acc, { sample }); // touched now starts with the k best, in order
    const users = Array.from(touched.subarray(0, kept));
    const sims = users.map((v) => acc[v]!);
    for (let t = 0; t < n; t++) acc[touched[t]!] = 0;
    return { users, sims };
  };
  // a customer's neighbours are asked for again by each explanation of the list just scored: keep the last
  let lastRow = -1;
  let last: Neighbours = { users: [], sims: [] };
  const rowNeighbours = (row: number): Neighbours => {
    if (row !== lastRow) {
      last = neighboursOf(matrix.indices.subarray(matrix.indptr[row]!, matrix.indptr[row + 1]!), matrix.data.subarray(matrix.indptr[row]!, matrix.indptr[row + 1]!), row);
      lastRow = row;
    }
    return last;
  };
  return { neighboursOf, rowNeighbours };
}
