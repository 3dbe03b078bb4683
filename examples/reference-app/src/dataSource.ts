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
import type { CleaningPreset, CleanResult } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { LoadTransactionsOptions } from '@shopper-spectrum/core/node';
import type { RfmTable } from '@shopper-spectrum/rfm';
import type { SqlEngine } from '@shopper-spectrum/sql';

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

/** The engine's name as the summary prints it. */
const ENGINE_NAME = { duckdb: 'DuckDB', postgres: 'PostgreSQL' } as const;

/**
 * The stages of analyze as they are placed for a DuckDB or PostgreSQL source: what {@link readEngineSource}
 * ran in the engine (`engine`), and the rest, in this process (`inProcess`).
 */
export function enginePlacement(read: Pick<EngineRead, 'engine' | 'engineStages' | 'rawRead'>, inProcess: readonly string[]): StagePlacement {
  const name = ENGINE_NAME[read.engine];
  const raw = read.rawRead ? `; the rows as loaded were read too, for ${read.rawRead}` : '';
  return { engine: [...read.engineStages], inProcess: [...inProcess], text: `Stages: in ${name}: ${read.engineStages.join(', ')}; in-process, on the cleaned rows the engine sent: ${inProcess.join(', ')}${raw}.` };
}

/** The npm package each engine needs (an optional peer dependency of the CLI). */
export const ENGINE_DRIVERS = { duckdb: '@duckdb/node-api', postgres: 'pg' } as const;

/** What {@link readEngineSource} needs besides the source. */
export interface EngineReadOptions {
  /**
   * The cleaning preset, run in the engine.
   * @defaultValue `'trusted'`
   */
  readonly preset?: CleaningPreset;
  /**
   * Which column holds which field (`--columns`), as core's loaders take it.
   * @defaultValue `'auto'`
   */
  readonly columns?: LoadTransactionsOptions['columns'];
  /**
   * `--fees-in-spend`: customers' spend includes the non-product lines, so RFM runs in-process on
   * the cleaned rows plus those lines (read with the rows as loaded).
   * @defaultValue false
   */
  readonly feesInSpend?: boolean;
  /**
   * Milliseconds after which the engine stops a statement (`--query-timeout`; `QUERY_TIMEOUT`); 0 for none.
   * @defaultValue 0
   */
  readonly statementTimeoutMs?: number;
}

/** What a DuckDB or PostgreSQL source gave: the cleaning done in the engine, the rows, and the RFM table when the engine computed it. */
export interface EngineRead {
  readonly engine: 'duckdb' | 'postgres';
  /**
   * The load result: the row count is the source's; `table` holds the rows as loaded when a stage
   * needs them ({@link EngineRead.rawRead}), else the cleaned rows (a log without products needs none).
   */
  readonly loaded: LoadResult;
  /** The cleaned rows (readTransactions with the preset, cleaned in the engine), the engine's cleaning report, and the non-product lines (from the rows as loaded, with `--fees-in-spend`). */
  readonly cleaned: CleanResult;
  /** The RFM table computed in the engine on the cleaned rows (`sqlRfmTable`), or `null` when RFM must run in-process (`--fees-in-spend`). */
  readonly rfm: RfmTable | null;
  /** What ran in the engine, in order. */
  readonly engineStages: readonly string[];
  /** Why the rows as loaded were read too (the stages that need them), or `null` when they were not. */
  readonly rawRead: string | null;
}

/** A `#table` or `#schema.table` as the sql package's table source takes it. */
function tableParts(name: string): { table: string; schema?: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}

/**
 * Reads a DuckDB table or a PostgreSQL table or query through `@shopper-spectrum/sql`, pushing the
 * work down: the engine resolves the columns, runs the preset's cleaning with its row report
 * (`cleaningReport`), sends only the kept rows (`readTransactions` with `clean`) and computes the RFM
 * table (`sqlRfmTable` on `cleanedRelation`). The rows as loaded are read as well when a log has
 * products, because the cancellation figures (`returnsSummary`, cancellations by product) are
 * defined on the whole log and `@shopper-spectrum/sql` has no definition of them yet; with
 * `--fees-in-spend` the non-product lines come from them too and RFM runs in-process.
 *
 * @param spec - a `duckdb` or `postgres` spec
 * @param options - preset, column mapping, fees in spend, statement timeout
 * @returns the rows, the cleaning and the RFM table
 * @throws `SqlError` (`MISSING_DRIVER` naming the package to install, `CONNECTION_FAILED`,
 *   `MISSING_TABLE`, `MISSING_COLUMN`, `WRONG_TYPE`, `NULL_VALUE`, `QUERY_TIMEOUT`), never with a password
 */
