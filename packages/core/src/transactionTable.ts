import { CoreError, describeValue } from './errors.js';

/**
 * One transaction line as a plain object: the convenience row view of a {@link TransactionTable}.
 * Missing values are `null`.
 */
export interface Transaction {
  /** Invoice number; a leading `C` marks a cancellation in Online Retail. */
  readonly invoiceNo: string;
  /** Product code. */
  readonly stockCode: string;
  /** Product name as written on this line, or `null` when the source left it empty. */
  readonly description: string | null;
  /** Units on the line (negative on returns and cancellations). */
  readonly quantity: number;
  /** Wall-clock time of the invoice, in ms on the zone-free calendar (see {@link formatWallClock}). */
  readonly invoiceDate: number;
  /** Price of one unit. */
  readonly unitPrice: number;
  /** Customer id as text (`'17850'`), or `null` for an anonymous sale. */
  readonly customerId: string | null;
  /** Country of the customer, or `null` when missing. */
  readonly country: string | null;
  /** `quantity x unitPrice`. */
  readonly totalPrice: number;
}

/**
 * The columns of a {@link TransactionTable}. Text columns hold codes into the matching dictionary;
 * `-1` means missing (only `description`, `customer` and `country` can be missing).
 */
export interface TransactionColumns {
  /** Codes into `dictionaries.invoice`. */
  readonly invoice: Int32Array;
  /** Codes into `dictionaries.stockCode`. */
  readonly stockCode: Int32Array;
  /** Codes into `dictionaries.description`, or -1. */
  readonly description: Int32Array;
  /** Units per line. */
  readonly quantity: Float64Array;
  /** Invoice wall-clock time in ms on the zone-free calendar. */
  readonly invoiceDate: Float64Array;
  /** Unit price. */
  readonly unitPrice: Float64Array;
  /** Codes into `dictionaries.customer`, or -1. */
  readonly customer: Int32Array;
  /** Codes into `dictionaries.country`, or -1. */
  readonly country: Int32Array;
}

/**
 * The distinct strings of each text column, in order of first appearance. Tables derived from one
 * another (by cleaning or selecting rows) share the same dictionaries, so codes stay comparable;
 * a dictionary may therefore hold values that no row of a derived table uses.
 */
export interface TransactionDictionaries {
  /** Invoice numbers. */
  readonly invoice: readonly string[];
  /** Stock codes. */
  readonly stockCode: readonly string[];
  /** Descriptions. */
  readonly description: readonly string[];
  /** Customer ids. */
  readonly customer: readonly string[];
  /** Countries. */
  readonly country: readonly string[];
}

/**
 * What a table's source held. A full log (Online Retail) names invoices, products and unit prices;
 * a minimal log (customer, date, amount: CDNOW, many shop exports) has invoices derived per customer
 * and timestamp, no product (every row's StockCode is the placeholder `'(none)'`), and unit prices
 * derived as amount / quantity. Product-level functions (top products, recommenders) refuse a table
 * without products with `NO_PRODUCTS`, rather than rank the placeholder.
 */
export interface TransactionSchema {
  /** `'source'`: the file named each invoice; `'derived'`: one invoice per customer and timestamp. */
  readonly invoices: 'source' | 'derived';
  /** Whether rows name a product. */
  readonly products: boolean;
  /** `'source'`: unit prices as written; `'derived'`: amount / quantity (quantity 1 when absent). */
  readonly prices: 'source' | 'derived';
}

/**
 * The schema of a full log: invoices, products and prices from the source.
 *
 * @example
 * ```ts
 * FULL_SCHEMA;
 * // => { invoices: 'source', products: true, prices: 'source' }
 * ```
 */
export const FULL_SCHEMA: TransactionSchema = Object.freeze({ invoices: 'source', products: true, prices: 'source' });

const INT_COLUMNS = ['invoice', 'stockCode', 'description', 'customer', 'country'] as const;
const FLOAT_COLUMNS = ['quantity', 'invoiceDate', 'unitPrice'] as const;

/**
 * A columnar transaction log: typed-array columns plus string dictionaries, about 44 bytes a row
 * (five `Int32Array` codes and three `Float64Array` values) plus the dictionaries.
 *
 * Hot code reads `columns` directly; `row(i)` and `rows()` give plain {@link Transaction} objects for
 * convenience. Tables are immutable: every transform returns a new table.
 *
 * @example
 * ```ts
 * const { table } = parseTransactionsCsv(csvText);
 * table.length;          // => 541909
 * table.row(0).stockCode; // => '85123A'
 * ```
 */
