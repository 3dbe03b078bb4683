import { labelMeans, nearestCentroidModel } from '../clustering.js';
import type { Clustering } from '../clustering.js';
import { ClusterError } from '../errors.js';
import type { Matrix } from '../matrix.js';

/**
 * What an engine returns: n - 1 merges. `ordered: false`: pairs of rows (any member of each side)
 * in the engine's order, to be sorted by height and relabelled (scipy's `nn_chain` and
 * `mst_single_linkage`); `ordered: true`: cluster ids in merge order, final (scipy's `fast_linkage`).
 * @internal
 */
export interface RawMerges {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly h: Float64Array;
  readonly ordered: boolean;
}

/**
 * Where to cut a tree: into `k` clusters (the first n - k merges, as scikit-learn's
 * `AgglomerativeClustering(n_clusters=k)`), or at a height (as scipy's `fcluster(criterion='distance')`:
 * rows stay together when every merge between them is at or below the height).
 */
export type CutBy = { readonly k: number } | { readonly height: number };

/** A flat clustering cut from a tree: a {@link Clustering} (centroids are the clusters' means). */
export interface AgglomerativeCut extends Clustering {
  /** The linkage the tree was built with (a built-in's name, or the function's name). */
  readonly linkage: string;
  /** The distance the tree was built with (a built-in's name, or the function's name). */
  readonly distance: string;
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
  /** The linkage used: a built-in's name, or the function's own name (`'custom'` when it has none). */
  readonly linkage: string;
  /** The distance used: a built-in's name, or the function's own name (`'custom'` when it has none). */
  readonly distance: string;
  /**
   * Merged pairs: merge i joins clusters `merges[2i] < merges[2i + 1]`, where ids 0..n-1 are rows and
   * id n + j is the cluster made by merge j (scipy's `Z[:, :2]`).
   */
  readonly merges: Int32Array;
  /**
   * Merge heights (scipy's `Z[:, 2]`), in merge order: non-decreasing for ward, complete, average,
   * single and weighted; centroid, median and a user's update can invert (see `monotone`).
   */
  readonly heights: Float64Array;
  /** Size of each merged cluster (scipy's `Z[:, 3]`). */
  readonly sizes: Int32Array;
  /** Whether the heights never decrease (false when the linkage inverted somewhere). */
  readonly monotone: boolean;
  /** scipy's linkage matrix `Z`: rows `[a, b, height, size]`. */
  linkageMatrix(): number[][];
  /** Flat clusters: a model with labels, centroids and predict. */
  cut(by: CutBy): AgglomerativeCut;
  /** Drawing data. */
  dendrogram(): Dendrogram;
}

/**
 * The tree from an engine's merges: for `ordered: false`, a stable sort by height and scipy's
 * union-find relabelling (`label`), so `merges`, `heights` and `sizes` match scipy's `Z`.
 * @internal
 */
export function makeTree(m: Matrix, linkage: string, distance: string, raw: RawMerges): AgglomerativeTree {
  const n = m.rows;
  const merges = new Int32Array(2 * (n - 1));
  const heights = new Float64Array(n - 1);
  const sizes = new Int32Array(n - 1);
  const leafCount = new Int32Array(2 * n - 1).fill(1);
  if (raw.ordered) {
    for (let i = 0; i < n - 1; i++) {
      const lo = raw.a[i]!;
      const hi = raw.b[i]!;
      merges[2 * i] = lo;
      merges[2 * i + 1] = hi;
      heights[i] = raw.h[i]!;
      leafCount[n + i] = leafCount[lo]! + leafCount[hi]!;
      sizes[i] = leafCount[n + i]!;
    }
  } else {
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
  }
  // Highest merge under each node (scipy's get_max_dist_for_each_cluster): what a height cut compares.
  const maxHeight = new Float64Array(n - 1);
  let monotone = true;
  for (let i = 0; i < n - 1; i++) {
    let h = heights[i]!;
    for (const child of [merges[2 * i]!, merges[2 * i + 1]!]) if (child >= n && maxHeight[child - n]! > h) h = maxHeight[child - n]!;
    maxHeight[i] = h;
    if (i > 0 && heights[i]! < heights[i - 1]!) monotone = false;
  }
  return {
    n,
    linkage,
    distance,
    merges,
    heights,
    sizes,
    monotone,
    linkageMatrix: () => Array.from({ length: n - 1 }, (_, i) => [merges[2 * i]!, merges[2 * i + 1]!, heights[i]!, sizes[i]!]),
    cut: (by) => cutTree(m, linkage, distance, merges, maxHeight, by),
    dendrogram: () => dendrogram(n, merges, heights, sizes),
  };
}

/**
 * Labels of the flat clusters made by the merges `apply(i)` keeps, numbered by first appearance in
 * the rows.
 */
function cutLabels(n: number, merges: Int32Array, apply: (i: number) => boolean): { labels: Int32Array; k: number } {
  const parent = new Int32Array(2 * n - 1).fill(-1);
  for (let i = 0; i < n - 1; i++) {
    if (!apply(i)) continue;
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
  return { labels, k: labelOf.size };
}

function cutTree(m: Matrix, linkage: string, distance: string, merges: Int32Array, maxHeight: Float64Array, by: CutBy): AgglomerativeCut {
  const n = m.rows;
  let apply: (i: number) => boolean;
  if (by !== null && typeof by === 'object' && 'k' in by) {
    if (!Number.isInteger(by.k) || by.k < 1 || by.k > n) throw new ClusterError('INVALID_K', 'k', by.k, `an integer from 1 to the number of rows (${n})`);
    const first = n - by.k;
    apply = (i) => i < first;
  } else if (by !== null && typeof by === 'object' && 'height' in by && Number.isFinite(by.height)) {
    const t = by.height;
    apply = (i) => maxHeight[i]! <= t;
  } else {
    throw new ClusterError('INVALID_OPTION', 'by', by, '{ k } with 1 <= k <= n, or { height } a finite number');
  }
  const { labels, k } = cutLabels(n, merges, apply);
  const { centroids, sizes } = labelMeans(m, labels, k);
  const algorithm = `agglomerative (${distance === 'euclidean' ? linkage : `${linkage}, ${distance}`})`;
  return { ...nearestCentroidModel(algorithm, centroids, sizes, labels), linkage, distance };
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
