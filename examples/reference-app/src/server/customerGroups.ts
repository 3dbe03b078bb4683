/**
 * Which RFM segment and which cluster each customer of the served table is in (as of the
 * analysis, from `rfm.csv`), as one small array per segmentation indexed by the table's customer
 * codes: built once at start, read by the `segment` and `cluster` filters (a row is kept when its
 * customer's entry is the asked group) and by every per-segment answer, so no request groups the
 * customers again.
 */
import type { TransactionTable } from '@shopper-spectrum/core';
import type { CustomerRfm } from '../artifacts.js';

/** One segmentation of the customers. */
export interface CustomerGroups {
  /** The group names, in the order the analysis lists them (names only `rfm.csv` has come last). */
  readonly names: readonly string[];
  /** Lower-cased name -> index into `names`. */
  readonly index: ReadonlyMap<string, number>;
  /** Customer code (into the table's customer dictionary) -> index into `names`, or -1 for a customer without an RFM row. */
  readonly of: Int16Array;
  /** Customers in each group (with an RFM row and rows in the table). */
  readonly sizes: Int32Array;
}

/** The two segmentations of the customers. */
export interface CustomerSegmentations {
  /** The RFM segments (the business names, `RFMSegment`). */
  readonly rfm: CustomerGroups;
  /** The clusters (named by their centroids, `ClusterSegment`). */
  readonly cluster: CustomerGroups;
}

/** Options of {@link customerSegmentations}. */
export interface CustomerSegmentationsOptions {
  /** The served table (its customer dictionary gives the codes). */
  readonly table: TransactionTable;
  /** The customers' RFM rows by CustomerID. */
  readonly rfm: ReadonlyMap<string, CustomerRfm>;
  /**
   * The RFM segment names in their order (analysis.json `rfmSegments`).
   * @defaultValue `[]`: the order of first appearance in `rfm`
   */
  readonly rfmNames?: readonly string[];
  /**
   * The cluster names in their order (the segment model's `names`).
   * @defaultValue `[]`: the order of first appearance in `rfm`
   */
  readonly clusterNames?: readonly string[];
}

/**
 * Builds both segmentations' customer arrays in one pass over the customer dictionary: O(customers)
 * time, 2 bytes a customer code per segmentation.
 *
 * @example
 * ```ts
 * const groups = customerSegmentations({ table: state.table, rfm: state.rfm, rfmNames: ['High-Value', 'Regular', 'Occasional', 'At-Risk'] });
 * groups.rfm.names[groups.rfm.of[state.customerCode.get('12347')!]!];
 * // => 'High-Value' (Online Retail, trusted preset)
 * ```
 */
export function customerSegmentations(options: CustomerSegmentationsOptions): CustomerSegmentations {
  const { table, rfm, rfmNames = [], clusterNames = [] } = options;
  const ids = table.dictionaries.customer;
  const make = (declared: readonly string[], pick: (r: CustomerRfm) => string): CustomerGroups => {
    const names = [...declared];
    const index = new Map(names.map((n, i) => [n.toLowerCase(), i]));
    const of = new Int16Array(ids.length).fill(-1);
    const sizes: number[] = names.map(() => 0);
    ids.forEach((id, c) => {
      const row = rfm.get(id);
      if (!row) return;
      const name = pick(row);
      let g = index.get(name.toLowerCase());
      if (g === undefined) {
        g = names.length;
        names.push(name);
        index.set(name.toLowerCase(), g);
        sizes.push(0);
      }
      of[c] = g;
      sizes[g]!++;
    });
    return { names, index, of, sizes: Int32Array.from(sizes) };
  };
  return { rfm: make(rfmNames, (r) => r.rfmSegment), cluster: make(clusterNames, (r) => r.cluster) };
}
