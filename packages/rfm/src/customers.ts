import { checkTable, distinctInGroups, formatWallClock, groupRows, groupTotals, MS_PER_DAY, parseIsoDate } from '@shopper-spectrum/core';
import type { GroupTotals, TransactionTable } from '@shopper-spectrum/core';
import { RfmError } from './errors.js';

/** A point in time on the table's wall-clock scale: ms (as in `invoiceDate`) or `YYYY-MM-DD[ HH:mm[:ss]]`. */
export type TimeInput = number | string;

/** Per-customer facts both RFM definitions start from; customers sorted by id. */
export interface CustomerFacts {
  /** Customer ids, sorted (numerically when every id is a number, as pandas `groupby` sorts). */
  readonly customerIds: readonly string[];
  /** The customer's dictionary code, per output position. */
  readonly codes: Int32Array;
  /** Totals per dictionary code. */
  readonly totals: GroupTotals;
  /** Distinct invoices per dictionary code. */
  readonly invoices: Int32Array;
  /** First and last purchase per dictionary code. */
  readonly first: Float64Array;
  /** Last purchase per dictionary code. */
  readonly last: Float64Array;
  /** The latest purchase in the table. */
  readonly maxTime: number;
}

/** Checks the table and gathers per-customer facts. O(n + customers log customers). */
export function customerFacts(table: TransactionTable): CustomerFacts {
  checkTable(table);
  if (table.length === 0) throw new RfmError('EMPTY_INPUT', 'table', 'a table with 0 rows', 'a table with at least one row');
  const { customer, invoice, invoiceDate } = table.columns;
  const k = table.dictionaries.customer.length;
  const totals = groupTotals(table, customer, k);
  const first = new Float64Array(k).fill(Infinity);
  const last = new Float64Array(k).fill(-Infinity);
  let maxTime = -Infinity;
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    if (c < 0) continue;
    const t = invoiceDate[i]!;
    if (t < first[c]!) first[c] = t;
    if (t > last[c]!) last[c] = t;
    if (t > maxTime) maxTime = t;
  }
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (totals.lines[c]! > 0) present.push(c);
  if (present.length === 0) {
    throw new RfmError('NO_CUSTOMERS', 'table', `${table.length} rows, none with a customer id`, 'rows with customer ids', { detail: 'Load a customerId column, or clean with the missing-customer rule off only if ids exist.' });
  }
  const ids = table.dictionaries.customer;
  const numeric = present.every((c) => /^\d{1,15}$/.test(ids[c]!));
  present.sort(numeric ? (a, b) => Number(ids[a]) - Number(ids[b]) : (a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const invoices = distinctInGroups(groupRows(customer, k), invoice, table.dictionaries.invoice.length);
  return { customerIds: present.map((c) => ids[c]!), codes: Int32Array.from(present), totals, invoices, first, last, maxTime };
}

/** Reads a {@link TimeInput}; checks it is not before `notBefore`. */
export function resolveTime(value: TimeInput, parameter: string, notBefore: number): number {
  let t: number;
  if (typeof value === 'number') t = value;
  else if (typeof value === 'string') t = parseIsoDate(value, 0, value.length);
  else t = NaN;
  if (!Number.isFinite(t)) throw new RfmError('INVALID_AS_OF', parameter, value, "wall-clock ms or a date written 'YYYY-MM-DD[ HH:mm[:ss]]'");
  if (t < notBefore) {
    throw new RfmError('INVALID_AS_OF', parameter, typeof value === 'number' ? formatWallClock(value) : value, `a time on or after the last purchase in the table (${formatWallClock(notBefore)})`);
  }
  return t;
}

/** Whole days from `from` to `to` (floor), on the zone-free calendar: no daylight-saving drift. */
export function wholeDays(from: number, to: number): number {
  return Math.floor((to - from) / MS_PER_DAY);
}
