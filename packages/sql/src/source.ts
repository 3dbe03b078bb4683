import { resolveColumns, TRANSACTION_FIELDS } from '@shopper-spectrum/core';
import type { ColumnsOption, TransactionField } from '@shopper-spectrum/core';
import type { Dialect } from './dialect.js';
import type { ResultColumn, SqlEngine } from './engine.js';
import { invalidSqlOption, SqlError } from './errors.js';
import { joinSql, rawSql, sql, toStatement } from './statement.js';
import type { SqlFragment, SqlValue } from './statement.js';

/** Options shared by every source: which columns hold which field, and the rows' order. */
export interface SourceColumnsOptions {
  /**
   * Which column holds which field, as core's loaders take it: `'auto'` (the Online Retail and
   * Online Retail II names), a preset name, or a mapping such as `{ customerId: 'client' }`
   * (unlisted fields keep the preset names) or `{ customerId, invoiceDate, amount }` for a minimal
   * log. Names match case-insensitively, as core's loaders match a header.
   * @defaultValue `'auto'`
   */
  readonly columns?: ColumnsOption;
  /**
   * Columns whose ascending order is the rows' order (the order core would have read them in): it
   * numbers the rows of a report (`unmatched[].row`), orders the dictionaries by first appearance,
   * and breaks ties between purchases of one customer, product and time in the cancellation
   * matching.
   * @defaultValue a table's physical order (DuckDB `rowid`, PostgreSQL `ctid`: the order the rows
   * were written in, for a table loaded once), a file's row order, and for a query the order the
   * engine returns its rows in (unspecified: give `orderBy` when it matters)
   */
  readonly orderBy?: string | readonly string[];
}

/** A table (or view), optionally schema-qualified. */
export interface TableSource extends SourceColumnsOptions {
  /** `'table'`. */
  readonly kind: 'table';
  /** The table's name (quoted as given: case matters). */
  readonly table: string;
  /**
   * The schema (PostgreSQL, DuckDB) or database (ClickHouse) holding it.
   * @defaultValue the connection's search path
   */
  readonly schema?: string;
}

/** An SQL query of the user's, read as a subquery. */
export interface QuerySource extends SourceColumnsOptions {
  /** `'query'`. */
  readonly kind: 'query';
  /** A `SELECT` (no trailing semicolon); its values belong in `params`, with the dialect's placeholders. */
  readonly query: string;
  /**
   * Values bound to the query's own placeholders (`$1`, `$2` ...), which must come first.
   * @defaultValue `[]`
   */
  readonly params?: readonly SqlValue[];
  /**
   * How messages name the query.
   * @defaultValue `'query'`
   */
  readonly label?: string;
}

/** CSV reading options of a {@link FileSource} (DuckDB's `read_csv`). */
export interface CsvReadOptions {
  /**
   * The field separator.
   * @defaultValue detected by DuckDB
   */
  readonly delimiter?: string;
  /**
   * A `strptime` format for the timestamps, such as `'%m/%d/%Y %H:%M'` for Online Retail.
   * @defaultValue detected by DuckDB (ISO dates)
   */
  readonly timestampFormat?: string;
  /**
   * Column types that override detection, such as `{ CustomerID: 'VARCHAR' }`.
   * @defaultValue `{}`
   */
  readonly types?: Readonly<Record<string, string>>;
}

/** Parquet or CSV files read by DuckDB (`read_parquet`, `read_csv`), one relation for all of them. */
export interface FileSource extends SourceColumnsOptions {
  /** `'files'`. */
  readonly kind: 'files';
  /** A path, a glob (`data/*.parquet`) or a list of paths. */
  readonly files: string | readonly string[];
  /**
   * The files' format.
   * @defaultValue `'auto'`: from the first path's extension (`.parquet`; `.csv`, `.csv.gz`, `.tsv`)
   */
  readonly format?: 'auto' | 'parquet' | 'csv';
  /**
   * CSV reading options.
   * @defaultValue `{}`
   */
  readonly csv?: CsvReadOptions;
}

/** What the definitions read transactions from: a table, a query, or files. */
export type Source = TableSource | QuerySource | FileSource;

/**
 * A table source.
 *
 * @param options - the table, its schema, the column mapping and the row order
 * @returns the source
 * @example
 * ```ts
 * tableSource({ table: 'orders', schema: 'shop', columns: 'online-retail-ii' });
 * // => { kind: 'table', table: 'orders', schema: 'shop', columns: 'online-retail-ii' }
 * ```
 */
export function tableSource(options: Omit<TableSource, 'kind'>): TableSource {
  return { kind: 'table', ...options };
}

