import { CoreError, invalidOption } from './errors.js';
import { PARSE_DEFAULTS } from './parseDefaults.js';

/** The fields of a {@link Transaction} that come from a source column. */
export type TransactionField =
  | 'invoiceNo'
  | 'stockCode'
  | 'description'
  | 'quantity'
  | 'invoiceDate'
  | 'unitPrice'
  | 'customerId'
  | 'country'
  | 'amount';

/**
 * Every source field: the Online Retail header's eight, in its order, then `amount` (a line total,
 * for minimal logs that give customer, date and amount only; see {@link MINIMAL_FIELDS}).
 *
 * @example
 * ```ts
 * TRANSACTION_FIELDS.length;
 * // => 9
 * ```
 */
export const TRANSACTION_FIELDS: readonly TransactionField[] = [
  'invoiceNo',
  'stockCode',
  'description',
  'quantity',
  'invoiceDate',
  'unitPrice',
  'customerId',
  'country',
  'amount',
];

/**
 * Fields a source must have; the others may be absent (every row then has them missing).
 *
 * @example
 * ```ts
 * REQUIRED_FIELDS.includes('customerId');
 * // => false
 * ```
 */
export const REQUIRED_FIELDS: readonly TransactionField[] = ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice'];

/**
 * The fields a minimal log needs, when the columns name an `amount` (a line total): customer, date
 * and amount. Invoice, StockCode, description, quantity (1 when absent), unit price (amount /
 * quantity) and country may then be absent; invoices are derived per customer and timestamp.
 *
 * @example
 * ```ts
 * parseTransactionsCsv(cdnowText, { columns: { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value', quantity: 'number_of_cds' } });
 * MINIMAL_FIELDS;
 * // => ['customerId', 'invoiceDate', 'amount']
 * ```
 */
export const MINIMAL_FIELDS: readonly TransactionField[] = ['customerId', 'invoiceDate', 'amount'];

/** Header name per field. Matching ignores case and surrounding spaces. */
export type ColumnMapping = { readonly [F in TransactionField]?: string };

/**
 * Column names of the UCI Online Retail data set (id 352).
 *
 * @example
 * ```ts
 * ONLINE_RETAIL_COLUMNS.unitPrice;
 * // => 'UnitPrice'
 * ```
 */
export const ONLINE_RETAIL_COLUMNS: Readonly<Record<Exclude<TransactionField, 'amount'>, string>> = {
  invoiceNo: 'InvoiceNo',
  stockCode: 'StockCode',
  description: 'Description',
  quantity: 'Quantity',
  invoiceDate: 'InvoiceDate',
  unitPrice: 'UnitPrice',
  customerId: 'CustomerID',
  country: 'Country',
};

/**
 * Column names of the UCI Online Retail II data set (id 502).
 *
 * @example
 * ```ts
 * ONLINE_RETAIL_II_COLUMNS.customerId;
 * // => 'Customer ID'
 * ```
 */
export const ONLINE_RETAIL_II_COLUMNS: Readonly<Record<Exclude<TransactionField, 'amount'>, string>> = {
  invoiceNo: 'Invoice',
  stockCode: 'StockCode',
  description: 'Description',
  quantity: 'Quantity',
  invoiceDate: 'InvoiceDate',
  unitPrice: 'Price',
  customerId: 'Customer ID',
  country: 'Country',
};

/**
 * The named column presets, keyed by the names `columns` accepts.
 *
 * @example
 * ```ts
 * parseTransactionsCsv(text, { columns: 'online-retail-ii' }); // only Online Retail II names
 * Object.keys(COLUMN_PRESETS);
 * // => ['online-retail', 'online-retail-ii']
 * ```
 */
export const COLUMN_PRESETS = {
  /** {@link ONLINE_RETAIL_COLUMNS} */
  'online-retail': ONLINE_RETAIL_COLUMNS,
  /** {@link ONLINE_RETAIL_II_COLUMNS} */
  'online-retail-ii': ONLINE_RETAIL_II_COLUMNS,
} as const;

/** A preset name, `'auto'` (any preset's name matches), or an explicit mapping. */
export type ColumnsOption = 'auto' | keyof typeof COLUMN_PRESETS | ColumnMapping;

/** Which header position each field was found at (-1: absent). */
export type ResolvedColumns = Readonly<Record<TransactionField, number>>;

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Finds each field's position in a header.
 *
 * With `'auto'`, a field matches the name any preset gives it; with a preset, only that preset's
 * names; with a mapping, the listed fields match the given names and the others fall back to the
 * preset names (so `{ customerId: 'Client' }` is enough for an otherwise Online Retail header).
 *
 * @param header - the header fields as written
 * @param columns - the mapping option (absent: {@link PARSE_DEFAULTS | PARSE_DEFAULTS.columns}, `'auto'`)
 * @returns the position of each field, -1 where an optional field is absent
 * @throws {@link CoreError} `MISSING_COLUMNS` when a required field is not found
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown preset name
 *
 * @example
 * ```ts
 * resolveColumns(['Invoice', 'StockCode', 'Quantity', 'InvoiceDate', 'Price']).unitPrice;
 * // => 4
 * ```
 */
