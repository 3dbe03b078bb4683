import { CoreError, invalidOption } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { parseTextStream } from './parseTransactionsCsv.js';
import { peekSource, sniffFormat } from './parseTransactions.js';
import { TransactionsParser } from './transactionsParser.js';
import type { ParseTransactionsOptions } from './transactionsParser.js';
import { readXlsx } from './readXlsx.js';
import { parseCsvInParallel, PARALLEL_DEFAULTS, resolveWorkers } from './parallelLoad.js';
import type { ParallelLoadResult, ParallelParseOptions, ReopenableBytes } from './parallelLoad.js';

/** What {@link loadTransactions} reads: a file path or URL, a file's bytes, or a byte stream. */
export type TransactionSource = string | URL | Uint8Array | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** Options of {@link loadTransactions}. */
export interface LoadTransactionsOptions extends ParseTransactionsOptions, ParallelParseOptions {
  /**
   * The source's format. `'auto'` looks at its first bytes: gzip (`1f 8b`) is CSV.gz, a zip
   * (`PK`) is XLSX, anything else is CSV. The file name is never trusted.
   * @defaultValue {@link LOAD_DEFAULTS | LOAD_DEFAULTS.format} (`'auto'`)
   */
  readonly format?: 'auto' | 'csv' | 'csv.gz' | 'xlsx';
  /**
   * XLSX only: the worksheet, by name or 1-based position.
   * @defaultValue {@link LOAD_DEFAULTS | LOAD_DEFAULTS.sheet} (`1`: the first sheet)
   */
  readonly sheet?: string | number;
}

/**
 * The defaults of {@link loadTransactions}'s own options, in one place: the format is told by the
 * file's first bytes, and an XLSX workbook is read from its first sheet. The parsing options'
 * defaults are `PARSE_DEFAULTS` of the main entry.
 *
 * @example
 * ```ts
 * LOAD_DEFAULTS;
 * // => { format: 'auto', sheet: 1 }
 * ```
 */
export const LOAD_DEFAULTS: Readonly<Required<Pick<LoadTransactionsOptions, 'format' | 'sheet'>>> = Object.freeze({
  format: 'auto',
  sheet: 1,
});

type Format = 'csv' | 'csv.gz' | 'xlsx';
const sniff = sniffFormat;

/**
 * Loads transactions from a CSV, CSV.gz or XLSX file: the Node entry
 * (`import { loadTransactions } from '@shopper-spectrum/core/node'`); everywhere else (browsers,
 * workers, edge runtimes) {@link "@shopper-spectrum/core"!parseTransactions | parseTransactions} reads the same CSV and CSV.gz from bytes, a
 * `Blob` or a stream.
 *
 * CSV is streamed: the file is read in 1 MiB chunks and gzip is inflated on libuv's thread pool
 * while the main thread parses, so memory holds the table, not the text. XLSX goes through the
 * optional peer dependency `exceljs` (streaming reader), loaded only when an XLSX file is met.
 * Same rules, issues and summary as {@link "@shopper-spectrum/core"!parseTransactionsCsv | parseTransactionsCsv}; `summary.format` says what the
 * file turned out to be.
 *
 *
 * With `workers: 'auto'` (one per core, at most 4) or a count above 1, CSV of at least `minBytes`
 * (8 MiB of text) from a file or bytes is parsed on worker threads: the main thread reads the start, the workers parse the rest in 4 MiB
 * pieces cut at line ends, and the result is the same as on one thread (the same table, dictionary
 * order, issues and line numbers); a text that cannot be cut safely (a quoted field holding a line
 * break, lone-CR line ends, bytes that are not UTF-8) is read on one thread, as
 * {@link loadTransactionsInParallel} reports. `workers: 1` never starts a worker. Streams are read on
 * one thread.
 *
 * @param source - a path, a `file:` URL, the file's bytes, or a stream of its bytes
 * @param options - format, sheet, workers, and the parsing options
 * @returns the table, the issues and the summary
 * @throws {@link "@shopper-spectrum/core"!CoreError | CoreError} `READ_FAILED` (missing or unreadable file), `CORRUPT_SOURCE` (damaged gzip or XLSX), `MISSING_DEPENDENCY`
 *   (XLSX without `exceljs`), and the errors of {@link "@shopper-spectrum/core"!parseTransactionsCsv | parseTransactionsCsv}
 * @example
 * ```ts
 * const { table, summary } = await loadTransactions('online-retail.csv.gz');
 * [table.length, summary.format];
 * // => [541909, 'csv.gz']
 * ```
 */
