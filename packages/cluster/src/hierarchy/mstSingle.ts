import type { RawMerges } from './tree.js';

/**
 * Single linkage as scipy's `mst_single_linkage`: Prim's minimum spanning tree with the distances
 * computed on the fly (no distance matrix). O(n^2) distance evaluations, O(n) memory. Merges come
 * out in tree order (to be sorted by height).
 */
export function mstSingle(n: number, dist: (x: number, i: number) => number): RawMerges {
  const merged = new Uint8Array(n);
  const D = new Float64Array(n).fill(Infinity);
  const outA = new Int32Array(n - 1);
  const outB = new Int32Array(n - 1);
  const outH = new Float64Array(n - 1);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const d = dist(x, i);
      if (D[i]! > d) D[i] = d;
      if (D[i]! < best) {
        y = i;
        best = D[i]!;
      }
    }
    outA[k] = x;
    outB[k] = y;
    outH[k] = best;
    x = y;
  }
  return { a: outA, b: outB, h: outH, ordered: false };
}