export function resolveColumns(header: readonly string[], columns: ColumnsOption = PARSE_DEFAULTS.columns): ResolvedColumns {
  let names: Record<TransactionField, string[]>;
  const fromPresets = (presets: readonly Readonly<Partial<Record<TransactionField, string>>>[]) => {
    const out = {} as Record<TransactionField, string[]>;
    for (const f of TRANSACTION_FIELDS) out[f] = [...new Set(presets.map((p) => p[f]).filter((n): n is string => n !== undefined))];
    return out;
  };
  const all = Object.values(COLUMN_PRESETS);
  if (columns === 'auto') names = fromPresets(all);
  else if (typeof columns === 'string') {
    const preset = (COLUMN_PRESETS as Record<string, Readonly<Partial<Record<TransactionField, string>>>>)[columns];
    if (preset === undefined) invalidOption('columns', columns, `'auto', ${Object.keys(COLUMN_PRESETS).map((k) => `'${k}'`).join(', ')} or a mapping object`);
    names = fromPresets([preset]);
  } else if (columns !== null && typeof columns === 'object') {
    names = fromPresets(all);
    for (const [field, name] of Object.entries(columns)) {
      if (!(TRANSACTION_FIELDS as readonly string[]).includes(field)) {
        invalidOption(`columns.${field}`, name, `mapping keys ${TRANSACTION_FIELDS.join(', ')}`);
      }
      if (typeof name !== 'string' || name.trim() === '') invalidOption(`columns.${field}`, name, 'a non-empty column name');
      names[field as TransactionField] = [name];
    }
  } else {
    invalidOption('columns', columns, "'auto', a preset name or a mapping object");
  }
  const positions = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = norm(h);
    if (!positions.has(key)) positions.set(key, i);
    else {
      const list = repeated.get(key);
      if (list === undefined) repeated.set(key, [positions.get(key)!, i]);
      else list.push(i); // O(1): a header of a million repeated names stays linear
    }
  });
  const out = {} as Record<TransactionField, number>;
  for (const f of TRANSACTION_FIELDS) {
    const name = names[f].find((n) => positions.has(norm(n)));
    out[f] = name === undefined ? -1 : positions.get(norm(name))!;
    // a column this mapping reads that the header names twice: which one holds the field is a guess
    const twice = name === undefined ? undefined : repeated.get(norm(name));
    if (twice) {
      throw new CoreError('DUPLICATE_COLUMNS', `Duplicate columns: the header names ${JSON.stringify(name!.slice(0, 40))} ${twice.length} times (columns ${twice.slice(0, 10).map((i) => i + 1).join(', ')}${twice.length > 10 ? ', ...' : ''}), and it holds ${f}: rename one, or map ${f} to another column.`, {
        parameter: 'columns',
        value: name,
        allowed: 'a header where each column the mapping reads appears once',
      });
    }
  }
  // an amount column makes a minimal log: customer, date and amount are then enough
  const required = out.amount >= 0 ? MINIMAL_FIELDS : REQUIRED_FIELDS;
  const missing = required.filter((f) => out[f] < 0);
  if (missing.length > 0) {
    const cut = (t: string) => JSON.stringify(t.length > 40 ? `${t.slice(0, 37)}...` : t);
    const expected = missing.map((f) => `${f} (${names[f].length ? names[f].map(cut).join(' or ') : 'no name given'})`).join(', ');
    const shownHeader = `${header.slice(0, 20).map(cut).join(', ')}${header.length > 20 ? `, ... (${header.length} columns)` : ''}`;
    // one column holding another separator: the file was split on the wrong one
    const other = header.length === 1 ? [';', '\t', '|', ','].find((d) => (header[0] ?? '').includes(d)) : undefined;
    const sep = other === undefined ? '' : `The header is one column holding ${other === '\t' ? 'tabs' : `"${other}"`}: read it with delimiter: ${other === '\t' ? "'\\t'" : `'${other}'`} (or 'auto'). `;
    throw new CoreError(
      'MISSING_COLUMNS',
      `Missing required column${missing.length > 1 ? 's' : ''}: ${expected}. The header has: ${shownHeader}. ${sep}` +
        'Pass a columns mapping such as { invoiceNo: "Invoice" } for other names, or { customerId, invoiceDate, amount } (and optionally quantity) for a log of customer, date and amount only.',
      { parameter: 'columns', value: header.slice(0, 20), allowed: expected },
    );
  }
  return out;
}
