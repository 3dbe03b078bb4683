import { FULL_SCHEMA, MS_PER_DAY, NO_PRODUCT, PARSE_DEFAULTS, TransactionTable, parseDecimal, parseIsoDate, parseTransactionRows } from '@shopper-spectrum/core';
import type { TransactionColumns, TransactionDictionaries, TransactionField, TransactionSchema } from '@shopper-spectrum/core';
import { segmentLength, utf8At } from './sourceColumn.js';
import type { Segment, SourceColumn } from './sourceColumn.js';
import type { ReadTableOptions } from './tableFromColumns.js';

/** What the columnar builder needs of a source once the mapping is resolved: the column of each field read (absent: not in the source). */
export interface ColumnarInput {
  readonly length: number;
  readonly minimal: boolean;
  readonly columns: Partial<Record<TransactionField, SourceColumn>>;
  readonly schema?: TransactionSchema | undefined;
}

/** A code that tells the callers of {@link textCoder} the value cannot be read here (the row path decides). */
const UNREADABLE = -3;

/** `'17850.0'` (how spreadsheets and pandas write integer ids) becomes `'17850'`; spaces are trimmed (core's rule for customer ids). */
function normaliseCustomerId(raw: string): string {
  const s = raw.trim();
  const dot = s.indexOf('.');
  if (dot > 0 && /^\d+\.0+$/.test(s)) return s.slice(0, dot);
  return s;
}

/**
 * The code of a text value in first-appearance order, by core's rules for text read from typed
 * sources: strings as they are, integers and bigints as their decimal text, customer ids
 * normalised; an empty value is -1 where the field is optional. Anything else is {@link UNREADABLE}.
 */
function textCoder(values: string[], required: boolean, customer: boolean): (v: unknown) => number {
  const byText = new Map<string, number>();
  const byRaw = new Map<unknown, number>();
  return (v) => {
    let code = byRaw.get(v);
    if (code !== undefined) return code;
    let s: string;
    if (typeof v === 'string') s = v;
    else if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) s = String(v);
    else return UNREADABLE;
    if (customer) s = normaliseCustomerId(s);
    if (s === '') {
      if (required) return UNREADABLE;
      code = -1;
    } else {
      code = byText.get(s);
      if (code === undefined) {
        code = values.length;
        values.push(s);
        byText.set(s, code);
      }
    }
    byRaw.set(v, code);
    return code;
  };
}