export class TransactionTable {
  /** Number of rows. */
  readonly length: number;
  /** The typed-array columns. */
  readonly columns: TransactionColumns;
  /** The string dictionaries the text columns index into. */
  readonly dictionaries: TransactionDictionaries;
  /** What the source held (see {@link TransactionSchema}); tables derived from this one keep it. */
  readonly schema: TransactionSchema;

  /**
   * Wraps columns and dictionaries; checks that every column has the same length and every code
   * is in its dictionary's range. O(n).
   *
   * @param columns - the columns, all of one length
   * @param dictionaries - the dictionaries the codes index into
   * @param schema - what the source held (absent: {@link FULL_SCHEMA})
   * @throws {@link CoreError} `INVALID_ARGUMENT` when lengths differ or a code is out of range
   */
  constructor(columns: TransactionColumns, dictionaries: TransactionDictionaries, schema: TransactionSchema = FULL_SCHEMA) {
    const n = columns.invoice.length;
    for (const name of [...INT_COLUMNS, ...FLOAT_COLUMNS]) {
      if (columns[name].length !== n) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `Invalid argument columns.${name}: length ${columns[name].length}; allowed: the same length as columns.invoice (${n}).`,
          { parameter: `columns.${name}`, value: columns[name].length, allowed: `length ${n}` },
        );
      }
    }
    for (const name of INT_COLUMNS) {
      const codes = columns[name];
      const size = dictionaries[name].length;
      const min = name === 'description' || name === 'customer' || name === 'country' ? -1 : 0;
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        if (c < min || c >= size) {
          throw new CoreError(
            'INVALID_ARGUMENT',
            `Invalid argument columns.${name}[${i}]: code ${describeValue(c)}; allowed: ${min} to ${size - 1}.`,
            { parameter: `columns.${name}`, value: c, allowed: `${min} to ${size - 1}` },
          );
        }
      }
    }
    this.length = n;
    this.columns = columns;
    this.dictionaries = dictionaries;
    this.schema = schema;
  }

  /**
   * The row at `index` as a plain object. O(1).
   *
   * @param index - 0-based row index
   * @returns the row
   * @throws {@link CoreError} `INVALID_ARGUMENT` when the index is out of range
   */
  row(index: number): Transaction {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `Invalid argument index: ${describeValue(index)}; allowed: an integer from 0 to ${this.length - 1}.`,
        { parameter: 'index', value: index, allowed: `0 to ${this.length - 1}` },
      );
    }
    const c = this.columns;
    const d = this.dictionaries;
    const desc = c.description[index]!;
    const cust = c.customer[index]!;
    const country = c.country[index]!;
    const quantity = c.quantity[index]!;
    const unitPrice = c.unitPrice[index]!;
    return {
      invoiceNo: d.invoice[c.invoice[index]!]!,
      stockCode: d.stockCode[c.stockCode[index]!]!,
      description: desc < 0 ? null : d.description[desc]!,
      quantity,
      invoiceDate: c.invoiceDate[index]!,
      unitPrice,
      customerId: cust < 0 ? null : d.customer[cust]!,
      country: country < 0 ? null : d.country[country]!,
      totalPrice: quantity * unitPrice,
    };
  }

  /** Iterates the rows as plain objects (allocates one object per row: not for hot paths). */
  *rows(): IterableIterator<Transaction> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }
}

/**
 * Wraps columns the library built itself, skipping the O(n) checks of the constructor.
 * Internal: not exported from the package.
 */
export function trustedTable(columns: TransactionColumns, dictionaries: TransactionDictionaries, schema: TransactionSchema = FULL_SCHEMA): TransactionTable {
  const table = Object.create(TransactionTable.prototype) as { -readonly [K in keyof TransactionTable]: TransactionTable[K] };
  table.length = columns.invoice.length;
  table.columns = columns;
  table.dictionaries = dictionaries;
  table.schema = schema;
  return table as TransactionTable;
}

/**
 * `quantity x unitPrice` for every row, the TotalPrice column of the notebooks. O(n).
 *
 * @param table - any table
 * @returns a new Float64Array of length `table.length`
 * @example
 * ```ts
 * totalPrices(table)[0];
 * // => 15.3 (6 x 2.55)
 * ```
 */
export function totalPrices(table: TransactionTable): Float64Array {
  const { quantity, unitPrice } = table.columns;
  const out = new Float64Array(table.length);
  for (let i = 0; i < out.length; i++) out[i] = quantity[i]! * unitPrice[i]!;
  return out;
}

