import { CoreError, invalidOption } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { parseTextStream } from './parseTransactionsCsv.js';
import { peekSource, sniffFormat } from './parseTransactions.js';
import { TransactionsParser } from './transactionsParser.js';
import type { ParseTransactionsOptions } from './transactionsParser.js';
import { readXlsx } from './readXlsx.js';

/** What {@link loadTransactions} reads: a file path or URL, a file's bytes, or a byte stream. */
export type TransactionSource = string | URL | Uint8Array | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** Options of {@link loadTransactions}. */
export interface LoadTransactionsOptions extends ParseTransactionsOptions {
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
 * @param source - a path, a `file:` URL, the file's bytes, or a stream of its bytes
 * @param options - format, sheet, and the parsing options
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
  const declared = options.format ?? LOAD_DEFAULTS.format;
  if (!['auto', 'csv', 'csv.gz', 'xlsx'].includes(declared)) invalidOption('format', declared, "'auto', 'csv', 'csv.gz' or 'xlsx'");
  const sheet = options.sheet ?? LOAD_DEFAULTS.sheet;
  const explicitSheet = options.sheet !== undefined;
  const fs = await import('node:fs');
  const zlib = await import('node:zlib');
  const { Readable } = await import('node:stream');

  if (typeof source === 'string' || source instanceof URL) {
    let head: Uint8Array;
    try {
      const handle = await fs.promises.open(source, 'r');
      try {
        const buf = new Uint8Array(4);
        const { bytesRead } = await handle.read(buf, 0, 4, 0);
        head = buf.subarray(0, bytesRead);
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
    const raw = fs.createReadStream(source, { highWaterMark: 1 << 20 });
    const stream = format === 'csv.gz' ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
    raw.on('error', (e) => stream.destroy(e));
    return parseTextStream(stream, new TransactionsParser(options, format));
  }

  if (source instanceof Uint8Array) {
    const format: Format = declared === 'auto' ? sniff(source) : declared;
    if (format === 'xlsx') return retryXlsx(() => readXlsx(Readable.from([source]), options, sheet, explicitSheet));
    const bytes = format === 'csv.gz' ? gunzip(zlib, source) : source;
    return parseTextStream(Readable.from([bytes]), new TransactionsParser(options, format));
  }

  // A stream: look at its first chunk, then put it back.
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
