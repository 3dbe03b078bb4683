import { trustedTable } from './transactionTable.js';
import type { TransactionColumns, TransactionDictionaries, TransactionSchema, TransactionTable } from './transactionTable.js';

/** Rows parsed separately (a chunk of a file), with codes into the part's own dictionaries. */
export interface TablePart {
  /** The part's columns (codes into `dictionaries`, -1 for absent optional values). */
  readonly columns: TransactionColumns;
  /** The part's dictionaries, each in first-appearance order within the part. */
  readonly dictionaries: TransactionDictionaries;
}

const CODED = ['invoice', 'stockCode', 'description', 'customer', 'country'] as const;
const VALUES = ['quantity', 'invoiceDate', 'unitPrice'] as const;

/**
 * Joins parts, in order, into one table whose dictionaries are in first-appearance order over all
 * its rows: exactly the table one parser reading the parts' rows one after the other would build.
 * A value new in part k is met, among the values new in part k, in the order of part k's own
 * dictionary, so each part's codes are remapped with one lookup per dictionary entry, then one pass
 * over its rows. O(rows + dictionary entries).
 *
 * @param parts - the parts, in row order
 * @param schema - the table's schema
 * @returns the joined table
 * @internal
 */
export function mergeTableParts(parts: readonly TablePart[], schema: TransactionSchema): TransactionTable {
  const n = parts.reduce((s, p) => s + p.columns.invoice.length, 0);
  const columns = {} as Record<(typeof CODED)[number], Int32Array> & Record<(typeof VALUES)[number], Float64Array>;
  const dictionaries = {} as Record<(typeof CODED)[number], string[]>;
  for (const name of VALUES) {
    const out = new Float64Array(n);
    let offset = 0;
    for (const p of parts) {
      out.set(p.columns[name], offset);
      offset += p.columns[name].length;
    }
    columns[name] = out;
  }
  for (const name of CODED) {
    const out = new Int32Array(n);
    const values: string[] = [];
    const codes = new Map<string, number>();
    let offset = 0;
    for (const p of parts) {
      const local = p.dictionaries[name];
      const remap = new Int32Array(local.length);
      for (let c = 0; c < local.length; c++) {
        const v = local[c]!;
        let g = codes.get(v);
        if (g === undefined) {
          g = values.length;
          values.push(v);
          codes.set(v, g);
        }
        remap[c] = g;
      }
      const src = p.columns[name];
      for (let i = 0; i < src.length; i++) {
        const c = src[i]!;
        out[offset + i] = c < 0 ? c : remap[c]!;
      }
      offset += src.length;
    }
    columns[name] = out;
    dictionaries[name] = values;
  }
  return trustedTable(columns as TransactionColumns, dictionaries, schema);
}