export async function readEngineSource(spec: Extract<DataSpec, { kind: 'duckdb' | 'postgres' }>, options: EngineReadOptions = {}): Promise<EngineRead> {
  const sqlLib = await import('@shopper-spectrum/sql');
  const preset = options.preset ?? 'trusted';
  const timeout = options.statementTimeoutMs ?? 0;
  const columns = options.columns === undefined ? {} : { columns: options.columns };
  let engine: SqlEngine;
  let source;
  if (spec.kind === 'duckdb') {
    const { openDuckDb } = await import('@shopper-spectrum/sql/duckdb');
    engine = await openDuckDb({ path: spec.path, readOnly: true, statementTimeoutMs: timeout });
    source = sqlLib.tableSource({ ...tableParts(spec.table), ...columns });
  } else {
    const { connectPostgres } = await import('@shopper-spectrum/sql/postgres');
    engine = await connectPostgres({ connectionString: spec.url, statementTimeoutMs: timeout });
    source = spec.table !== null ? sqlLib.tableSource({ ...tableParts(spec.table), ...columns }) : sqlLib.querySource({ query: spec.query!, label: 'the --data query', ...columns });
  }
  try {
    const resolved = await sqlLib.resolveSource(engine, source);
    const clean = { preset };
    const report = await sqlLib.cleaningReport(engine, resolved, clean);
    const table = await sqlLib.readTransactions(engine, resolved, { clean });
    const needs = [...(resolved.minimal ? [] : ['the cancellation figures']), ...(options.feesInSpend ? ["--fees-in-spend's non-product lines"] : [])];
    const raw = needs.length > 0 ? await sqlLib.readTransactions(engine, resolved) : null;
    const nonProduct = options.feesInSpend && raw !== null ? (await import('@shopper-spectrum/core')).cleanTransactions(raw, clean).nonProduct : null;
    const rfm = options.feesInSpend ? null : await sqlLib.sqlRfmTable(engine, sqlLib.cleanedRelation(engine.dialect, resolved, clean));
    const loaded = columnarResult(raw ?? table, spec.kind);
    const n = report.rowsIn;
    return {
      engine: spec.kind,
      loaded: { ...loaded, summary: { ...loaded.summary, rowsRead: n, rowsKept: n, lines: n, rowLines: n, schema: table.schema } },
      cleaned: { table, report, nonProduct },
      rfm,
      engineStages: ['read', 'clean', 'cleaning report', ...(rfm === null ? [] : ['RFM table'])],
      rawRead: needs.length > 0 ? needs.join(' and ') : null,
    };
  } finally {
    await engine.close();
  }
}

/**
 * The exit code of an engine source's error, where the CLI's table of codes does not already say it:
 * a missing driver is a setup problem the user fixes on the command line (2, as a usage error), an
 * engine that cannot be reached or opened is a source that cannot be read (3). `undefined` otherwise.
 */
export function engineExitCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MISSING_DRIVER') return 2;
  if (code === 'CONNECTION_FAILED') return 3;
  return undefined;
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
 *   core's errors for files, {@link DataSourceError} `UNSUPPORTED_SOURCE` for an engine source (read those with {@link readEngineSource})
 */
export async function loadDataSpec(spec: DataSpec, parsing: LoadTransactionsOptions = {}): Promise<LoadResult> {
  if (spec.kind === 'file') return loadTransactions(spec.path, parsing);
  if (spec.kind === 'parquet') {
    const { fromParquet } = await import('@shopper-spectrum/arrow');
    const { columns, dateFormat, dateRange, limits } = parsing;
    const table = await fromParquet(await openAsBlob(spec.path), { ...(columns === undefined ? {} : { columns }), ...(dateFormat === undefined ? {} : { dateFormat }), ...(dateRange === undefined ? {} : { dateRange }), ...(limits === undefined ? {} : { limits }) });
    return columnarResult(table, 'parquet');
  }
  throw new DataSourceError('UNSUPPORTED_SOURCE', `--data ${describeSpec(spec)}: a ${spec.kind === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} source is read with readEngineSource, which cleans in the engine; allowed here: a file.`, { parameter: '--data', value: describeSpec(spec), allowed: 'a file' });
}
