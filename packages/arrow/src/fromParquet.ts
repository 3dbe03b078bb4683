import type { TransactionTable } from '@shopper-spectrum/core';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ArrowError } from './errors.js';
import { SCHEMA_METADATA_KEY, resolveMapping, schemaFromMetadata, tableFromColumns } from './tableFromColumns.js';
import type { ReadTableOptions } from './tableFromColumns.js';
import { segmentLength } from './sourceColumn.js';
import type { Segment, SourceColumn } from './sourceColumn.js';

/** Options of {@link fromParquet}: the column mapping and value checks of core's loaders. */
export type FromParquetOptions = ReadTableOptions;

/**
 * What {@link fromParquet} reads: the file's bytes, a `Blob` / `File` (a browser's file picker; in
 * Node, `fs.openAsBlob(path)`, read in slices rather than whole), or hyparquet's `AsyncBuffer` (for
 * example `asyncBufferFromUrl` for HTTP range requests).
 */
export type ParquetSource = Uint8Array | ArrayBuffer | Blob | AsyncBuffer;

const WHAT = 'the Parquet file';
const MAGIC = [0x50, 0x41, 0x52, 0x31]; // PAR1

function asyncBuffer(source: ParquetSource): AsyncBuffer {
  if (source instanceof Uint8Array) return { byteLength: source.byteLength, slice: (s, e) => source.slice(s, e).buffer };
  if (source instanceof ArrayBuffer) return source;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { byteLength: source.size, slice: (s, e) => source.slice(s, e).arrayBuffer() };
  const b = source as AsyncBuffer | null;
  if (b !== null && typeof b === 'object' && typeof b.byteLength === 'number' && typeof b.slice === 'function') return b;
  const shown = source === null ? 'null' : typeof source === 'string' ? 'a string (a path? pass fs.openAsBlob(path) or the bytes)' : typeof source;
  throw new ArrowError('INVALID_ARGUMENT', `Invalid argument source: got ${shown}; allowed: the file's bytes (Uint8Array, ArrayBuffer), a Blob / File, or an AsyncBuffer.`, { parameter: 'source', value: shown, allowed: 'Uint8Array | ArrayBuffer | Blob | AsyncBuffer' });
}

async function bytesAt(file: AsyncBuffer, start: number, end: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(start, end));
  } catch (error) {
    throw new ArrowError('READ_FAILED', `Reading the Parquet source failed: ${(error as Error)?.message ?? String(error)}.`, { parameter: 'source', cause: error });
  }
}

const isMagic = (b: Uint8Array): boolean => b.length === 4 && MAGIC.every((m, i) => b[i] === m);

/** A column's Parquet type in words: `BYTE_ARRAY (STRING)`, `INT64 (TIMESTAMP MICROS)`. */
function typeName(e: SchemaElement): string {
  if (e.type === undefined) return e.logical_type?.type ?? e.converted_type ?? 'group';
  const lt = e.logical_type as { type: string; unit?: string } | undefined;
  const annotation = lt ? [lt.type, lt.unit].filter(Boolean).join(' ') : e.converted_type;
  return annotation ? `${e.type} (${annotation})` : e.type;
}

/** INT64 over `divisor`, truncated toward zero as `Number(v / divisor)`, without BigInt arithmetic where the value is a safe integer. */
function truncatedDivision(divisor: number): (v: bigint) => number {
  const d = BigInt(divisor);
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  return (v) => (v <= safe && v >= -safe ? Math.trunc(Number(v) / divisor) : Number(v / d));
}

/** hyparquet's parsers for dates and timestamps: wall-clock ms (their UTC fields), as numbers. */
const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: truncatedDivision(1000),
  timestampFromNanoseconds: truncatedDivision(1000000),
  dateFromDays: (days: number) => days * 86400000,
};

/**
 * The decoded chunks of a column as segments in row order. Chunks that do not tile the rows
 * exactly (never seen from hyparquet) are laid into one array, rows no chunk covers left null.
 */
function inRowOrder(chunks: { rowStart: number; segment: Segment }[], length: number): Segment[] {
  chunks.sort((a, b) => a.rowStart - b.rowStart);
  let at = 0;
  for (const c of chunks) {
    if (c.rowStart !== at) break;
    at += segmentLength(c.segment);
  }
  if (at === length) return chunks.map((c) => c.segment);
  const out = new Array<unknown>(length).fill(null);
  for (const c of chunks) {
    const values = (c.segment as Extract<Segment, { kind: 'values' }>).values;
    for (let i = 0; i < values.length && c.rowStart + i < length; i++) out[c.rowStart + i] = values[i];
  }
  return [{ kind: 'values', values: out }];
}