/** FNV-1a over bytes [s, e). */
function hashBytes(bytes: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/**
 * Codes of a UTF-8 segment without decoding a row more than once: rows are hashed on their bytes
 * into an open-addressing table of the distinct values met (each decoded once, when first met).
 * O(bytes). Returns false when a value cannot be read.
 */
function utf8Codes(seg: Extract<Segment, { kind: 'utf8' }>, out: Int32Array, at: number, code: (v: unknown) => number, required: boolean): boolean {
  const { offsets, bytes, valid } = seg;
  const n = offsets.length - 1;
  let size = 1024;
  while (size < n * 2 && size < 1 << 24) size <<= 1;
  let mask = size - 1;
  let slots = new Int32Array(size); // distinct index + 1
  let firstRow = new Int32Array(64);
  let hashes = new Int32Array(64);
  let codes = new Int32Array(64);
  let distinct = 0;
  let lastS = -1;
  let lastE = -1;
  let lastCode = 0;
  for (let i = 0; i < n; i++) {
    if (valid !== undefined && valid[i] === 0) {
      if (required) return false;
      out[at + i] = -1;
      continue;
    }
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    const len = e - s;
    if (len === lastE - lastS) {
      let same = true;
      for (let k = 0; k < len; k++) {
        if (bytes[s + k] !== bytes[lastS + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        out[at + i] = lastCode;
        continue;
      }
    }
    const h = hashBytes(bytes, s, e);
    let slot = h & mask;
    let c = UNREADABLE;
    for (;;) {
      const d = slots[slot]! - 1;
      if (d < 0) break;
      if (hashes[d] === h) {
        const r = firstRow[d]!;
        const rs = offsets[r]!;
        if (offsets[r + 1]! - rs === len) {
          let same = true;
          for (let k = 0; k < len; k++) {
            if (bytes[s + k] !== bytes[rs + k]) {
              same = false;
              break;
            }
          }
          if (same) {
            c = codes[d]!;
            break;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
    if (c === UNREADABLE) {
      c = code(utf8At(seg, i));
      if (c === UNREADABLE) return false;
      if (distinct === firstRow.length) {
        const grow = (a: Int32Array) => {
          const g = new Int32Array(a.length * 2);
          g.set(a);
          return g;
        };
        firstRow = grow(firstRow);
        hashes = grow(hashes);
        codes = grow(codes);
      }
      firstRow[distinct] = i;
      hashes[distinct] = h;
      codes[distinct] = c;
      slots[slot] = ++distinct;
      if (distinct * 2 > size) {
        size *= 2;
        mask = size - 1;
        slots = new Int32Array(size);
        for (let d = 0; d < distinct; d++) {
          let sl = hashes[d]! & mask;
          while (slots[sl] !== 0) sl = (sl + 1) & mask;
          slots[sl] = d + 1;
        }
      }
    }
    out[at + i] = c;
    lastS = s;
    lastE = e;
    lastCode = c;
  }
  return true;
}

/** A text column's codes and dictionary (first-appearance order), or null when a value is not one the fast path reads. O(rows). */
function textColumn(column: SourceColumn | undefined, length: number, required: boolean, customer: boolean): { codes: Int32Array; values: string[] } | null {
  const codes = new Int32Array(length);
  const values: string[] = [];
  if (column === undefined) {
    codes.fill(-1);
    return { codes, values };
  }
  const code = textCoder(values, required, customer);
  let at = 0;
  for (const seg of column.segments) {
    const n = Math.min(segmentLength(seg), length - at);
    if (seg.kind === 'values') {
      const { values: vs, valid } = seg;
      let last: unknown = undefined;
      let lastCode = UNREADABLE;
      for (let i = 0; i < n; i++) {
        const v = valid !== undefined && valid[i] === 0 ? null : vs[i];
        let c: number;
        if (v === last && lastCode !== UNREADABLE) c = lastCode;
        else if (v == null) {
          if (required) return null;
          c = -1;
        } else {
          c = code(v);
          if (c === UNREADABLE) return null;
        }
        codes[at + i] = c;
        last = v;
        lastCode = c;
      }
    } else if (seg.kind === 'codes') {
      const remap = new Int32Array(seg.dictionary.length).fill(UNREADABLE);
      const src = seg.codes;
      for (let i = 0; i < n; i++) {
        const k = src[i]!;
        let c: number;
        if (k < 0) {
          if (required) return null;
          c = -1;
        } else {
          c = remap[k]!;
          if (c === UNREADABLE) {
            const v = seg.dictionary[k];
            if (v == null) {
              if (required) return null;
              c = -1;
            } else {
              c = code(v);
              if (c === UNREADABLE) return null;
            }
            remap[k] = c;
          }
        }
        codes[at + i] = c;
      }
    } else if (!utf8Codes(seg, codes, at, code, required)) return null;
    at += n;
  }
  return at === length ? { codes, values } : null;
}

/** A number as core's row parser reads it from a typed source (numbers, bigints, decimal text), or NaN. */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return parseDecimal(v, 0, v.length);
  return NaN;
}

/** A number column, every value present, finite and within `limit`, or null. O(rows). */
function numberColumn(column: SourceColumn, length: number, limit: number): Float64Array | null {
  const out = new Float64Array(length);
  let at = 0;
  for (const seg of column.segments) {
    const n = Math.min(segmentLength(seg), length - at);
    if (seg.kind === 'values') {
      const { values, valid } = seg;
      if (valid !== undefined) for (let i = 0; i < n; i++) if (valid[i] === 0) return null;
      if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint32Array || values instanceof Uint16Array || values instanceof Uint8Array) {
        for (let i = 0; i < n; i++) {
          const v = values[i]!;
          if (!(Math.abs(v) <= limit)) return null;
          out[at + i] = v;
        }
      } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
        for (let i = 0; i < n; i++) {
          const v = Number(values[i]!);
          if (!(Math.abs(v) <= limit)) return null;
          out[at + i] = v;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = numberOf(values[i]);
          if (!(Math.abs(v) <= limit)) return null;
          out[at + i] = v;
        }
      }
    } else if (seg.kind === 'codes') {
      const { codes, dictionary } = seg;
      for (let i = 0; i < n; i++) {
        const k = codes[i]!;
        const v = k < 0 ? NaN : numberOf(dictionary[k]);
        if (!(Math.abs(v) <= limit)) return null;
        out[at + i] = v;
      }
    } else {
      const valid = seg.valid;
      for (let i = 0; i < n; i++) {
        const v = valid !== undefined && valid[i] === 0 ? NaN : numberOf(utf8At(seg, i));
        if (!(Math.abs(v) <= limit)) return null;
        out[at + i] = v;
      }
    }
    at += n;
  }
  return at === length ? out : null;
}

/** The dates of a column: wall-clock ms per row and, for text dates, the text (a minimal log's invoice is customer + date text). */
interface DateColumn {
  readonly dates: Float64Array;
  /** Per row, the index of its text in `texts` (text dates only). */
  readonly textIndex: Int32Array | null;
  readonly texts: readonly string[];
}

/**
 * A date column, every date inside [minDate, maxDate], or null. Numbers (ms) and Dates are read
 * as they are; text dates are read by core's own date rules, once per distinct text, in order of
 * first appearance (so `'auto'` settles day-first or month-first on the same value as the row
 * path). O(rows + distinct texts).
 */
function dateColumn(column: SourceColumn, length: number, minDate: number, maxDate: number, options: ReadTableOptions): DateColumn | null {
  const dates = new Float64Array(length);
  let textIndex: Int32Array | null = null;
  const texts: string[] = [];
  const seen = new Map<string, number>();
  let numeric = false;
  let at = 0;
  const text = (s: string, row: number): boolean => {
    if (numeric) return false;
    textIndex ??= new Int32Array(length);
    let k = seen.get(s);
    if (k === undefined) {
      k = texts.length;
      texts.push(s);
      seen.set(s, k);
    }
    textIndex[row] = k;
    return true;
  };
  const value = (v: unknown, row: number): boolean => {
    if (typeof v === 'string') return text(v, row);
    if (textIndex !== null) return false;
    numeric = true;
    const t = typeof v === 'number' && Number.isFinite(v) ? v : v instanceof Date ? v.getTime() : NaN;
    if (!(t >= minDate && t <= maxDate)) return false;
    dates[row] = t;
    return true;
  };
  for (const seg of column.segments) {
    const n = Math.min(segmentLength(seg), length - at);
    if (seg.kind === 'values') {
      const { values, valid } = seg;
      if (valid !== undefined) for (let i = 0; i < n; i++) if (valid[i] === 0) return null;
      if (values instanceof Float64Array) {
        if (textIndex !== null) return null;
        numeric = true;
        for (let i = 0; i < n; i++) {
          const t = values[i]!;
          if (!(t >= minDate && t <= maxDate)) return null;
          dates[at + i] = t;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v == null || !value(typeof v === 'bigint' ? Number(v) : v, at + i)) return null;
        }
      }
    } else if (seg.kind === 'codes') {
      const { codes, dictionary } = seg;
      for (let i = 0; i < n; i++) {
        const k = codes[i]!;
        const v = k < 0 ? null : dictionary[k];
        if (v == null || !value(typeof v === 'bigint' ? Number(v) : v, at + i)) return null;
      }
    } else {
      const valid = seg.valid;
      for (let i = 0; i < n; i++) if ((valid !== undefined && valid[i] === 0) || !text(utf8At(seg, i), at + i)) return null;
    }
    at += n;
  }
  if (at !== length) return null;
  if (textIndex === null) return { dates, textIndex, texts };
  // text dates: each distinct text once through core's parser (a log of customer, date and amount,
  // so that only the date is judged); any text it rejects sends the whole source to the row path
  let parsed: Float64Array;
  try {
    const result = parseTransactionRows(
      texts.map((s) => ({ customerId: 'x', invoiceDate: s, amount: 0 })),
      { maxIssues: 0, ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }), ...(options.dateRange === undefined ? {} : { dateRange: options.dateRange }) },
    );
    if (result.summary.rowsRejected > 0 || result.table.length !== texts.length) return null;
    parsed = result.table.columns.invoiceDate;
  } catch {
    return null;
  }
  const index: Int32Array = textIndex;
  for (let i = 0; i < length; i++) dates[i] = parsed[index[i]!]!;
  return { dates, textIndex: index, texts };
}

/** The plausible window of dates, exactly as core's parser computes it from `dateRange`. */
function dateWindow(options: ReadTableOptions): { minDate: number; maxDate: number } {
  const range = options.dateRange ?? {};
  const bound = (v: number | string) => (typeof v === 'number' ? v : parseIsoDate(v, 0, v.length));
  const minDate = bound(range.from ?? PARSE_DEFAULTS.dateRange.from ?? 0);
  const to = range.to ?? PARSE_DEFAULTS.dateRange.to;
  const maxDate = to === undefined ? Math.floor(Date.now() / MS_PER_DAY) * MS_PER_DAY + 2 * MS_PER_DAY - 1 : bound(to) + (typeof to === 'string' && to.length === 10 ? MS_PER_DAY - 1 : 0);
  return { minDate, maxDate };
}

/**
 * Builds a table straight from typed columns, applying core's value rules column by column (text
 * codes and dictionaries in first-appearance order, customer ids normalised, numbers finite and
 * within `limits`, line totals, dates inside `dateRange`, a minimal log's derived invoices and
 * prices), without making a row. Returns null whenever a value is anything but clean (a NULL where
 * one is required, a type it does not read, a value core would reject, an option core refuses):
 * the caller then reads the source through core's row parser, which gives the error, so the
 * errors stay exactly those of the row path. On success the table equals the row path's, code for
 * code. O(rows x columns).
 */
export function columnarTable(input: ColumnarInput, options: ReadTableOptions): TransactionTable | null {
  // options core refuses: the row path throws its error
  try {
    parseTransactionRows([], { ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }), ...(options.dateRange === undefined ? {} : { dateRange: options.dateRange }), ...(options.limits === undefined ? {} : { limits: options.limits }) });
  } catch {
    return null;
  }
  const { length, minimal, columns: c } = input;
  const limits = { ...PARSE_DEFAULTS.limits, ...(options.limits ?? {}) };
  const maxQuantity = limits.quantity!;
  const maxPrice = limits.unitPrice!;
  const maxTotal = limits.lineTotal!;
  const { minDate, maxDate } = dateWindow(options);
  const date = dateColumn(c.invoiceDate!, length, minDate, maxDate, options);
  if (date === null) return null;
  const description = textColumn(c.description, length, false, false);
  const country = textColumn(c.country, length, false, false);
  if (description === null || country === null) return null;
  if (minimal) {
    const customer = textColumn(c.customerId, length, true, true);
    if (customer === null) return null;
    const amount = numberColumn(c.amount!, length, maxTotal);
    if (amount === null) return null;
    let quantity: Float64Array | null;
    if (c.quantity === undefined) quantity = new Float64Array(length).fill(1);
    else quantity = numberColumn(c.quantity, length, maxQuantity);
    if (quantity === null) return null;
    const unitPrice = new Float64Array(length);
    const invoice = new Int32Array(length);
    const invoices: string[] = [];
    const invoiceCode = new Map<string, number>();
    const { dates, textIndex, texts } = date;
    for (let i = 0; i < length; i++) {
      const q = quantity[i]!;
      const a = amount[i]!;
      const price = q === 0 ? a : a / q;
      if (!(Math.abs(price) <= maxPrice)) return null;
      unitPrice[i] = price;
      const key = `${customer.values[customer.codes[i]!]!}|${textIndex === null ? String(dates[i]) : texts[textIndex[i]!]!}`;
      let k = invoiceCode.get(key);
      if (k === undefined) {
        k = invoices.length;
        invoices.push(key);
        invoiceCode.set(key, k);
      }
      invoice[i] = k;
    }
    const columns: TransactionColumns = { invoice, stockCode: new Int32Array(length), description: description.codes, quantity, invoiceDate: dates, unitPrice, customer: customer.codes, country: country.codes };
    const dictionaries: TransactionDictionaries = { invoice: invoices, stockCode: length === 0 ? [] : [NO_PRODUCT], description: description.values, customer: customer.values, country: country.values };
    return new TransactionTable(columns, dictionaries, { invoices: 'derived', products: false, prices: 'derived' });
  }
  const quantity = numberColumn(c.quantity!, length, maxQuantity);
  const unitPrice = quantity === null ? null : numberColumn(c.unitPrice!, length, maxPrice);
  if (quantity === null || unitPrice === null) return null;
  for (let i = 0; i < length; i++) if (!(Math.abs(quantity[i]! * unitPrice[i]!) <= maxTotal)) return null;
  const invoice = textColumn(c.invoiceNo, length, true, false);
  const stockCode = invoice === null ? null : textColumn(c.stockCode, length, true, false);
  const customer = stockCode === null ? null : textColumn(c.customerId, length, false, true);
  if (invoice === null || stockCode === null || customer === null) return null;
  const columns: TransactionColumns = { invoice: invoice.codes, stockCode: stockCode.codes, description: description.codes, quantity, invoiceDate: date.dates, unitPrice, customer: customer.codes, country: country.codes };
  const dictionaries: TransactionDictionaries = { invoice: invoice.values, stockCode: stockCode.values, description: description.values, customer: customer.values, country: country.values };
  return new TransactionTable(columns, dictionaries, input.schema ?? FULL_SCHEMA);
}
