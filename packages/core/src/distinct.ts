/** Row indices bucketed by group (CSR): group `g` holds `order[start[g] .. start[g + 1])`, in row order. */
export interface RowGroups {
  /** Number of groups. */
  readonly count: number;
  /** Offsets into `order`, length `count + 1`. */
  readonly start: Int32Array;
  /** Row indices, grouped. */
  readonly order: Int32Array;
}

/**
 * Buckets rows by group code with a counting sort. Rows with a negative code are left out.
 * O(n + groups).
 *
 * @param group - group code per row
 * @param groupCount - number of groups (codes 0..groupCount-1)
 * @returns the rows bucketed by group
 * @example
 * ```ts
 * const g = groupRows(Int32Array.of(1, 0, 1, -1), 2);
 * [g.start, g.order];
 * // => [Int32Array [0, 1, 3], Int32Array [1, 0, 2]]
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
  const fill = start.slice(0, groupCount);
  const order = new Int32Array(start[groupCount]!);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g >= 0) order[fill[g]!++] = i;
  }
  return { count: groupCount, start, order };
}

/**
 * Counts, for each group, the distinct non-negative codes among its rows, in O(n + values) time
 * with no hashing: each group stamps the codes it has seen. Missing values (-1) are skipped.
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
  const { count: groupCount, start, order } = groups;
  const stamp = new Int32Array(valueCount).fill(-1);
  const out = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    let count = 0;
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      const v = value[order[k]!]!;
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
