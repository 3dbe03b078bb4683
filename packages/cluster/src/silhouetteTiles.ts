/**
 * The pair sums behind silhouettes, in tiles of {@link SILHOUETTE_BLOCK} rows, with one fixed
 * summation order so that one thread and many give the same bits. Internal: `silhouette`,
 * `silhouettes` and `@shopper-spectrum/cluster/node`'s parallel versions share it.
 *
 * The order: rows fall in blocks of SILHOUETTE_BLOCK; the distance sum of row p to cluster c is
 * the fold, in ascending block order s, of the partial sums P_s(p), each a fold from 0 in ascending
 * row order (for p's own block, the rows before p, then plus the fold of the rows after p). With
 * one block (n <= 8192) this is the order of a plain pass over the pairs i < j.
 * @internal
 * @module
 */

/** Rows per tile side: the unit of the fixed summation order (never depends on the threads). */
export const SILHOUETTE_BLOCK = 8192;

/** The labellings of a silhouette computation, flattened for tiles and workers. @internal */
export interface TileLabels {
  /** Labelling t at `labels[t n .. (t + 1) n)`. */
  readonly labels: Int32Array;
  /** `flat[t n + i]`: row i's cluster in labelling t as an index of the flat cluster axis (its offset added). */
  readonly flat: Int32Array;
  /** Clusters of labelling t (labels are 0..k-1). */
  readonly ks: Int32Array;
  /** Offset of labelling t's clusters in the flat cluster axis (sum of the k before it). */
  readonly offsets: Int32Array;
  /** Clusters of all labellings together. */
  readonly total: number;
}

/**
 * One tile: the rows [r0, r1) against the rows [c0, c1), c0 >= r0; a diagonal tile (c0 === r0) takes
 * the pairs i < j only. Self-contained (no imports, no helpers): its source text runs in workers.
 *
 * Writes `rowOut[(offset + c) B + (i - r0)]`: for a diagonal tile the whole P_b(i) of the block
 * (the fold over rows before i, plus the fold over rows after i), else the fold of d(i, j) over the
 * tile's columns j with label c. For an off-diagonal tile it also adds, per column j, the fold of
 * d(i, j) over the tile's rows i to `sums[(offset + c) n + j]` (the caller owns those columns).
 * With `cache` (the condensed distances, pdist's layout, computed by {@link condensedRowDistances}),
 * the tile must be the whole of a one-block input (0..n against 0..n): the distances are read, not
 * computed (the same bits).
 */
export function silhouetteTile(
  data: Float64Array,
  d: number,
  n: number,
  flat: Int32Array,
  L: number,
  total: number,
  sums: Float64Array,
  colTmp: Float64Array,
  rowOut: Float64Array,
  acc: Float64Array,
  row: Float64Array,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  cache: Float64Array | null = null,
): void {
  const B = 8192;
  const diagonal = c0 === r0;
  const width = c1 - c0;
  for (let q = 0; q < total; q++) colTmp.fill(0, q * B, q * B + width);
  for (let i = r0; i < r1; i++) {
    const io = i * d;
    const j0 = diagonal ? i + 1 : c0;
    if (cache !== null) {
      // the distances of row i to the rows after it, condensed (only for the one tile 0..n)
      const off = i * n - (i * (i + 1)) / 2;
      row.set(cache.subarray(off, off + (n - i - 1)), i + 1);
    } else if (d === 3) {
      const x0 = data[io]!;
      const x1 = data[io + 1]!;
      const x2 = data[io + 2]!;
      for (let j = j0; j < c1; j++) {
        const jo = j * 3;
        const u0 = x0 - data[jo]!;
        const u1 = x1 - data[jo + 1]!;
        const u2 = x2 - data[jo + 2]!;
        row[j - c0] = Math.sqrt(u0 * u0 + u1 * u1 + u2 * u2);
      }
    } else {
      for (let j = j0; j < c1; j++) {
        let s = 0;
        const jo = j * d;
        for (let e = 0; e < d; e++) {
          const u = data[io + e]! - data[jo + e]!;
          s += u * u;
        }
        row[j - c0] = Math.sqrt(s);
      }
    }
    acc.fill(0, 0, total);
    for (let t = 0; t < L; t++) {
      const lab = t * n;
      const base = flat[lab + i]! * B - c0;
      for (let j = j0; j < c1; j++) {
        const dist = row[j - c0]!;
        acc[flat[lab + j]!]! += dist;
        colTmp[base + j]! += dist;
      }
    }
    const at = i - r0;
    // a diagonal tile: colTmp already holds the fold over the rows before i (all done)
    if (diagonal) for (let q = 0; q < total; q++) rowOut[q * B + at] = colTmp[q * B + (i - c0)]! + acc[q]!;
    else for (let q = 0; q < total; q++) rowOut[q * B + at] = acc[q]!;
  }
  if (!diagonal) {
    for (let q = 0; q < total; q++) {
      const from = q * B;
      const to = q * n + c0;
      for (let j = 0; j < width; j++) sums[to + j]! += colTmp[from + j]!;
    }
  }
}

