import { ClvError } from './errors.js';

/** A number column: a plain array or any typed array, one entry per customer. */
export type NumberColumn = ArrayLike<number>;

/**
 * The repeat-purchase summary the purchase models take (the BTYD summary, not segmentation RFM):
 * one entry per customer, all in one time unit (days, weeks, ...).
 *
 * - `frequency` (x): repeat purchases, a whole number >= 0 (purchases after the first).
 * - `recency` (t_x): time from the first purchase to the last repeat purchase; 0 when x = 0.
 * - `T`: the customer's age, time from the first purchase to the end of the observation period, > 0.
 *
 * `@shopper-spectrum/rfm`'s `repeatPurchaseSummary` returns exactly these columns, in days.
 */
export interface PurchaseSummary {
  /** Repeat purchases per customer (x). */
  readonly frequency: NumberColumn;
  /** Time of the last repeat purchase, from the first (t_x). */
  readonly recency: NumberColumn;
  /** Age at the end of the observation period (T). */
  readonly T: NumberColumn;
}

/** A validated summary, compressed to distinct (x, t_x, T) rows with their counts. @internal */
export interface PreparedSummary {
  /** Customers in the input. */
  readonly customers: number;
  /** Distinct rows. */
  readonly rows: number;
  /** x per distinct row. */
  readonly x: Int32Array;
  /** t_x per distinct row. */
  readonly tx: Float64Array;
  /** T per distinct row. */
  readonly T: Float64Array;
  /** How many customers share the row. */
  readonly weight: Float64Array;
  /** The largest x. */
  readonly maxX: number;
  /** Customers per value of x (index x). */
  readonly countByX: Float64Array;
}

/**
 * Checks a summary and returns its columns as Float64Arrays (x as Int32Array).
 * @throws {@link ClvError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_FREQUENCY`,
 *   `INVALID_AGE`, `INVALID_RECENCY`
 * @internal
 */
export function checkSummary(summary: PurchaseSummary, name = 'summary'): { x: Int32Array; tx: Float64Array; T: Float64Array } {
  if (summary === null || typeof summary !== 'object') throw new ClvError('EMPTY_INPUT', name, summary, 'an object { frequency, recency, T }');
  const { frequency, recency, T } = summary;
  for (const [key, col] of [['frequency', frequency], ['recency', recency], ['T', T]] as const) {
    if (col === null || col === undefined || typeof (col as ArrayLike<number>).length !== 'number') {
      throw new ClvError('EMPTY_INPUT', `${name}.${key}`, col, 'an array or typed array of numbers, one per customer');
    }
  }
  const n = frequency.length;
  if (n === 0) throw new ClvError('EMPTY_INPUT', `${name}.frequency`, [], 'at least one customer');
  if (recency.length !== n) throw new ClvError('LENGTH_MISMATCH', `${name}.recency`, recency.length, `${n} entries, as many as frequency`);
  if (T.length !== n) throw new ClvError('LENGTH_MISMATCH', `${name}.T`, T.length, `${n} entries, as many as frequency`);
  const x = new Int32Array(n);
  const tx = new Float64Array(n);
  const age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = frequency[i]!;
    const r = recency[i]!;
    const t = T[i]!;
    if (!Number.isFinite(f)) throw new ClvError('NON_FINITE', `frequency[${i}]`, f, 'a finite whole number >= 0');
    if (!Number.isFinite(r)) throw new ClvError('NON_FINITE', `recency[${i}]`, r, 'a finite number from 0 to T');
    if (!Number.isFinite(t)) throw new ClvError('NON_FINITE', `T[${i}]`, t, 'a finite number > 0');
    if (f < 0 || !Number.isInteger(f) || f > 2 ** 31 - 1) throw new ClvError('INVALID_FREQUENCY', `frequency[${i}]`, f, 'a whole number >= 0 (repeat purchases)');
    if (!(t > 0)) throw new ClvError('INVALID_AGE', `T[${i}]`, t, 'a number > 0 (the age: time from the first purchase to the end of the period)');
    if (r < 0 || r > t) throw new ClvError('INVALID_RECENCY', `recency[${i}]`, r, `a number from 0 to T[${i}] = ${t} (t_x <= T)`);
    if (f === 0 && r !== 0) throw new ClvError('INVALID_RECENCY', `recency[${i}]`, r, '0 for a customer with no repeat purchase (frequency 0)');
    x[i] = f;
    tx[i] = r;
    age[i] = t;
  }
  return { x, tx, T: age };
}

/**
 * Validates a summary and compresses it to its distinct (x, t_x, T) rows with counts, so the
 * likelihood is summed once per distinct row: summaries in whole days (as `repeatPurchaseSummary`
 * writes them) have far fewer distinct rows than customers, and so do fractional weeks (CDNOW's 1,411
 * customers without a repeat purchase share 84 rows). Whole times go through one numeric sort key,
 * others through a sort of the customers by (x, t_x, T). O(n log n).
 * @internal
 */
export function prepareSummary(summary: PurchaseSummary): PreparedSummary {
  const { x, tx, T } = checkSummary(summary);
  const n = x.length;
  let maxX = 0;
  let maxT = 0;
  let whole = true;
  for (let i = 0; i < n; i++) {
    if (x[i]! > maxX) maxX = x[i]!;
    if (T[i]! > maxT) maxT = T[i]!;
    if (whole && (!Number.isInteger(tx[i]!) || !Number.isInteger(T[i]!))) whole = false;
  }
  const countByX = new Float64Array(maxX + 1);
  for (let i = 0; i < n; i++) countByX[x[i]!]!++;
  const span = maxT + 1;
  if (whole && (maxX + 1) * span * span < 2 ** 52) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (x[i]! * span + tx[i]!) * span + T[i]!;
    keys.sort();
    let rows = 0;
    for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) rows++;
    const ux = new Int32Array(rows);
    const utx = new Float64Array(rows);
    const uT = new Float64Array(rows);
    const weight = new Float64Array(rows);
    let k = -1;
    for (let i = 0; i < n; i++) {
      if (i === 0 || keys[i] !== keys[i - 1]) {
        k++;
        const key = keys[i]!;
        const t = key % span;
        const rest = (key - t) / span;
        const r = rest % span;
        ux[k] = (rest - r) / span;
        utx[k] = r;
        uT[k] = t;
      }
      weight[k]!++;
    }
    return { customers: n, rows, x: ux, tx: utx, T: uT, weight, maxX, countByX };
  }
  // any other times (weeks as fractions, as CDNOW's): sort the customers by (x, t_x, T) and merge equal rows
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => x[i]! - x[j]! || tx[i]! - tx[j]! || T[i]! - T[j]!);
  let rows = 0;
  const same = (i: number, j: number) => x[i] === x[j] && tx[i] === tx[j] && T[i] === T[j];
  for (let k = 0; k < n; k++) if (k === 0 || !same(order[k]!, order[k - 1]!)) rows++;
  const ux = new Int32Array(rows);
  const utx = new Float64Array(rows);
  const uT = new Float64Array(rows);
  const weight = new Float64Array(rows);
  let row = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k === 0 || !same(i, order[k - 1]!)) {
      row++;
      ux[row] = x[i]!;
      utx[row] = tx[i]!;
      uT[row] = T[i]!;
    }
    weight[row]!++;
  }
  return { customers: n, rows, x: ux, tx: utx, T: uT, weight, maxX, countByX };
}
