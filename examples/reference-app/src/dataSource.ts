/**
 * Where `analyze --data` reads from: a CSV / CSV.gz / XLSX file (core's loader), a Parquet file
 * (@shopper-spectrum/arrow), a DuckDB database table (`duckdb:path.duckdb#table`) or a PostgreSQL
 * table or query (`postgres://user@host:port/db#table`, `postgresql://...?query=SELECT ...`).
 * Credentials come from the URL or the PG* environment (PGPASSWORD, PGPASSFILE) and are never shown:
 * every message and the summary carry the URL without its password.
 */
import { resolve } from 'node:path';
import { openAsBlob } from 'node:fs';
import { ShopperSpectrumError, parseTransactionRows } from '@shopper-spectrum/core';
import type { LoadResult, TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { LoadTransactionsOptions } from '@shopper-spectrum/core/node';

/** A parsed `--data` value. */
export type DataSpec =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'parquet'; readonly path: string }
  | { readonly kind: 'duckdb'; readonly path: string; readonly table: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly table: string | null; readonly query: string | null; readonly shown: string };

/** The error of a `--data` value that cannot be read: `INVALID_DATA_SOURCE` (its form), `UNSUPPORTED_SOURCE` (an engine this build cannot reach). */
export class DataSourceError extends ShopperSpectrumError {
  declare readonly code: 'INVALID_DATA_SOURCE' | 'UNSUPPORTED_SOURCE';
  constructor(code: DataSourceError['code'], message: string, details: { parameter?: string; value?: unknown; allowed?: string; cause?: unknown } = {}) {
    super(code, message, details);
    this.name = 'DataSourceError';
  }
}

const FORMS = 'a file (CSV, CSV.gz, XLSX, Parquet), duckdb:path.duckdb#table, or postgres://user@host:port/database#table (or ?query=SELECT ...)';

/** A PostgreSQL URL without its password (`postgres://ann:***@host/db`); anything unparsable is shown as `postgres://***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/^(password|pass|pwd|sslpassword)$/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return `${url.split(':')[0]}://***`;
  }
}

/** Whether an argument names an engine (a URL scheme this CLI reads) rather than a file. */
const isPostgres = (arg: string) => /^postgres(ql)?:\/\//i.test(arg);

/**
 * Parses a `--data` value. A name ending in `.parquet` is a Parquet file; `duckdb:` a DuckDB table;
 * `postgres://` / `postgresql://` a PostgreSQL table (`#table`, optionally `#schema.table`) or query
 * (`?query=`, URL-encoded); anything else a file for core's loader.
 *
 * @throws {@link DataSourceError} `INVALID_DATA_SOURCE` naming what is wrong (never the password)
 */
export function parseDataArgument(arg: string, cwd: string): DataSpec {
  if (/^duckdb:/i.test(arg)) {
    const rest = arg.slice('duckdb:'.length);
    const hash = rest.lastIndexOf('#');
    const path = hash < 0 ? rest : rest.slice(0, hash);
    const table = hash < 0 ? '' : rest.slice(hash + 1);
    if (path === '' || table === '') throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${JSON.stringify(arg)}: a DuckDB source names the database file and the table, duckdb:path.duckdb#table.`, { parameter: '--data', value: arg, allowed: 'duckdb:path.duckdb#table' });
    return { kind: 'duckdb', path: resolve(cwd, path), table };
  }
  if (isPostgres(arg)) {
    let u: URL;
    const shown = redactUrl(arg);
    try {
      u = new URL(arg);
    } catch {
      throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${shown}: not a valid URL; allowed: postgres://user@host:port/database#table or ?query=SELECT ...`, { parameter: '--data', value: shown, allowed: FORMS });
    }
    if (u.hostname === '') throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${shown}: the URL names no host.`, { parameter: '--data', value: shown, allowed: FORMS });
    const table = u.hash.length > 1 ? decodeURIComponent(u.hash.slice(1)) : null;
    const query = u.searchParams.get('query');
    if ((table === null) === (query === null)) {
      throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${shown}: name ${table === null ? 'a table (#table) or a query (?query=SELECT ...)' : 'a table or a query, not both'}.`, { parameter: '--data', value: shown, allowed: 'one of #table and ?query=' });
    }
    if (table !== null && !/^[^.\s]+(\.[^.\s]+)?$/.test(table)) throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${shown}: the table ${JSON.stringify(table)} is not table or schema.table.`, { parameter: '--data', value: table, allowed: 'table or schema.table' });
    u.hash = '';
    u.searchParams.delete('query');
    return { kind: 'postgres', url: u.toString(), table, query, shown: redactUrl(u.toString()) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    throw new DataSourceError('INVALID_DATA_SOURCE', `--data ${redactUrl(arg)}: the scheme ${JSON.stringify(arg.split(':')[0])} is not read here; allowed: ${FORMS}.`, { parameter: '--data', value: redactUrl(arg), allowed: FORMS });
  }
  const path = resolve(cwd, arg);
  return /\.parquet$/i.test(arg) ? { kind: 'parquet', path } : { kind: 'file', path };
}

/** The source as the summary and every message show it (a URL without its password). */
export function describeSpec(spec: DataSpec): string {
  switch (spec.kind) {
    case 'file':
    case 'parquet':
      return spec.path;
    case 'duckdb':
      return `duckdb:${spec.path}#${spec.table}`;
    case 'postgres':
      return `${spec.shown}${spec.table === null ? ' (query)' : `#${spec.table}`}`;
  }
}