export async function loadTransactions(source: TransactionSource, options: LoadTransactionsOptions = {}): Promise<LoadResult> {
  const result = await load(source, options);
  if (!('parallel' in result)) return result;
  const { parallel: _report, ...plain } = result;
  return plain;
}

/**
 * {@link loadTransactions}, with the account of how the parse was split across threads: how many
 * workers and pieces, how many rejected records the main thread read, and why the text was read on
 * one thread when it was (`parallel.fallback`: too small, `workers: 1`, a quoted field holding a line
 * break, lone-CR line ends, bytes that are not UTF-8, XLSX, a stream, ...). The table, issues and
 * summary are those `loadTransactions` returns.
 *
 * @param source - as for {@link loadTransactions}
 * @param options - as for {@link loadTransactions}
 * @returns the load result and `parallel`
 * @throws as {@link loadTransactions}
 * @example
 * ```ts
 * const { table, parallel } = await loadTransactionsInParallel('online-retail.csv.gz', { workers: 2 });
 * [table.length, parallel.workers, parallel.fallback];
 * // => [541909, 2, null]
 * ```
 */
export async function loadTransactionsInParallel(source: TransactionSource, options: LoadTransactionsOptions = {}): Promise<ParallelLoadResult> {
  const why = { reason: '' };
  const result = await load(source, options, why);
  if ('parallel' in result) return result;
  return { ...result, parallel: { workers: 0, chunks: 0, prefixBytes: 0, deferredRecords: 0, fallback: why.reason } };
}

