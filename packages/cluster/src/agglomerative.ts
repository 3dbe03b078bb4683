import { ClusterError } from './errors.js';
import { checkPoint, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

/**
 * How the distance between two clusters is measured.
 *
 * - `'ward'`: Ward's minimum-variance criterion as scipy (`method='ward'`) and scikit-learn define it,
 *   which is R's `ward.D2`: merge heights are `sqrt(2 na nb / (na + nb)) x ||ca - cb||` on Euclidean
 *   data (not R's `ward.D`, which works on squared distances).
 * - `'complete'`: the largest distance between their points.
 * - `'average'`: the mean distance between their points (UPGMA).
 * - `'single'`: the smallest distance between their points.
 */
export type Linkage = 'ward' | 'complete' | 'average' | 'single';

/** Options of {@link agglomerative}. */
export interface AgglomerativeOptions {
  /**
   * The linkage (see {@link Linkage}).
   * @defaultValue `'ward'`
   */
  readonly linkage?: Linkage;
  /**
   * Memory allowed for the condensed distance buffer of `'complete'` and `'average'`
   * (`n (n - 1) / 2 x 8` bytes); `'ward'` and `'single'` need only O(n d).
   * @defaultValue `4 GiB`
   */
  readonly maxMemoryBytes?: number;
}

/** Where to cut a tree: into `k` clusters, or at a merge height (merges at or below it are kept). */
export type CutBy = { readonly k: number } | { readonly height: number };

/** A flat clustering cut from a tree, with centroids to predict new points. */
export interface AgglomerativeCut {
  /** Number of clusters. */
  readonly k: number;
  /** Cluster of each row, numbered 0..k-1 in order of first appearance in the rows. */
  readonly labels: Int32Array;
  /** Mean of each cluster's rows. */
  readonly centroids: number[][];
  /** Rows per cluster. */
  readonly sizes: number[];
  /** The cluster with the nearest centroid. */
  predict(x: readonly number[]): number;
  /** The model as JSON; {@link nearestCentroidFromJSON} reads it back. */
  toJSON(): NearestCentroidJSON;
}

/** The serialised form of an {@link AgglomerativeCut}. */
export interface NearestCentroidJSON {
  /** Always `'nearest-centroid'`. */
  readonly type: 'nearest-centroid';
  /** Format version. */
  readonly version: 1;
  /** The linkage the clusters came from. */
  readonly linkage: Linkage;
  /** Centroids. */
  readonly centroids: number[][];
  /** Rows per cluster. */
  readonly sizes: number[];
}

/** A node of a dendrogram drawing: leaves at x = 5, 15, 25, ... (as scipy's `dendrogram`). */
export interface DendrogramNode {
  /** The node's id: leaves 0..n-1, merge i is n + i. */
  readonly id: number;
  /** Left child id. */
  readonly left: number;
  /** Right child id. */
  readonly right: number;
  /** Merge height (y). */
  readonly height: number;
  /** x position: the mean of the children's x. */
  readonly x: number;
  /** x of the left child. */
  readonly leftX: number;
  /** x of the right child. */
  readonly rightX: number;
  /** Height of the left child (0 for a leaf). */
  readonly leftHeight: number;
  /** Height of the right child (0 for a leaf). */
  readonly rightHeight: number;
  /** Leaves under the node. */
  readonly size: number;
}

/** What a chart needs to draw a dendrogram: the leaf order and one U-shaped link per merge. */
export interface Dendrogram {
  /** Row indices in left-to-right leaf order. */
  readonly order: Int32Array;
  /** One node per merge, in merge order. */
  readonly nodes: readonly DendrogramNode[];
}

/** The full merge history of an agglomerative clustering, in scipy's linkage layout. */
export interface AgglomerativeTree {
  /** Number of rows clustered. */
  readonly n: number;
  /** The linkage used. */
  readonly linkage: Linkage;
  /**
   * Merged pairs: merge i joins clusters `merges[2i] < merges[2i + 1]`, where ids 0..n-1 are rows and
   * id n + j is the cluster made by merge j (scipy's `Z[:, :2]`).
   */
  readonly merges: Int32Array;
  /** Merge heights, non-decreasing (scipy's `Z[:, 2]`). */
  readonly heights: Float64Array;
  /** Size of each merged cluster (scipy's `Z[:, 3]`). */
  readonly sizes: Int32Array;
  /** scipy's linkage matrix `Z`: rows `[a, b, height, size]`. */
  linkageMatrix(): number[][];
  /** Flat clusters. */
  cut(by: CutBy): AgglomerativeCut;
  /** Drawing data. */
  dendrogram(): Dendrogram;
}

const condensed = (n: number, i: number, j: number): number =>
  i < j ? n * i - (i * (i + 1)) / 2 + (j - i - 1) : n * j - (j * (j + 1)) / 2 + (i - j - 1);

function euclid(data: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = data[a * d + j]! - data[b * d + j]!;
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * Agglomerative (hierarchical) clustering in O(n^2) time, returning the whole merge history.
 *
 * Engines: `'ward'` runs the nearest-neighbour chain on cluster centroids and sizes, O(n^2 d) time
 * and O(n d) memory, so tens of thousands of points fit; `'complete'` and `'average'` run the same
 * chain with Lance-Williams updates in place on one condensed distance buffer (O(n^2) memory,
 * bounded by `maxMemoryBytes`); `'single'` builds a minimum spanning tree (Prim) with distances
 * computed on the fly, O(n d) memory. Merges are then sorted by height (stable) and relabelled as
 * scipy's `linkage` does, so `merges`, `heights` and `sizes` match scipy's `Z` (ties aside).
 * ml-hclust's `agnes` rebuilds its whole matrix at every merge (O(n^3)); it is not used.
 *
 * @param X - rows, or a row-major matrix (Euclidean distances)
 * @param options - linkage and memory cap
 * @returns the tree
 * @throws {@link ClusterError} `INVALID_OPTION` (unknown linkage), `TOO_LARGE` (condensed buffer over
 *   the cap), and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * const tree = agglomerative([[0, 0], [0, 1], [5, 5], [5, 6]], { linkage: 'ward' });
 * [tree.heights, tree.cut({ k: 2 }).labels];
 * // => [Float64Array [1, 1, 7.0710678118654755], Int32Array [0, 0, 1, 1]]
 * ```
 */
export function agglomerative(X: MatrixInput, options: AgglomerativeOptions = {}): AgglomerativeTree {
  const m = toMatrix(X);
  const linkage = options.linkage ?? 'ward';
  if (!['ward', 'complete', 'average', 'single'].includes(linkage)) throw new ClusterError('INVALID_OPTION', 'linkage', linkage, "'ward', 'complete', 'average' or 'single'");
  const n = m.rows;
  let raw: { a: Int32Array; b: Int32Array; h: Float64Array };
  if (n === 1) raw = { a: new Int32Array(0), b: new Int32Array(0), h: new Float64Array(0) };
  else if (linkage === 'ward') raw = wardChain(m);
  else if (linkage === 'single') raw = primSingle(m);
  else {
    const bytes = ((n * (n - 1)) / 2) * 8;
    const cap = options.maxMemoryBytes ?? 4 * 2 ** 30;
    if (bytes > cap) throw new ClusterError('TOO_LARGE', 'X', `${n} rows (${(bytes / 2 ** 30).toFixed(1)} GiB of distances)`, `at most ${Math.floor(Math.sqrt((2 * cap) / 8))} rows for '${linkage}' under maxMemoryBytes ${cap}; 'ward' and 'single' need no distance matrix`);
    raw = matrixChain(m, linkage);
  }
  return makeTree(m, linkage, raw);
}

/** scipy's nn_chain on centroids: Ward distances computed from sizes and centroids. */
function wardChain(m: Matrix): { a: Int32Array; b: Int32Array; h: Float64Array } {
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
  return { a: outA, b: outB, h: outH };
}

/** scipy's nn_chain with Lance-Williams updates on a condensed distance buffer. */
function matrixChain(m: Matrix, linkage: 'complete' | 'average'): { a: Int32Array; b: Int32Array; h: Float64Array } {
  const { rows: n, cols: d, data } = m;
  const D = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0, p = 0; i < n; i++) for (let j = i + 1; j < n; j++) D[p++] = euclid(data, i, j, d);
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
      D[condensed(n, i, y)] = linkage === 'complete' ? Math.max(dx, dy) : (nx * dx + ny * dy) / (nx + ny);
    }
  }
  return { a: outA, b: outB, h: outH };
}

/** scipy's mst_single_linkage (Prim), distances on the fly. */
function primSingle(m: Matrix): { a: Int32Array; b: Int32Array; h: Float64Array } {
  const { rows: n, cols: d, data } = m;
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
      const dist = euclid(data, x, i, d);
      if (D[i]! > dist) D[i] = dist;
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
  return { a: outA, b: outB, h: outH };
}

/** Stable sort by height, then scipy's union-find relabelling (`label`). */
function makeTree(m: Matrix, linkage: Linkage, raw: { a: Int32Array; b: Int32Array; h: Float64Array }): AgglomerativeTree {
  const n = m.rows;
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((p, q) => raw.h[p]! - raw.h[q]! || p - q);
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r]! >= 0) r = parent[r]!;
    while (parent[x]! >= 0 && parent[x] !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const leafCount = new Int32Array(2 * n - 1).fill(1);
  const merges = new Int32Array(2 * (n - 1));
  const heights = new Float64Array(n - 1);
  const sizes = new Int32Array(n - 1);
  order.forEach((o, i) => {
    const ra = find(raw.a[o]!);
    const rb = find(raw.b[o]!);
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    merges[2 * i] = lo;
    merges[2 * i + 1] = hi;
    heights[i] = raw.h[o]!;
    const id = n + i;
    parent[lo] = id;
    parent[hi] = id;
    leafCount[id] = leafCount[lo]! + leafCount[hi]!;
    sizes[i] = leafCount[id]!;
  });
  return {
    n,
    linkage,
    merges,
    heights,
    sizes,
    linkageMatrix: () => Array.from({ length: n - 1 }, (_, i) => [merges[2 * i]!, merges[2 * i + 1]!, heights[i]!, sizes[i]!]),
    cut: (by) => cutTree(m, linkage, merges, heights, by),
    dendrogram: () => dendrogram(n, merges, heights, sizes),
  };
}

function cutTree(m: Matrix, linkage: Linkage, merges: Int32Array, heights: Float64Array, by: CutBy): AgglomerativeCut {
  const n = m.rows;
  let apply: number;
  if (by !== null && typeof by === 'object' && 'k' in by) {
    if (!Number.isInteger(by.k) || by.k < 1 || by.k > n) throw new ClusterError('INVALID_K', 'k', by.k, `an integer from 1 to the number of rows (${n})`);
    apply = n - by.k;
  } else if (by !== null && typeof by === 'object' && 'height' in by && Number.isFinite(by.height)) {
    apply = 0;
    while (apply < n - 1 && heights[apply]! <= by.height) apply++;
  } else {
    throw new ClusterError('INVALID_OPTION', 'by', by, '{ k } with 1 <= k <= n, or { height } a finite number');
  }
  const parent = new Int32Array(2 * n - 1).fill(-1);
  for (let i = 0; i < apply; i++) {
    parent[merges[2 * i]!] = n + i;
    parent[merges[2 * i + 1]!] = n + i;
  }
  const root = (x: number): number => {
    while (parent[x]! >= 0) x = parent[x]!;
    return x;
  };
  const labelOf = new Map<number, number>();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = root(i);
    let l = labelOf.get(r);
    if (l === undefined) {
      l = labelOf.size;
      labelOf.set(r, l);
    }
    labels[i] = l;
  }
  return nearestCentroidModel(linkage, centroidsOf(m, labels, labelOf.size));
}

/** Centroids and sizes of labelled rows. */
export function centroidsOf(m: Matrix, labels: Int32Array, k: number): { centroids: number[][]; sizes: number[]; labels: Int32Array } {
  const d = m.cols;
  const sums = new Float64Array(k * d);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < m.rows; i++) {
    const l = labels[i]!;
    sizes[l]!++;
    for (let j = 0; j < d; j++) sums[l * d + j]! += m.data[i * d + j]!;
  }
  const centroids = Array.from({ length: k }, (_, l) => Array.from({ length: d }, (_, j) => sums[l * d + j]! / sizes[l]!));
  return { centroids, sizes, labels };
}

function nearestCentroidModel(linkage: Linkage, fitted: { centroids: number[][]; sizes: number[]; labels: Int32Array }): AgglomerativeCut {
  const { centroids, sizes, labels } = fitted;
  const k = centroids.length;
  const d = centroids[0]!.length;
  return {
    k,
    labels,
    centroids,
    sizes,
    predict(x) {
      checkPoint(x, d);
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (x[j]! - centroids[c]![j]!) ** 2;
        if (s < bestD) {
          bestD = s;
          best = c;
        }
      }
      return best;
    },
    toJSON: () => ({ type: 'nearest-centroid', version: 1, linkage, centroids: centroids.map((c) => [...c]), sizes: [...sizes] }),
  };
}

/**
 * Reads a cut written by `toJSON()`; it predicts as the original (its `labels` are empty).
 *
 * @param json - the serialised cut
 * @returns a model with `predict`
 * @throws {@link ClusterError} `INVALID_MODEL` for anything else
 * @example
 * ```ts
 * nearestCentroidFromJSON(tree.cut({ k: 4 }).toJSON()).predict([10, 3, 500]);
 * // => 2
 * ```
 */
export function nearestCentroidFromJSON(json: unknown): AgglomerativeCut {
  const j = json as Partial<NearestCentroidJSON> | null;
  const ok =
    j !== null &&
    typeof j === 'object' &&
    j.type === 'nearest-centroid' &&
    j.version === 1 &&
    ['ward', 'complete', 'average', 'single'].includes(j.linkage as string) &&
    Array.isArray(j.centroids) &&
    j.centroids.length > 0 &&
    Array.isArray(j.sizes) &&
    j.sizes.length === j.centroids.length &&
    j.centroids.every((c) => Array.isArray(c) && c.length === j.centroids![0]!.length && c.every((v) => Number.isFinite(v)));
  if (!ok) throw new ClusterError('INVALID_MODEL', 'json', json, "the output of an agglomerative cut's toJSON()");
  return nearestCentroidModel(j.linkage!, { centroids: j.centroids!.map((c) => [...c]), sizes: [...j.sizes!], labels: new Int32Array(0) });
}

function dendrogram(n: number, merges: Int32Array, heights: Float64Array, sizes: Int32Array): Dendrogram {
  const order: number[] = [];
  const x = new Float64Array(2 * n - 1);
  if (n === 1) return { order: Int32Array.of(0), nodes: [] };
  // Leaf order: depth-first from the root, left (lower id) child first, without recursion.
  const stack = [2 * n - 2];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id < n) {
      x[id] = 5 + 10 * order.length;
      order.push(id);
    } else {
      const i = id - n;
      stack.push(merges[2 * i + 1]!, merges[2 * i]!);
    }
  }
  const nodes: DendrogramNode[] = [];
  const h = (id: number) => (id < n ? 0 : heights[id - n]!);
  for (let i = 0; i < n - 1; i++) {
    const left = merges[2 * i]!;
    const right = merges[2 * i + 1]!;
    x[n + i] = (x[left]! + x[right]!) / 2;
    nodes.push({ id: n + i, left, right, height: heights[i]!, x: x[n + i]!, leftX: x[left]!, rightX: x[right]!, leftHeight: h(left), rightHeight: h(right), size: sizes[i]! });
  }
  return { order: Int32Array.from(order), nodes };
}