/** Which stages ran in an engine and which in this process, with the sentence the summary prints. */
export interface StagePlacement {
  readonly engine: readonly string[];
  readonly inProcess: readonly string[];
  readonly text: string;
}

/** The stages of analyze as they are placed for a source read in-process (every stage here). */
export function placement(spec: DataSpec | null, stages: readonly string[]): StagePlacement {
  const how = spec === null ? 'the embedded synthetic log' : spec.kind === 'parquet' ? 'the Parquet file, read by @shopper-spectrum/arrow' : spec.kind === 'file' ? 'the file, read by core' : spec.kind;
  return { engine: [], inProcess: [...stages], text: `Stages: all in-process (${stages.join(', ')}), from ${how}.` };
}

/** A LoadResult for a table a columnar source gave whole: every row read and kept (a bad value is an error, not a rejected row). */
function columnarResult(table: TransactionTable, what: string): LoadResult {
  const template = parseTransactionRows([]).summary;
  const n = table.length;
  return {
    table,
    issues: [],
    summary: { ...template, rowsRead: n, rowsKept: n, rowsRejected: 0, lines: n, headerLines: 0, rowLines: n, encoding: what, delimiter: null, dateFormat: 'timestamps', dateFormatReason: `${what} stores dates as timestamps`, schema: table.schema },
  };
}

/**
 * Loads the transactions a `--data` value names.
 *
 * @throws `ArrowError` (Parquet: NOT_PARQUET, CORRUPT_SOURCE, MISSING_COLUMNS, WRONG_TYPE, NULL_VALUES, ...),
 *   core's errors for files, {@link DataSourceError} `UNSUPPORTED_SOURCE` for an engine source
 */
export async function loadDataSpec(spec: DataSpec, parsing: LoadTransactionsOptions = {}): Promise<LoadResult> {
  if (spec.kind === 'file') return loadTransactions(spec.path, parsing);
  if (spec.kind === 'parquet') {
    const { fromParquet } = await import('@shopper-spectrum/arrow');
    const { columns, dateFormat, dateRange, limits } = parsing;
    const table = await fromParquet(await openAsBlob(spec.path), { ...(columns === undefined ? {} : { columns }), ...(dateFormat === undefined ? {} : { dateFormat }), ...(dateRange === undefined ? {} : { dateRange }), ...(limits === undefined ? {} : { limits }) });
    return columnarResult(table, 'parquet');
  }
  throw new DataSourceError('UNSUPPORTED_SOURCE', `--data ${describeSpec(spec)}: reading from ${spec.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} needs @shopper-spectrum/sql's engine adapters, which this build does not have yet; export the table to Parquet (COPY ... TO 'x.parquet') and pass the file.`, { parameter: '--data', value: describeSpec(spec), allowed: 'a file' });
}
