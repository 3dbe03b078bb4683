import { condensed } from './pairwise.js';
import type { RawMerges } from './tree.js';

/**
 * scipy's `nn_chain` with Lance-Williams updates in place on one condensed distance buffer, for the
 * reducible linkages (complete, average, weighted): prefer the previous chain element on ties, scan
 * clusters in index order, merge into the higher index. The updates are inlined (scipy's formulas). O(n^2)
 * time and the buffer's memory (the buffer is overwritten). Merges come out in chain order.
 */
export function nnChain(D: Float64Array, n: number, linkage: 'complete' | 'average' | 'weighted'): RawMerges {
  const kind = linkage === 'complete' ? 0 : linkage === 'average' ? 1 : 2;
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const outA = new Int32Array(n - 1);
  const outB = new Int32Array(n - 1);
  const outH = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    let best = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        best = D[condensed(n, x, y)]!;
      } else best = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const dist = D[condensed(n, x, i)]!;
        if (dist < best) {
          best = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x]!;
    const ny = size[y]!;
    outA[k] = x;
    outB[k] = y;
    outH[k] = best;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      const dx = D[condensed(n, i, x)]!;
      const dy = D[condensed(n, i, y)]!;
      D[condensed(n, i, y)] = kind === 0 ? (dx > dy ? dx : dy) : kind === 1 ? (nx * dx + ny * dy) / (nx + ny) : 0.5 * (dx + dy);
    }
  }
  return { a: outA, b: outB, h: outH, ordered: false };
}
