/**
 * Counts, for each group, the distinct non-negative codes among its rows, in O(n + groups + values)
 * time with no hashing: rows are bucketed by group (counting sort), then each group stamps the
 * codes it has seen. Rows with a negative group or value (missing) are skipped.
 *
 * @param group - group code per row
 * @param groupCount - number of groups (codes 0..groupCount-1)
 * @param value - value code per row
 * @param valueCount - number of values (codes 0..valueCount-1)
 * @returns the distinct value count per group
 */
export function distinctPerGroup(group: Int32Array, groupCount: number, value: Int32Array, valueCount: number): Int32Array {
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

/** Finishes compensated sums in place and returns them. */
export function finishCompensated(sums: Float64Array, comp: Float64Array): Float64Array {
  for (let k = 0; k < sums.length; k++) sums[k]! += comp[k]!;
  return sums;
}
