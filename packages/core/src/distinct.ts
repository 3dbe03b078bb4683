/**
 * Rows bucketed by group (CSR offsets): group `g` owns positions `start[g] .. start[g + 1])` of any
 * array laid out in group order. Built once per grouping and shared by every count over it.
 */
export interface RowGroups {
  /** Number of groups. */
  readonly count: number;
  /** Offsets, length `count + 1`; `start[count]` is the number of rows with a group. */
  readonly start: Int32Array;
  /** The group code of each row (negative: no group). */
  readonly codes: Int32Array;
}

/**
 * Buckets rows by group code (the counting pass of a counting sort). Rows with a negative code
 * are left out. O(n + groups).
 *
 * @param group - group code per row
 * @param groupCount - number of groups (codes 0..groupCount-1)
 * @returns the group offsets
 * @example
 * ```ts
 * const g = groupRows(Int32Array.of(1, 0, 1, -1), 2);
 * g.start;
 * // => Int32Array [0, 1, 3]
 * ```
 */
export function groupRows(group: Int32Array, groupCount: number): RowGroups {
  const n = group.length;
  const start = new Int32Array(groupCount + 1);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g >= 0) start[g + 1]!++;
  }
  for (let g = 0; g < groupCount; g++) start[g + 1]! += start[g]!;
  return { count: groupCount, start, codes: group };
}

/**
 * Lays a column out in group order (row order within a group): one sequential read of the column
 * and one sequential write stream per group, so it stays fast on tables far larger than the CPU
 * caches, where gathering rows group by group would miss the cache on nearly every row. O(n).
 *
 * @param groups - the grouping
 * @param value - one value per row
 * @returns the values of group `g` at `start[g] .. start[g + 1])`
 * @example
 * ```ts
 * inGroupOrder(groupRows(Int32Array.of(1, 0, 1), 2), Int32Array.of(7, 8, 9));
 * // => Int32Array [8, 7, 9]
 * ```
 */
export function inGroupOrder(groups: RowGroups, value: Int32Array): Int32Array {
  const { count, start, codes } = groups;
  const fill = start.slice(0, count);
  const out = new Int32Array(start[count]!);
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i]!;
    if (g >= 0) out[fill[g]!++] = value[i]!;
  }
  return out;
}

/**
 * Counts, for each group, the distinct non-negative codes among its rows, in O(n + values) time
 * with no hashing: values are laid out in group order ({@link inGroupOrder}), then each group
 * stamps the codes it has seen. Missing values (-1) are skipped.
 *
 * @param groups - rows bucketed by group ({@link groupRows})
 * @param value - value code per row
 * @param valueCount - number of values (codes 0..valueCount-1)
 * @returns the distinct value count per group
 * @example
 * ```ts
 * // orders (distinct invoices) per product
 * const byProduct = groupRows(table.columns.stockCode, table.dictionaries.stockCode.length);
 * distinctInGroups(byProduct, table.columns.invoice, table.dictionaries.invoice.length);
 * ```
 */
export function distinctInGroups(groups: RowGroups, value: Int32Array, valueCount: number): Int32Array {
  const { count: groupCount, start } = groups;
  const sorted = inGroupOrder(groups, value);
  const stamp = new Int32Array(valueCount).fill(-1);
  const out = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    let count = 0;
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      const v = sorted[k]!;
      if (v >= 0 && stamp[v] !== g) {
        stamp[v] = g;
        count++;
      }
    }
    out[g] = count;
  }
  return out;
}

/**
 * Number of distinct non-negative codes in a column. O(n + size).
 *
 * @param codes - the code column
 * @param size - the dictionary size
 */
export function distinctCount(codes: Int32Array, size: number): number {
  const seen = new Uint8Array(size);
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && seen[c] === 0) {
      seen[c] = 1;
      count++;
    }
  }
  return count;
}

/**
 * Adds `value` into a Neumaier-compensated sum held in `sums[k]` (sum) and `comp[k]` (compensation),
 * so totals barely depend on row order. Read the result as `sums[k] + comp[k]`.
 */
export function addCompensated(sums: Float64Array, comp: Float64Array, k: number, value: number): void {
  const s = sums[k]!;
  const t = s + value;
  comp[k]! += Math.abs(s) >= Math.abs(value) ? s - t + value : value - t + s;
  sums[k] = t;
}

/**
 * Finishes compensated sums in place and returns them.
 */
export function finishCompensated(sums: Float64Array, comp: Float64Array): Float64Array {
  for (let k = 0; k < sums.length; k++) sums[k]! += comp[k]!;
  return sums;
}