/**
 * A new table holding the given rows, in the given order, sharing the dictionaries. O(m).
 *
 * @param table - the source table
 * @param indices - row indices into `table` (repeats allowed)
 * @returns the selected rows as a new table
 * @throws {@link CoreError} `INVALID_ARGUMENT` when an index is out of range
 * @example
 * ```ts
 * selectRows(table, [0, 2]).length;
 * // => 2
 * ```
 */
export function selectRows(table: TransactionTable, indices: ArrayLike<number>): TransactionTable {
  const m = indices.length;
  const n = table.length;
  for (let j = 0; j < m; j++) {
    const i = indices[j]!;
    if (!(i >= 0 && i < n && Number.isInteger(i))) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `Invalid argument indices[${j}]: ${describeValue(i)}; allowed: an integer from 0 to ${n - 1}.`,
        { parameter: 'indices', value: i, allowed: `0 to ${n - 1}` },
      );
    }
  }
  const src = table.columns;
  const pickInt = (col: Int32Array): Int32Array => {
    const out = new Int32Array(m);
    for (let j = 0; j < m; j++) out[j] = col[indices[j]!]!;
    return out;
  };
  const pickFloat = (col: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = col[indices[j]!]!;
    return out;
  };
  return trustedTable(
    {
      invoice: pickInt(src.invoice),
      stockCode: pickInt(src.stockCode),
      description: pickInt(src.description),
      quantity: pickFloat(src.quantity),
      invoiceDate: pickFloat(src.invoiceDate),
      unitPrice: pickFloat(src.unitPrice),
      customer: pickInt(src.customer),
      country: pickInt(src.country),
    },
    table.dictionaries,
    table.schema,
  );
}

/**
 * Throws `NO_PRODUCTS` for a table whose source names no product (a minimal log: customer, date,
 * amount), naming the function that needs them.
 *
 * @param table - the table
 * @param what - the caller, for the message (`'topProducts'`)
 * @throws {@link CoreError} `NO_PRODUCTS`
 * @example
 * ```ts
 * requireProducts(cdnowTable, 'topProducts');
 * // => throws CoreError NO_PRODUCTS: topProducts needs a StockCode column; this log has customer, date and amount only
 * ```
 */
export function requireProducts(table: TransactionTable, what: string): void {
  if (table.schema?.products === false) {
    throw new CoreError('NO_PRODUCTS', `${what} needs products (a StockCode column); this log has customers, dates and amounts only. RFM, segments, clusters and customer value work without products.`, {
      parameter: 'table',
      value: 'a log without products',
      allowed: 'a log with a StockCode column',
    });
  }
}

/**
 * Checks that an argument is a {@link TransactionTable}: the one check every function taking a table
 * makes first, so a wrong argument is a coded error naming it (with a hint for the usual slip: a
 * whole load or clean result, `{ table, ... }`, where its `.table` was meant), never a TypeError.
 *
 * @param value - the argument
 * @param parameter - its name, for the message
 * @returns the table
 * @throws {@link CoreError} `INVALID_ARGUMENT`
 * @example
 * ```ts
 * checkTable(cleanTransactions(table));
 * // => throws CoreError INVALID_ARGUMENT: ... got a result object { table, report, nonProduct }: pass its .table
 * ```
 */
export function checkTable(value: unknown, parameter = 'table'): TransactionTable {
  if (value instanceof TransactionTable) return value;
  const v = value as { columns?: { invoice?: unknown }; dictionaries?: unknown; length?: unknown; table?: unknown } | null;
  if (v !== null && typeof v === 'object' && v.columns && typeof v.columns === 'object' && v.columns.invoice instanceof Int32Array && v.dictionaries && typeof v.length === 'number') return value as TransactionTable;
  const wrapped = v !== null && typeof v === 'object' && v.table !== undefined && v.table !== null && typeof v.table === 'object' && 'columns' in (v.table as object);
  const shown = wrapped ? `a result object { ${Object.keys(v as object).join(', ')} }` : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? `an object { ${Object.keys(value as object).slice(0, 6).join(', ')} }` : typeof value;
  throw new CoreError('INVALID_ARGUMENT', `Invalid argument ${parameter}: got ${shown}; allowed: a TransactionTable${wrapped ? ` (pass its .table: ${parameter}.table)` : ' (what parseTransactions, loadTransactions and cleanTransactions return as .table)'}.`, {
    parameter,
    value: shown,
    allowed: 'a TransactionTable',
  });
}
