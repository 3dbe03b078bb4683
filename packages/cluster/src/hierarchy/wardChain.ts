import type { Matrix } from '../matrix.js';
import type { RawMerges } from './tree.js';

/**
 * Ward linkage by scipy's nearest-neighbour chain on cluster centroids and sizes: the Ward distance
 * of two clusters is computed from their centroids, so no distance matrix is kept. O(n^2 d) time,
 * O(n d) memory. Merges come out in chain order (to be sorted by height).
 */
export function wardChain(m: Matrix): RawMerges {
  const { rows: n, cols: d } = m;
  const c = Float64Array.from(m.data);
  const size = new Float64Array(n).fill(1);
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let activeCount = n;
  const chain = new Int32Array(n);
  let chainLength = 0;
  const outA = new Int32Array(n - 1);
  const outB = new Int32Array(n - 1);
  const outH = new Float64Array(n - 1);
  // Half the squared Ward distance: na nb / (na + nb) ||ca - cb||^2 (monotone in the distance).
  const w = (x: number, y: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = c[x * d + j]! - c[y * d + j]!;
      s += t * t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    return (s * nx * ny) / (nx + ny);
  };
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chain[0] = active[0]!;
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    let best = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        best = w(x, y);
      } else best = Infinity;
      const cx = x * d;
      const nx = size[x]!;
      if (d === 3) {
        // The common case (R, F, M), unrolled: about twice as fast as the general loop.
        const x0 = c[cx]!;
        const x1 = c[cx + 1]!;
        const x2 = c[cx + 2]!;
        for (let t = 0; t < activeCount; t++) {
          const i = active[t]!;
          if (i === x) continue;
          const ci = i * 3;
          const u0 = x0 - c[ci]!;
          const u1 = x1 - c[ci + 1]!;
          const u2 = x2 - c[ci + 2]!;
          const ni = size[i]!;
          const dist = ((u0 * u0 + u1 * u1 + u2 * u2) * nx * ni) / (nx + ni);
          if (dist < best) {
            best = dist;
            y = i;
          }
        }
      } else {
        for (let t = 0; t < activeCount; t++) {
          const i = active[t]!;
          if (i === x) continue;
          let s = 0;
          const ci = i * d;
          for (let j = 0; j < d; j++) {
            const u = c[cx + j]! - c[ci + j]!;
            s += u * u;
          }
          const ni = size[i]!;
          const dist = (s * nx * ni) / (nx + ni);
          if (dist < best) {
            best = dist;
            y = i;
          }
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    outA[k] = x;
    outB[k] = y;
    outH[k] = Math.sqrt(2 * best);
    const nx = size[x]!;
    const ny = size[y]!;
    for (let j = 0; j < d; j++) c[y * d + j] = (nx * c[x * d + j]! + ny * c[y * d + j]!) / (nx + ny);
    size[y] = nx + ny;
    size[x] = 0;
    // drop x from the (sorted) active list
    let p = 0;
    while (active[p] !== x) p++;
    active.copyWithin(p, p + 1, activeCount);
    activeCount--;
  }
  return { a: outA, b: outB, h: outH, ordered: false };
}