/**
 * A Parquet file as a {@link TransactionTable}, in any JavaScript runtime (hyparquet: pure
 * JavaScript, every codec through hyparquet-compressors: Snappy, gzip, zstd, Brotli, LZ4). Reads
 * what {@link toParquet}, DuckDB (`COPY ... TO 'x.parquet'`), Polars and pandas / pyarrow write,
 * with the column mapping of core's loaders (`options.columns`: Online Retail or Online Retail II
 * names, any other names, or the minimal customer + date + amount log); only the columns the
 * mapping needs are read. Values are read with core's value rules, exactly as the CSV loaders read
 * them, column by column (the decoded columns go straight into the table's typed columns and
 * dictionaries, no row made): strings and integers become text (a customer id stored as the double 17850 reads
 * `'17850'`), numbers and decimals numbers, `TIMESTAMP` (milli, micro or nano seconds, or INT96)
 * and `DATE` columns wall-clock ms by their UTC fields, so a naive timestamp keeps its clock time.
 * A file {@link toParquet} wrote gives back the same rows and schema; dictionaries are rebuilt in
 * order of first appearance.
 *
 * O(n x columns read) time; memory holds the decoded columns of the file, then the table.
 *
 * @param source - the file's bytes, a Blob / File, or an AsyncBuffer
 * @param options - the column mapping and value checks
 * @returns the table
 * @throws {@link ArrowError} `NOT_PARQUET` (no `PAR1` at the start: not a Parquet file),
 *   `CORRUPT_SOURCE` (a truncated or damaged file), `MISSING_COLUMNS` (naming the needed column and
 *   the columns there are), `WRONG_TYPE` (a column whose values cannot be the field, such as a
 *   boolean InvoiceDate), `NULL_VALUES` (NULLs in a required column: how many, the first row),
 *   `INVALID_VALUES` (a value core would reject), `READ_FAILED`, `INVALID_ARGUMENT`, `INVALID_OPTION`
 * @example
 * ```ts
 * import { openAsBlob } from 'node:fs';
 * const table = await fromParquet(await openAsBlob('online-retail.parquet'));
 * [table.length, table.row(0).customerId];
 * // => [541909, '17850']
 * ```
 */
export async function fromParquet(source: ParquetSource, options: FromParquetOptions = {}): Promise<TransactionTable> {
  const file = asyncBuffer(source);
  const size = file.byteLength;
  const head = await bytesAt(file, 0, Math.min(4, size));
  if (!isMagic(head)) {
    throw new ArrowError('NOT_PARQUET', `${WHAT} is not Parquet: its ${size} bytes do not start with the magic "PAR1"${size === 0 ? ' (it is empty)' : ''}; allowed: a Parquet file (a CSV is read by core's loaders).`, { parameter: 'source', value: `${size} bytes`, allowed: 'a Parquet file' });
  }
  const tail = await bytesAt(file, Math.max(0, size - 4), size);
  if (size < 12 || !isMagic(tail)) {
    throw new ArrowError('CORRUPT_SOURCE', `${WHAT} is truncated: it starts as Parquet but its ${size} bytes do not end with the footer's "PAR1"; allowed: a whole Parquet file.`, { parameter: 'source', value: `${size} bytes`, allowed: 'a whole Parquet file' });
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    if (error instanceof ArrowError) throw error;
    throw new ArrowError('CORRUPT_SOURCE', `${WHAT} has a damaged footer: ${(error as Error)?.message ?? String(error)}; allowed: a whole Parquet file.`, { parameter: 'source', value: `${size} bytes`, allowed: 'a whole Parquet file', cause: error });
  }
  const top = parquetSchema(metadata).children;
  const length = Number(metadata.num_rows);
  const stored = schemaFromMetadata(metadata.key_value_metadata?.find((kv) => kv.key === SCHEMA_METADATA_KEY)?.value);
  // resolve the mapping on the names first, so that only the needed columns are decoded
  const names = top.map((c) => c.element.name);
  const { resolved, fields } = resolveMapping(WHAT, names, options);
  const needed = fields.map((f) => names[resolved[f]]!);
  const chunks = new Map<string, { rowStart: number; segment: Segment }[]>(needed.map((name) => [name, []]));
  try {
    await parquetRead({
      file,
      metadata,
      columns: needed,
      compressors,
      parsers: PARSERS,
      onChunk: (chunk) => {
        const list = chunks.get(chunk.columnName);
        const end = Math.min(chunk.rowEnd, length);
        if (list === undefined || end <= chunk.rowStart) return;
        const data = chunk.columnData as ArrayLike<unknown>;
        const values = data.length > end - chunk.rowStart ? (ArrayBuffer.isView(data) ? (data as unknown as Int32Array).subarray(0, end - chunk.rowStart) : Array.prototype.slice.call(data, 0, end - chunk.rowStart)) : data;
        list.push({ rowStart: chunk.rowStart, segment: { kind: 'values', values } });
      },
    });
  } catch (error) {
    if (error instanceof ArrowError) throw error;
    throw new ArrowError('CORRUPT_SOURCE', `${WHAT} cannot be decoded: ${(error as Error)?.message ?? String(error)}; allowed: a readable Parquet file.`, { parameter: 'source', value: `${size} bytes`, allowed: 'a readable Parquet file', cause: error });
  }
  const columns: SourceColumn[] = top.map((c) => ({ name: c.element.name, type: typeName(c.element), segments: inRowOrder(chunks.get(c.element.name) ?? [], length) }));
  return tableFromColumns({ what: WHAT, length, columns, schema: stored }, options);
}

