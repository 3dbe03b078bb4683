import type { Matrix } from '../matrix.js';
import type { RawMerges } from './tree.js';

/** How {@link wardChain} finds nearest neighbours. @internal */
export interface WardChainOptions {
  /**
   * Prune the nearest-neighbour scans with a grid over the centroids (true), or scan every active
   * cluster as scipy does (false). Both return the same merges, bit for bit: the grid only skips
   * clusters that provably cannot win (nor tie). @defaultValue true
   */
  readonly grid?: boolean;
}

/** Relative margin of the pruning test, far above the rounding of the distances it compares. */
const MARGIN = 1 + 1e-9;

/**
 * Ward linkage by scipy's nearest-neighbour chain on cluster centroids and sizes: the Ward distance
 * of two clusters is computed from their centroids, so no distance matrix is kept. O(n d) memory.
 *
 * Each step of the chain needs the nearest active cluster of x under half the squared Ward distance
 * `nx ni / (nx + ni) ||cx - ci||^2`, ties to the previous chain element, then to the lowest index
 * (scipy's rules). Scanning every active cluster costs O(n d) per step, O(n^2 d) in all; instead the
 * centroids sit in a uniform grid over their first (up to) three coordinates, and a scan visits cells
 * ring by ring from x's cell, skipping every cell whose box is too far for any of its clusters to
 * beat the best found so far (a lower bound: `ni / (nx + ni) >= 1 / (nx + 1)`, and the distance on
 * the grid's coordinates is at most the whole distance). Clusters skipped are strictly farther than
 * the best by a relative margin of 1e-9, so the chosen neighbour, ties included, and every distance
 * computed are those of the full scan: the merges are identical. The grid is rebuilt coarser as
 * clusters merge away; when a scan would visit more cells than there are clusters it falls back to
 * the full scan. In practice (early merges are local) this is close to O(n log n) scans of a few
 * cells each, and never worse than the full scan by more than a constant.
 *
 * Merges come out in chain order (to be sorted by height).
 */