/**
 * A query source: the query is run as a subquery (`SELECT ... FROM (query) AS source`).
 *
 * @param options - the query, its bound values, the column mapping and the row order
 * @returns the source
 * @example
 * ```ts
 * querySource({ query: 'SELECT * FROM orders WHERE "Country" = $1', params: ['France'] }).kind;
 * // => 'query'
 * ```
 */
export function querySource(options: Omit<QuerySource, 'kind'>): QuerySource {
  return { kind: 'query', ...options };
}

/**
 * A file source (DuckDB only).
 *
 * @param options - the files, their format, CSV options, the column mapping
 * @returns the source
 * @example
 * ```ts
 * fileSource({ files: 'online-retail.csv', csv: { timestampFormat: '%m/%d/%Y %H:%M' } }).kind;
 * // => 'files'
 * ```
 */
export function fileSource(options: Omit<FileSource, 'kind'>): FileSource {
  return { kind: 'files', ...options };
}

/**
 * A source whose columns have been found: what {@link resolveSource} returns and every definition
 * takes. `fields` names the column holding each field (`null`: absent).
 */
export interface ResolvedSource {
  /** The source as given. */
  readonly source: Source;
  /** How messages name it (`table "shop"."orders"`, `files data/*.parquet`, `query`). */
  readonly label: string;
  /** The table's name, for a table source. */
  readonly table: string | undefined;
  /** The relation: a quoted table name, a parenthesised query or a file reader; it has a column `row_ordinal` when the reader numbers rows. */
  readonly relation: SqlFragment;
  /** The source column holding each field, or `null` when absent. */
  readonly fields: Readonly<Record<TransactionField, string | null>>;
  /** The engine's type of each field's column, or `null` when absent. */
  readonly types: Readonly<Record<TransactionField, string | null>>;
  /** True for a minimal log (customer, date, amount): invoices derived per customer and time, no products. */
  readonly minimal: boolean;
  /** The rows' order as an `ORDER BY` list, or `null` for the engine's own order. */
  readonly order: SqlFragment | null;
}

const FILE_ORDINAL = 'ordinality';

/** How messages name a source. */
export function sourceLabel(source: Source): string {
  switch (source.kind) {
    case 'table':
      return `table ${source.schema === undefined ? '' : `${source.schema}.`}${source.table}`;
    case 'query':
      return source.label ?? 'query';
    case 'files':
      return `files ${typeof source.files === 'string' ? source.files : source.files.join(', ')}`;
    default:
      return invalidSqlOption('source.kind', (source as { kind?: unknown }).kind, "'table', 'query' or 'files'");
  }
}

function fileFormat(source: FileSource): 'parquet' | 'csv' {
  const f = source.format ?? 'auto';
  if (f === 'parquet' || f === 'csv') return f;
  if (f !== 'auto') invalidSqlOption('source.format', f, "'auto', 'parquet' or 'csv'");
  const first = typeof source.files === 'string' ? source.files : source.files[0];
  if (first === undefined) throw new SqlError('INVALID_SOURCE', 'Invalid source: files is an empty list; allowed: a path, a glob or a list of paths.', { parameter: 'files', value: source.files });
  if (/\.parquet$/i.test(first)) return 'parquet';
  if (/\.(csv|tsv|txt)(\.gz|\.zst)?$/i.test(first)) return 'csv';
  throw new SqlError('INVALID_SOURCE', `Invalid source: cannot tell the format of ${JSON.stringify(first)} from its extension; allowed: .parquet, .csv, .csv.gz, .tsv, or format: 'parquet' | 'csv'.`, { parameter: 'format', value: first, source: sourceLabel(source) });
}

/**
 * The relation a source reads, for a dialect: `"schema"."table"`, `(query)`, or (DuckDB)
 * `read_parquet(...)` / `read_csv(...)` numbered `WITH ORDINALITY`. Paths and CSV options are bound
 * parameters.
 *
 * @param dialect - the dialect
 * @param source - the source
 * @returns the relation, to follow `FROM`
 * @throws {@link SqlError} `INVALID_SOURCE` for files on an engine other than DuckDB, an empty query or table name
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, sourceRelation(DUCKDB_DIALECT, tableSource({ table: 'orders', schema: 'shop' }))).text;
 * // => '"shop"."orders"'
 * ```
 */
