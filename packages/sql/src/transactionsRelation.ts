import type { TransactionField } from '@shopper-spectrum/core';
import type { Dialect } from './dialect.js';
import type { ResolvedSource } from './source.js';
import { rawSql, sql } from './statement.js';
import type { SqlFragment } from './statement.js';

/**
 * The columns of the relations the definitions build ({@link transactionsRelation}, `cleanedRelation`),
 * whatever the source's own names: core's `TransactionTable` fields, one row per transaction line.
 *
 * - `invoice_no` text, `stock_code` text (`'(none)'` in a minimal log), `description` text or NULL,
 * - `quantity` double, `invoice_ms` double (core's wall-clock milliseconds), `unit_price` double,
 * - `customer_id` text or NULL (`'17850.0'` read as `'17850'`, as core's loaders do), `country` text or NULL,
 * - `row_no` bigint: the row's 0-based position in the source's order (see `orderBy`).
 *
 * @example
 * ```ts
 * TRANSACTION_COLUMNS.customer;
 * // => 'customer_id'
 * ```
 */
export const TRANSACTION_COLUMNS = Object.freeze({
  invoice: 'invoice_no',
  stockCode: 'stock_code',
  description: 'description',
  quantity: 'quantity',
  invoiceMs: 'invoice_ms',
  unitPrice: 'unit_price',
  customer: 'customer_id',
  country: 'country',
  row: 'row_no',
} as const);

/** The placeholder StockCode of a minimal log's rows (core's `NO_PRODUCT`). */
const NO_PRODUCT = '(none)';

/**
 * The source's rows with core's fields and types under the names of {@link TRANSACTION_COLUMNS}:
 * a `SELECT` to use as a subquery or a CTE. Text fields are text (numbers cast), empty text is
 * missing (as core's loaders read an empty field), customer ids written as `17850.0` read `17850`,
 * and a minimal log's invoices are derived per customer and time (`'17850|1291191960000'`), its
 * StockCode is `'(none)'` and its unit price amount / quantity. O(1) to build; the engine scans the
 * source once.
 *
 * @param dialect - the dialect
 * @param source - the resolved source ({@link resolveSource})
 * @returns the relation
 * @example
 * ```ts
 * const rows = transactionsRelation(engine.dialect, await resolveSource(engine, tableSource({ table: 'orders' })));
 * await engine.query(toStatement(engine.dialect, sql`SELECT count(*) AS n FROM ${rows} AS t`));
 * ```
 */
export function transactionsRelation(dialect: Dialect, source: ResolvedSource): SqlFragment {
  const q = (name: string) => rawSql(`src.${dialect.quote(name)}`);
  const col = (f: TransactionField) => (source.fields[f] === null ? null : q(source.fields[f]!));
  const isNum = (f: TransactionField) => source.types[f] !== null && dialect.isNumber(source.types[f]!);
  const text = (f: TransactionField): SqlFragment => {
    const c = col(f)!;
    return isNum(f) ? dialect.cast(c, 'text') : c;
  };
  const optionalText = (f: TransactionField): SqlFragment => (col(f) === null ? rawSql(`CAST(NULL AS ${castName(dialect)})`) : sql`NULLIF(${text(f)}, '')`);
  const ms = dialect.epochMs(col('invoiceDate')!);
  let customer: SqlFragment;
  if (col('customerId') === null) customer = rawSql(`CAST(NULL AS ${castName(dialect)})`);
  else if (isNum('customerId')) {
    const c = dialect.cast(col('customerId')!, 'double');
    customer = sql`CASE WHEN ${c} = floor(${c}) THEN ${dialect.cast(dialect.cast(c, 'bigint'), 'text')} ELSE ${dialect.cast(c, 'text')} END`;
  } else customer = sql`NULLIF(${dialect.regexReplace(sql`trim(${col('customerId')!})`, rawSql("'^([0-9]+)\\.0+$'"), rawSql("'\\1'"))}, '')`;
  const quantity = col('quantity') === null ? dialect.cast(rawSql('1'), 'double') : dialect.cast(col('quantity')!, 'double');
  let invoice: SqlFragment;
  let stock: SqlFragment;
  let price: SqlFragment;
  if (source.minimal) {
    invoice = sql`${customer} || '|' || ${dialect.cast(dialect.cast(ms, 'bigint'), 'text')}`;
    stock = rawSql(`'${NO_PRODUCT}'`);
    const amount = dialect.cast(col('amount')!, 'double');
    price = sql`CASE WHEN ${quantity} = 0 THEN ${amount} ELSE ${amount} / ${quantity} END`;
  } else {
    invoice = text('invoiceNo');
    stock = text('stockCode');
    price = dialect.cast(col('unitPrice')!, 'double');
  }
  const order = source.order === null ? rawSql('') : sql`ORDER BY ${source.order}`;
  const C = TRANSACTION_COLUMNS;
  const as = (name: string) => rawSql(` AS ${dialect.quote(name)}`);
  return sql`SELECT ${invoice}${as(C.invoice)}, ${stock}${as(C.stockCode)}, ${optionalText('description')}${as(C.description)}, ${quantity}${as(C.quantity)}, ${ms}${as(C.invoiceMs)}, ${price}${as(C.unitPrice)}, ${customer}${as(C.customer)}, ${optionalText('country')}${as(C.country)}, row_number() OVER (${order}) - 1${as(C.row)} FROM ${source.relation} AS src`;
}

/** The dialect's name of the text type, for a typed NULL. */
function castName(dialect: Dialect): string {
  const probe = dialect.cast(rawSql('x'), 'text').parts.join('');
  return /AS (.+)\)$/.exec(probe)?.[1] ?? 'text';
}
