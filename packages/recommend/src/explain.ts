import type { InteractionMatrix } from './interactions.js';

/** StockCode with its description, for explanations. */
export const itemLabel = (m: InteractionMatrix, j: number): string => `${m.items[j]}${m.descriptions[j] ? ` (${m.descriptions[j]!.trim()})` : ''}`;

/**
 * The customer's product that contributed most to product `j` under an item-to-item weight, or -1.
 * `row` -1 means the folded-in `history` columns (weight 1 each).
 */
export function strongestSource(matrix: InteractionMatrix, row: number, history: readonly number[], weight: (i: number, j: number) => number, j: number): number {
  let best = -1;
  let bestV = 0;
  const consider = (i: number, x: number) => {
    const v = x * weight(i, j);
    if (v > bestV) [best, bestV] = [i, v];
  };
  if (row >= 0) for (let p = matrix.indptr[row]!; p < matrix.indptr[row + 1]!; p++) consider(matrix.indices[p]!, matrix.data[p]!);
  else for (const i of history) consider(i, 1);
  return best;
}
