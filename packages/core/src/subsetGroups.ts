import type { GroupTotals } from './groupTotals.js';
import type { TransactionTable } from './transactionTable.js';

/**
 * The aggregation steps of {@link groupTotals}, {@link groupRows} and {@link inGroupOrder}, over a
 * subset of a table's rows given as indices (the `rows` option of topProducts, productSummary and
 * salesTrend), so that a filtered answer needs no copy of the table. Internal: not exported from
 * the package.
 *
 * Every function reads the selected rows in the order given, one forward pass over the columns for
 * ascending indices, and keeps the order within each group, so sums are added in exactly the order
 * the same functions would add them on `selectRows(table, rows)`: the results match bit for bit.
 */

/**
 * Sums revenue and quantity and counts rows per group, over the selected rows: `group[j]` is the
 * group of row `rows[j]` (no negative codes). The Neumaier steps are those of groupTotals. O(m + groups).
 *
 * @param table - the table
 * @param rows - the selected row indices
 * @param group - the group code of each selected row, aligned with `rows`
 * @param groupCount - number of groups
 */
export function subsetTotals(table: TransactionTable, rows: Int32Array, group: Int32Array, groupCount: number): GroupTotals {
  const { quantity, unitPrice } = table.columns;
  const revenue = new Float64Array(groupCount);
  const revComp = new Float64Array(groupCount);
  const items = new Float64Array(groupCount);
  const itemsComp = new Float64Array(groupCount);
  const lines = new Int32Array(groupCount);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    const g = group[j]!;
    const q = quantity[i]!;
    const v = q * unitPrice[i]!;
    let s = revenue[g]!;
    let t = s + v;
    revComp[g]! += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    revenue[g] = t;
    s = items[g]!;
    t = s + q;
    itemsComp[g]! += Math.abs(s) >= Math.abs(q) ? s - t + q : q - t + s;
    items[g] = t;
    lines[g]!++;
  }
  for (let g = 0; g < groupCount; g++) {
    revenue[g]! += revComp[g]!;
    items[g]! += itemsComp[g]!;
  }
  return { revenue, items, lines };
}

/** Selected rows' code columns laid out in group order, interleaved. */
export interface SubsetLayout {
  /** Offsets, length `groups + 1`: group `g` owns rows `start[g] .. start[g + 1])` of the layout. */
  readonly start: Int32Array;
  /** `columns.length` codes per row, row after row in group order (rows of a group in the order given). */
  readonly codes: Int32Array;
}

/**
 * Buckets the selected rows by group (a stable counting sort) and lays out the given code columns
 * of those rows in group order, interleaved, so each group's codes are then read in one sequential
 * sweep: one forward read of the columns and one write stream per group, as inGroupOrder does for
 * the whole table. O(m x columns + groups) time, 4 x columns bytes a selected row.
 *
 * @param rows - the selected row indices
 * @param group - the group code of each selected row, aligned with `rows`
 * @param groupCount - number of groups
 * @param columns - full-length code columns of the table to lay out
 */
export function subsetLayout(rows: Int32Array, group: Int32Array, groupCount: number, columns: readonly Int32Array[]): SubsetLayout {
  const m = rows.length;
  const width = columns.length;
  const start = new Int32Array(groupCount + 1);
  for (let j = 0; j < m; j++) start[group[j]! + 1]!++;
  for (let g = 0; g < groupCount; g++) start[g + 1]! += start[g]!;
  const next = start.slice(0, groupCount);
  const codes = new Int32Array(m * width);
  if (width === 2) {
    const [a, b] = columns as [Int32Array, Int32Array];
    for (let j = 0; j < m; j++) {
      const i = rows[j]!;
      const at = next[group[j]!]!++ * 2;
      codes[at] = a[i]!;
      codes[at + 1] = b[i]!;
    }
  } else if (width === 3) {
    const [a, b, c] = columns as [Int32Array, Int32Array, Int32Array];
    for (let j = 0; j < m; j++) {
      const i = rows[j]!;
      const at = next[group[j]!]!++ * 3;
      codes[at] = a[i]!;
      codes[at + 1] = b[i]!;
      codes[at + 2] = c[i]!;
    }
  } else {
    for (let j = 0; j < m; j++) {
      const i = rows[j]!;
      const at = next[group[j]!]!++ * width;
      for (let w = 0; w < width; w++) codes[at + w] = columns[w]![i]!;
    }
  }
  return { start, codes };
}