/**
 * All pairwise distances in scipy's condensed layout, each by the expression {@link silhouetteTile}
 * uses (so the same bits). Self-contained, as it.
 */
export function condensedRowDistances(data: Float64Array, d: number, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const io = i * d;
    if (d === 3) {
      const x0 = data[io]!;
      const x1 = data[io + 1]!;
      const x2 = data[io + 2]!;
      for (let j = i + 1; j < n; j++) {
        const jo = j * 3;
        const u0 = x0 - data[jo]!;
        const u1 = x1 - data[jo + 1]!;
        const u2 = x2 - data[jo + 2]!;
        out[p++] = Math.sqrt(u0 * u0 + u1 * u1 + u2 * u2);
      }
    } else {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        const jo = j * d;
        for (let e = 0; e < d; e++) {
          const u = data[io + e]! - data[jo + e]!;
          s += u * u;
        }
        out[p++] = Math.sqrt(s);
      }
    }
  }
  return out;
}

/** Adds a tile's row partials to the sums of its rows [r0, r1). Self-contained, as {@link silhouetteTile}. */
export function addRowPartials(sums: Float64Array, n: number, total: number, rowOut: Float64Array, r0: number, r1: number): void {
  const B = 8192;
  for (let q = 0; q < total; q++) {
    const from = q * B - r0;
    const to = q * n;
    for (let i = r0; i < r1; i++) sums[to + i]! += rowOut[from + i]!;
  }
}

/** All pair sums on this thread, tile by tile in the fixed order. */
export function tilePairSums(data: Float64Array, d: number, n: number, lab: TileLabels): Float64Array {
  const B = SILHOUETTE_BLOCK;
  const sums = new Float64Array(lab.total * n);
  const colTmp = new Float64Array(lab.total * B);
  const rowOut = new Float64Array(lab.total * B);
  const acc = new Float64Array(lab.total);
  const row = new Float64Array(B);
  for (let r0 = 0; r0 < n; r0 += B) {
    const r1 = Math.min(n, r0 + B);
    for (let c0 = r0; c0 < n; c0 += B) {
      silhouetteTile(data, d, n, lab.flat, lab.ks.length, lab.total, sums, colTmp, rowOut, acc, row, r0, r1, c0, Math.min(n, c0 + B));
      addRowPartials(sums, n, lab.total, rowOut, r0, r1);
    }
  }
  return sums;
}

/**
 * The silhouettes from the pair sums: `a` the mean distance to the rest of the own cluster, `b` the
 * smallest mean distance to another cluster, `s = (b - a) / max(a, b)`, 0 alone in a cluster.
 */
export function silhouettesFromSums(n: number, lab: TileLabels, counts: readonly Float64Array[], sums: Float64Array): { score: number; samples: Float64Array }[] {
  return Array.from(lab.ks, (k, t) => {
    const off = lab.offsets[t]!;
    const cnt = counts[t]!;
    const samples = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = lab.labels[t * n + i]!;
      if (cnt[own]! <= 1) continue;
      const a = sums[(off + own) * n + i]! / (cnt[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        if (c === own || cnt[c] === 0) continue;
        const mean = sums[(off + c) * n + i]! / cnt[c]!;
        if (mean < b) b = mean;
      }
      const s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
      samples[i] = s;
      total += s;
    }
    return { score: total / n, samples };
  });
}
