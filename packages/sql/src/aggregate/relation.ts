import { invalidSqlOption } from '../errors.js';
import type { Dialect } from '../dialect.js';
import { rawSql, sql } from '../statement.js';
import type { SqlFragment } from '../statement.js';
import { TRANSACTION_COLUMNS } from '../transactionsRelation.js';

/**
 * The column names of a relation the aggregate definitions read, one per transaction field. The
 * text columns (`invoiceNo`, `stockCode`, `description`, `customerId`, `country`) are text, `NULL`
 * where missing; `quantity` and `unitPrice` are numbers; `invoiceDate` a zone-free timestamp (core's
 * wall-clock time); `line` the row's position in the source (any increasing number), the order
 * "first seen" means.
 */
export interface RelationColumns {
  /** Invoice number. */
  readonly invoiceNo: string;
  /** Product code. */
  readonly stockCode: string;
  /** Product name, or NULL. */
  readonly description: string;
  /** Units. */
  readonly quantity: string;
  /** Invoice time: wall-clock milliseconds since 1970 (core's `invoiceDate`). */
  readonly invoiceMs: string;
  /** Price of one unit. */
  readonly unitPrice: string;
  /** Customer id as text, or NULL. */
  readonly customerId: string;
  /** Country, or NULL. */
  readonly country: string;
  /**
   * The row's position in the source: what "first seen" and "in row order" mean (the customer and
   * product order of the interaction matrix, the description tie-break).
   */
  readonly line: string;
}

/**
 * The column names a relation has unless told otherwise: those of `TRANSACTION_COLUMNS`, which
 * `transactionsRelation` and `cleanedRelation` write.
 *
 * @example
 * ```ts
 * [RELATION_COLUMNS.customerId, RELATION_COLUMNS.invoiceMs, RELATION_COLUMNS.line];
 * // => ['customer_id', 'invoice_ms', 'row_no']
 * ```
 */
export const RELATION_COLUMNS: Readonly<RelationColumns> = Object.freeze({
  invoiceNo: TRANSACTION_COLUMNS.invoice,
  stockCode: TRANSACTION_COLUMNS.stockCode,
  description: TRANSACTION_COLUMNS.description,
  quantity: TRANSACTION_COLUMNS.quantity,
  invoiceMs: TRANSACTION_COLUMNS.invoiceMs,
  unitPrice: TRANSACTION_COLUMNS.unitPrice,
  customerId: TRANSACTION_COLUMNS.customer,
  country: TRANSACTION_COLUMNS.country,
  line: TRANSACTION_COLUMNS.row,
});

/**
 * The rows an aggregate runs on: SQL that yields transaction lines (a cleaned relation, a table, a
 * query), and the names of its columns. Nothing of it is a user's value turned into text: `from` is
 * a fragment (its values stay bound parameters) and the column names are quoted by the dialect.
 */
export interface AggregateRelation {
  /**
   * The rows: a parenthesised subquery (`(SELECT ...)`) or a quoted table name, as a fragment.
   */
  readonly from: SqlFragment;
  /**
   * The column names in `from`, where they differ from {@link RELATION_COLUMNS}.
   * @defaultValue {@link RELATION_COLUMNS}
   */
  readonly columns?: Partial<RelationColumns>;
}

/**
 * A relation over a table of the engine, optionally schema-qualified (`['sales', 'lines']`), every
 * part quoted.
 *
 * @param dialect - the dialect that quotes the name
 * @param name - the table, or its schema-qualified parts
 * @param columns - the column names where they differ from {@link RELATION_COLUMNS}
 * @returns the relation
 * @throws {@link SqlError} `INVALID_OPTION` for an empty name
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, ['sales', 'lines']).from).text;
 * // => '"sales"."lines"'
 * ```
 */
export function tableRelation(dialect: Dialect, name: string | readonly string[], columns: Partial<RelationColumns> = {}): AggregateRelation {
  const parts = typeof name === 'string' ? [name] : name;
  if (!Array.isArray(parts) || parts.length === 0) invalidSqlOption('name', name, 'a table name or its schema-qualified parts');
  return { from: rawSql(parts.map((p) => dialect.quote(p)).join('.')), columns };
}

/**
 * What the aggregates take as their rows: the SQL of a relation with the columns of
 * {@link RELATION_COLUMNS} (what `cleanedRelation` and `transactionsRelation` return, used as a
 * subquery), or an {@link AggregateRelation} naming its own.
 */
export type RelationInput = SqlFragment | AggregateRelation;

/** The quoted column references of a relation, aliased `r` (internal). */
export interface ResolvedRelation {
  /** `(...) AS r` or `"table" AS r`. */
  readonly from: SqlFragment;
  /** `r."column"` per field. */
  readonly col: { readonly [K in keyof RelationColumns]: SqlFragment };
}

/** Resolves a relation's column names into quoted references (internal). */
export function resolveRelation(dialect: Dialect, relation: RelationInput): ResolvedRelation {
  if (relation !== null && typeof relation === 'object' && Array.isArray((relation as SqlFragment).parts) && Array.isArray((relation as SqlFragment).values)) {
    relation = { from: sql`(${relation as SqlFragment})` };
  }
  if (relation === null || typeof relation !== 'object' || (relation as AggregateRelation).from === undefined) {
    invalidSqlOption('relation', relation, "a relation's SQL (such as cleanedRelation(...)) or { from, columns? }");
  }
  const r = relation as AggregateRelation;
  const names = { ...RELATION_COLUMNS, ...(r.columns ?? {}) };
  const col = {} as Record<keyof RelationColumns, SqlFragment>;
  for (const key of Object.keys(RELATION_COLUMNS) as (keyof RelationColumns)[]) col[key] = rawSql(`r.${dialect.quote(names[key])}`);
  return { from: sql`${r.from} AS r`, col };
}