async function load(source: TransactionSource, options: LoadTransactionsOptions, why: { reason: string } = { reason: '' }): Promise<LoadResult | ParallelLoadResult> {
  const declared = options.format ?? LOAD_DEFAULTS.format;
  if (!['auto', 'csv', 'csv.gz', 'xlsx'].includes(declared)) invalidOption('format', declared, "'auto', 'csv', 'csv.gz' or 'xlsx'");
  const sheet = options.sheet ?? LOAD_DEFAULTS.sheet;
  const explicitSheet = options.sheet !== undefined;
  const workersOption = options.workers ?? PARALLEL_DEFAULTS.workers;
  if (!(workersOption === 'auto' || (Number.isInteger(workersOption) && workersOption >= 1 && workersOption <= 64))) invalidOption('workers', workersOption, "'auto' or an integer from 1 to 64");
  for (const name of ['chunkBytes', 'prefixBytes', 'minBytes'] as const) {
    const v = options[name];
    if (v !== undefined && !(Number.isInteger(v) && v >= (name === 'minBytes' ? 0 : 1024))) invalidOption(name, v, name === 'minBytes' ? 'an integer >= 0 (bytes)' : 'an integer >= 1024 (bytes)');
  }
  const minBytes = options.minBytes ?? PARALLEL_DEFAULTS.minBytes;
  const workers = await resolveWorkers(workersOption);
  const fs = await import('node:fs');
  const zlib = await import('node:zlib');
  const { Readable } = await import('node:stream');
  const inflated = (format: Format, open: () => NodeJS.ReadableStream & AsyncIterable<Uint8Array>): ReopenableBytes => () => {
    const raw = open();
    if (format !== 'csv.gz') return raw;
    const stream = (raw as unknown as import('node:stream').Readable).pipe(zlib.createGunzip({ chunkSize: 1 << 20 }));
    raw.on('error', (e: Error) => stream.destroy(e));
    return stream;
  };
  // a gzip's text is about five times its size (the real file: 7.5 MB to 47 MB)
  const textSize = (format: Format, bytes: number) => (format === 'csv.gz' ? bytes * 5 : bytes);
  const parallel = (format: Format, bytes: number): boolean => {
    why.reason = 'XLSX';
    if (format === 'xlsx') return false;
    why.reason = workers <= 1 ? 'workers: 1' : `a text below minBytes (${minBytes} bytes)`;
    return workers > 1 && textSize(format, bytes) >= minBytes;
  };

  if (typeof source === 'string' || source instanceof URL) {
    let head: Uint8Array;
    let size = 0;
    try {
      const handle = await fs.promises.open(source, 'r');
      try {
        const buf = new Uint8Array(4);
        const { bytesRead } = await handle.read(buf, 0, 4, 0);
        head = buf.subarray(0, bytesRead);
        size = (await handle.stat()).size;
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new CoreError('READ_FAILED', `Cannot read ${String(source)}: ${(error as Error).message}.`, {
        parameter: 'source',
        value: String(source),
        allowed: 'a readable CSV, CSV.gz or XLSX file',
        cause: error,
      });
    }
    const format: Format = declared === 'auto' ? sniff(head) : declared;
    if (format === 'xlsx') return retryXlsx(() => readXlsx(typeof source === 'string' ? source : fs.createReadStream(source), options, sheet, explicitSheet));
    if (parallel(format, size)) {
      return parseCsvInParallel(inflated(format, () => fs.createReadStream(source, { highWaterMark: 1 << 20 })), format, { ...options, workers });
    }
    const raw = fs.createReadStream(source, { highWaterMark: 1 << 20 });
    const stream = format === 'csv.gz' ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
    raw.on('error', (e) => stream.destroy(e));
    return parseTextStream(stream, new TransactionsParser(options, format));
  }

  if (source instanceof Uint8Array) {
    const format: Format = declared === 'auto' ? sniff(source) : declared;
    if (format === 'xlsx') return retryXlsx(() => readXlsx(Readable.from([source]), options, sheet, explicitSheet));
    if (parallel(format, source.length)) {
      // inflated as a stream (on libuv's thread pool) while the workers parse
      return parseCsvInParallel(inflated(format, () => Readable.from([source])), format, { ...options, workers });
    }
    const bytes = format === 'csv.gz' ? gunzip(zlib, source) : source;
    return parseTextStream(Readable.from([bytes]), new TransactionsParser(options, format));
  }

  // A stream: look at its first chunk, then put it back (read on one thread: it cannot be read again)
  why.reason = 'a stream (read on one thread)';
  const { head, chunks } = await peekSource(source);
  const format: Format = declared !== 'auto' ? declared : head === null || typeof head === 'string' ? 'csv' : sniff(head);
  const replayed = Readable.from(chunks);
  if (format === 'xlsx') return readXlsx(replayed, options, sheet, explicitSheet);
  const stream = format === 'csv.gz' ? replayed.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : replayed;
  replayed.on('error', (e) => stream.destroy(e));
  return parseTextStream(stream, new TransactionsParser(options, format));
}

function gunzip(zlib: typeof import('node:zlib'), bytes: Uint8Array): Uint8Array {
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw new CoreError('CORRUPT_SOURCE', `The gzip data cannot be inflated (a truncated or damaged .gz): ${(error as Error).message}.`, {
      parameter: 'source',
      cause: error,
    });
  }
}

/**
 * Reads a workbook that can be read again (a file, bytes), once more if exceljs' streaming reader
 * lost the workbook part on the way: on a loaded machine its zip stream now and then ends before
 * `xl/workbook.xml` is parsed, and the sheets then fail with a TypeError on its missing model
 * ("reading 'sheets'"), a damaged file it is not. A second failure is reported as it is.
 */
async function retryXlsx<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (!(cause instanceof TypeError) || !/reading '(sheets|model)'/.test(cause.message)) throw error;
    return read();
  }
}