export function sourceRelation(dialect: Dialect, source: Source): SqlFragment {
  const label = sourceLabel(source);
  switch (source.kind) {
    case 'table': {
      if (typeof source.table !== 'string' || source.table === '') throw new SqlError('INVALID_SOURCE', `Invalid source: table ${JSON.stringify(source.table)}; allowed: a table name.`, { parameter: 'table', value: source.table });
      const name = source.schema === undefined ? dialect.quote(source.table) : `${dialect.quote(source.schema)}.${dialect.quote(source.table)}`;
      return rawSql(name);
    }
    case 'query': {
      if (typeof source.query !== 'string' || source.query.trim() === '') throw new SqlError('INVALID_SOURCE', `Invalid source: the query of ${label} is empty; allowed: a SELECT statement.`, { parameter: 'query', value: source.query, source: label });
      const text = source.query.trim().replace(/;\s*$/, '');
      const params = source.params ?? [];
      // the user's own placeholders come first: the query's parts are split at them by position
      return { parts: splitPlaceholders(text, params.length, label), values: [...params], [Symbol.for('shopper-spectrum.sql.fragment')]: true } as unknown as SqlFragment;
    }
    case 'files': {
      if (dialect.name !== 'duckdb') throw new SqlError('INVALID_SOURCE', `Invalid source: ${label} can be read by DuckDB only (got the ${dialect.name} dialect); allowed: a table or a query.`, { parameter: 'source', source: label, engine: dialect.name });
      const files = typeof source.files === 'string' ? [source.files] : [...source.files];
      if (files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) throw new SqlError('INVALID_SOURCE', 'Invalid source: files must be non-empty paths; allowed: a path, a glob or a list of paths.', { parameter: 'files', value: source.files });
      const list = files.length === 1 ? sql`${files[0]!}` : sql`[${joinSql(files.map((f) => sql`${f}`), ', ')}]`;
      if (fileFormat(source) === 'parquet') return sql`(SELECT * FROM read_parquet(${list}) WITH ORDINALITY)`;
      const csv = source.csv ?? {};
      const opts: SqlFragment[] = [rawSql('header = true')];
      if (csv.delimiter !== undefined) opts.push(sql`delim = ${csv.delimiter}`);
      if (csv.timestampFormat !== undefined) opts.push(sql`timestampformat = ${csv.timestampFormat}`);
      const types = Object.entries(csv.types ?? {});
      if (types.length > 0) {
        for (const [, t] of types) if (!/^[A-Za-z][A-Za-z0-9 (),]*$/.test(t)) invalidSqlOption('csv.types', t, 'DuckDB type names such as VARCHAR, DOUBLE, TIMESTAMP');
        opts.push(rawSql(`types = {${types.map(([c, t]) => `'${c.replace(/'/g, "''")}': '${t}'`).join(', ')}}`));
      }
      return sql`(SELECT * FROM read_csv(${list}, ${joinSql(opts, ', ')}) WITH ORDINALITY)`;
    }
  }
}