export function wardChain(m: Matrix, options: WardChainOptions = {}): RawMerges {
  const { rows: n, cols: d } = m;
  const useGrid = options.grid !== false;
  const c = Float64Array.from(m.data);
  const size = new Float64Array(n).fill(1);
  // Active clusters as a doubly linked list in index order (the full scan's order).
  const nextActive = new Int32Array(n);
  const prevActive = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    nextActive[i] = i + 1 < n ? i + 1 : -1;
    prevActive[i] = i - 1;
  }
  let firstActive = 0;
  let activeCount = n;
  const chain = new Int32Array(n);
  let chainLength = 0;
  const outA = new Int32Array(n - 1);
  const outB = new Int32Array(n - 1);
  const outH = new Float64Array(n - 1);

  // ---- the grid: g cells per axis on the first dg coordinates; per-cell doubly linked lists ----
  const dg = Math.min(d, 3);
  let g = 1;
  let cells = 1;
  const lo = new Float64Array(3);
  const width = new Float64Array(3);
  const inverse = new Float64Array(3);
  let minWidth = 0;
  let slack = 0; // absolute slack on box gaps, for the rounding of cell boundaries
  let cellHead = new Int32Array(1);
  const cellNext = new Int32Array(n);
  const cellPrev = new Int32Array(n);
  const cellOf = new Int32Array(n);
  const axisCell = (i: number, j: number): number => {
    const q = Math.floor((c[i * d + j]! - lo[j]!) * inverse[j]!);
    return q < 0 ? 0 : q >= g ? g - 1 : q;
  };
  const cellIndex = (i: number): number => {
    let cell = 0;
    for (let j = dg - 1; j >= 0; j--) cell = cell * g + axisCell(i, j);
    return cell;
  };
  const insert = (i: number): void => {
    const cell = cellIndex(i);
    cellOf[i] = cell;
    const head = cellHead[cell]!;
    cellNext[i] = head;
    cellPrev[i] = -1;
    if (head >= 0) cellPrev[head] = i;
    cellHead[cell] = i;
  };
  const remove = (i: number): void => {
    const p = cellPrev[i]!;
    const q = cellNext[i]!;
    if (p >= 0) cellNext[p] = q;
    else cellHead[cellOf[i]!] = q;
    if (q >= 0) cellPrev[q] = p;
  };
  const build = (): void => {
    g = Math.max(1, Math.round(Math.pow(activeCount, 1 / dg)));
    cells = g ** dg;
    let span = 0;
    for (let j = 0; j < dg; j++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = firstActive; i >= 0; i = nextActive[i]!) {
        const v = c[i * d + j]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const w = max > min ? (max - min) / g : 1;
      lo[j] = min;
      width[j] = w;
      inverse[j] = 1 / w;
      span = Math.max(span, Math.abs(min), Math.abs(max), w * g);
    }
    minWidth = Infinity;
    for (let j = 0; j < dg; j++) minWidth = Math.min(minWidth, width[j]!);
    slack = 1e-9 * span;
    cellHead = new Int32Array(cells).fill(-1);
    for (let i = firstActive; i >= 0; i = nextActive[i]!) insert(i);
  };

  // ---- the nearest-neighbour search ----
  let bestY = -1;
  let best = Infinity;
  let bestIsPrevious = false;
  /** Considers cluster i (active, not x) as x's neighbour, with the full scan's tie rules. */
  const consider = (x: number, nx: number, i: number): void => {
    let s = 0;
    const cx = x * d;
    const ci = i * d;
    if (d === 3) {
      const u0 = c[cx]! - c[ci]!;
      const u1 = c[cx + 1]! - c[ci + 1]!;
      const u2 = c[cx + 2]! - c[ci + 2]!;
      s = u0 * u0 + u1 * u1 + u2 * u2;
    } else {
      for (let j = 0; j < d; j++) {
        const u = c[cx + j]! - c[ci + j]!;
        s += u * u;
      }
    }
    const ni = size[i]!;
    const dist = (s * nx * ni) / (nx + ni);
    if (dist < best || (dist === best && !bestIsPrevious && i < bestY)) {
      best = dist;
      bestY = i;
      bestIsPrevious = false;
    }
  };
  const fullScan = (x: number, nx: number): void => {
    for (let i = firstActive; i >= 0; i = nextActive[i]!) if (i !== x) consider(x, nx, i);
  };
  const qx = new Int32Array(3);
  const cellRange = new Int32Array(6);
  /** Squared gap from x's centroid to the box of the cell (a, b, e) on the grid's axes, less slack. */
  const boxGap = (x: number, q: Int32Array): number => {
    let s = 0;
    for (let j = 0; j < dg; j++) {
      const v = c[x * d + j]!;
      const k = q[j]!;
      let gap = 0;
      if (k > 0 && v < lo[j]! + k * width[j]!) gap = lo[j]! + k * width[j]! - v;
      else if (k < g - 1 && v > lo[j]! + (k + 1) * width[j]!) gap = v - (lo[j]! + (k + 1) * width[j]!);
      gap -= slack;
      if (gap > 0) s += gap * gap;
    }
    return s;
  };
  const qc = new Int32Array(3);
  /** Scans the clusters of one cell unless its box is provably too far. */
  const scanCell = (x: number, nx: number, bound: number): void => {
    let cell = 0;
    for (let j = dg - 1; j >= 0; j--) cell = cell * g + qc[j]!;
    let i = cellHead[cell]!;
    if (i < 0) return;
    if (boxGap(x, qc) * bound > best * MARGIN) return;
    for (; i >= 0; i = cellNext[i]!) if (i !== x) consider(x, nx, i);
  };
  const nearest = (x: number, nx: number): void => {
    if (!useGrid || activeCount <= 32) {
      fullScan(x, nx);
      return;
    }
    // s nx ni / (nx + ni) >= s nx / (nx + 1) for every ni >= 1: a cell is skipped when even that is worse.
    const bound = nx / (nx + 1);
    for (let j = 0; j < dg; j++) qx[j] = axisCell(x, j);
    let visited = 0;
    const budget = activeCount;
    const savedY = bestY;
    const saved = best;
    const savedPrevious = bestIsPrevious;
    for (let r = 0; r < g; r++) {
      if (r >= 2) {
        const gap = (r - 1) * minWidth - slack;
        if (gap > 0 && gap * gap * bound > best * MARGIN) return;
      }
      for (let j = 0; j < dg; j++) {
        cellRange[2 * j] = Math.max(0, qx[j]! - r);
        cellRange[2 * j + 1] = Math.min(g - 1, qx[j]! + r);
      }
      const shell = (cellRange[1]! - cellRange[0]! + 1) * (dg > 1 ? cellRange[3]! - cellRange[2]! + 1 : 1) * (dg > 2 ? cellRange[5]! - cellRange[4]! + 1 : 1);
      visited += shell;
      if (visited > budget) {
        bestY = savedY;
        best = saved;
        bestIsPrevious = savedPrevious;
        fullScan(x, nx);
        return;
      }
      // the cells at Chebyshev distance exactly r from x's cell
      const a0 = cellRange[0]!;
      const a1 = cellRange[1]!;
      const b0 = dg > 1 ? cellRange[2]! : 0;
      const b1 = dg > 1 ? cellRange[3]! : 0;
      const e0 = dg > 2 ? cellRange[4]! : 0;
      const e1 = dg > 2 ? cellRange[5]! : 0;
      for (let a = a0; a <= a1; a++) {
        const edgeA = Math.abs(a - qx[0]!) === r;
        qc[0] = a;
        for (let b = b0; b <= b1; b++) {
          const edgeB = edgeA || (dg > 1 && Math.abs(b - qx[1]!) === r);
          qc[1] = b;
          if (edgeB || dg < 3) {
            for (let e = e0; e <= e1; e++) {
              qc[2] = e;
              if (dg < 3 && !edgeB) continue;
              scanCell(x, nx, bound);
            }
          } else {
            // interior column: only its two ends are on the shell
            if (qx[2]! - r >= 0) {
              qc[2] = qx[2]! - r;
              scanCell(x, nx, bound);
            }
            if (r > 0 && qx[2]! + r <= g - 1) {
              qc[2] = qx[2]! + r;
              scanCell(x, nx, bound);
            }
          }
        }
      }
    }
  };

  if (useGrid) build();
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chain[0] = firstActive;
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      const nx = size[x]!;
      if (chainLength > 1) {
        const p = chain[chainLength - 2]!;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = c[x * d + j]! - c[p * d + j]!;
          s += t * t;
        }
        const np = size[p]!;
        best = (s * nx * np) / (nx + np);
        bestY = p;
        bestIsPrevious = true;
      } else {
        best = Infinity;
        bestY = -1;
        bestIsPrevious = false;
      }
      nearest(x, nx);
      y = bestY;
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
    // drop x from the active list (and the grid), move y to its new cell
    const p = prevActive[x]!;
    const q = nextActive[x]!;
    if (p >= 0) nextActive[p] = q;
    else firstActive = q;
    if (q >= 0) prevActive[q] = p;
    activeCount--;
    if (useGrid) {
      remove(x);
      remove(y);
      insert(y);
      if (activeCount > 32 && activeCount * 4 < cells) build();
    }
  }
  return { a: outA, b: outB, h: outH, ordered: false };
}