/** Splits a query's text at its placeholders `$1..$n` (n = the params given), so they renumber with the rest. */
function splitPlaceholders(text: string, n: number, label: string): string[] {
  if (n === 0) return [`(${text})`];
  const parts: string[] = [];
  const order: number[] = [];
  let last = 0;
  const re = /\$(\d+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const k = Number(m[1]);
    if (k < 1 || k > n) throw new SqlError('INVALID_SOURCE', `Invalid source: ${label} uses $${k} but ${n} params are given; allowed: placeholders $1 to $${n}.`, { parameter: 'params', value: n, source: label });
    parts.push(text.slice(last, m.index));
    order.push(k);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  // each placeholder is used once, in order ($1, $2, ...): anything else would need the values repeated
  if (order.some((k, i) => k !== i + 1) || order.length !== n) {
    throw new SqlError('INVALID_SOURCE', `Invalid source: ${label} must use each placeholder once, in order ($1 to $${n}); allowed: that, with the values in params.`, { parameter: 'params', value: order, source: label });
  }
  parts[0] = `(${parts[0]!}`;
  parts[parts.length - 1] = `${parts[parts.length - 1]!})`;
  return parts;
}

/**
 * Finds each field's column among a relation's columns (core's matching: case-insensitive, the
 * mapping's names or the presets'), and checks their types: numbers for quantity, price and amount,
 * a timestamp or date for the invoice date, text or numbers for the codes. No engine call: give it
 * the columns the engine reports (as {@link resolveSource} does).
 *
 * @param dialect - the dialect (its type names)
 * @param source - the source
 * @param columns - the relation's columns and types
 * @returns the resolved source
 * @throws {@link SqlError} `MISSING_COLUMN` naming the field, the names tried and the source; `WRONG_TYPE` naming the column and its type
 */
export function resolveSourceColumns(dialect: Dialect, source: Source, columns: readonly ResultColumn[]): ResolvedSource {
  const label = sourceLabel(source);
  const table = source.kind === 'table' ? source.table : undefined;
  const relation = sourceRelation(dialect, source);
  const visible = columns.filter((c) => !(source.kind === 'files' && c.name === FILE_ORDINAL));
  let positions: Record<TransactionField, number>;
  try {
    positions = resolveColumns(visible.map((c) => c.name), source.columns ?? 'auto');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MISSING_COLUMNS' || code === 'DUPLICATE_COLUMNS') {
      const missing = /Missing required columns?: ([a-zA-Z]+)/.exec((e as Error).message)?.[1];
      throw new SqlError('MISSING_COLUMN', `Missing column in ${label}: ${(e as Error).message}`, { source: label, table, column: missing, cause: e });
    }
    if (code === 'INVALID_OPTION') throw new SqlError('INVALID_OPTION', (e as Error).message, { parameter: 'columns', value: source.columns, cause: e });
    throw e;
  }
  const fields = {} as Record<TransactionField, string | null>;
  const types = {} as Record<TransactionField, string | null>;
  for (const f of TRANSACTION_FIELDS) {
    const c = positions[f] >= 0 ? visible[positions[f]]! : null;
    fields[f] = c?.name ?? null;
    types[f] = c?.type ?? null;
    if (c === null) continue;
    const bad = (allowed: string) => {
      throw new SqlError('WRONG_TYPE', `Wrong type in ${label}: column ${JSON.stringify(c.name)} (${f}) is ${c.type}; allowed: ${allowed}.${dialect.isText(c.type) ? ' Cast it in a query source.' : ''}`, { source: label, table, column: c.name, value: c.type, allowed });
    };
    if (f === 'quantity' || f === 'unitPrice' || f === 'amount') {
      if (!dialect.isNumber(c.type)) bad('a number type');
    } else if (f === 'invoiceDate') {
      if (!dialect.isTimestamp(c.type)) bad('a timestamp or date type');
    } else if (!dialect.isText(c.type) && !dialect.isNumber(c.type)) bad('a text or number type');
  }
  const minimal = fields.amount !== null;
  let order: SqlFragment | null;
  const orderBy = source.orderBy === undefined ? [] : typeof source.orderBy === 'string' ? [source.orderBy] : [...source.orderBy];
  for (const o of orderBy) {
    if (!columns.some((c) => c.name === o)) throw new SqlError('MISSING_COLUMN', `Missing column in ${label}: orderBy names ${JSON.stringify(o)}, which the source does not have.`, { source: label, table, column: o, parameter: 'orderBy' });
  }
  if (orderBy.length > 0) order = rawSql(orderBy.map((o) => dialect.quote(o)).join(', '));
  else if (source.kind === 'files') order = rawSql(dialect.quote(FILE_ORDINAL));
  else if (source.kind === 'table' && dialect.tableRowOrder !== undefined) order = rawSql(dialect.tableRowOrder);
  else order = null;
  return Object.freeze({ source, label, table, relation, fields: Object.freeze(fields), types: Object.freeze(types), minimal, order });
}

/**
 * Asks the engine for a source's columns (`SELECT * FROM relation LIMIT 0`) and resolves the fields
 * ({@link resolveSourceColumns}).
 *
 * @param engine - the engine
 * @param source - the source
 * @returns the resolved source
 * @throws {@link SqlError} `MISSING_TABLE` (table or file not found), `MISSING_COLUMN`, `WRONG_TYPE`, `CONNECTION_FAILED`
 * @example
 * ```ts
 * const resolved = await resolveSource(engine, tableSource({ table: 'orders' }));
 * resolved.fields.customerId;
 * // => 'CustomerID'
 * ```
 */
export async function resolveSource(engine: SqlEngine, source: Source): Promise<ResolvedSource> {
  const label = sourceLabel(source);
  const relation = sourceRelation(engine.dialect, source);
  let result;
  try {
    result = await engine.query(toStatement(engine.dialect, sql`SELECT * FROM ${relation} AS ${rawSql(engine.dialect.quote('source'))} LIMIT 0`));
  } catch (e) {
    if (e instanceof SqlError && e.code === 'MISSING_TABLE') {
      throw new SqlError('MISSING_TABLE', `Missing table: ${label} does not exist in ${engine.name}${e.message ? ` (${e.message})` : ''}.`, { engine: engine.name, source: label, table: source.kind === 'table' ? source.table : undefined, cause: e.cause ?? e });
    }
    throw e;
  }
  return resolveSourceColumns(engine.dialect, source, result.columns);
}
