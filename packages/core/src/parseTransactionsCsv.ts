import { CoreError } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { ChunkDecoder } from './decoder.js';
import { TransactionsParser } from './transactionsParser.js';
import type { ParseTransactionsOptions } from './transactionsParser.js';

/**
 * Parses CSV text (a whole string, or chunks from any iterable) into a {@link TransactionTable},
 * collecting problem rows as issues instead of throwing. Pure: works in browsers and workers.
 *
 * Rules: the first line is the header; fields are RFC 4180 (quotes, doubled quotes, CRLF); blank
 * lines are skipped and counted; each data row is kept or rejected with at least one
 * {@link LoadIssue}, so `summary.rowsRead === summary.rowsKept + summary.rowsRejected`.
 * Text fields are kept as written (no trimming), except that customer ids are trimmed and
 * `'17850.0'` becomes `'17850'`. Empty description, customer id or country become `null`.
 *
 * O(length of the text) time; the table takes about 44 bytes a row plus its dictionaries.
 *
 * @param source - CSV text, or an iterable of text chunks (e.g. a generator)
 * @param options - column mapping, date format, delimiter, issue cap
 * @returns the table, the issues and the summary
 * @throws {@link CoreError} `EMPTY_INPUT` (no header), `NOT_CSV` (binary data), `MISSING_COLUMNS`,
 *   `INVALID_OPTION`, `INVALID_ARGUMENT` (source is not text)
 * @example
 * ```ts
 * const csv = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
 *   '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n' +
 *   '536366,22633,HAND WARMER UNION JACK,six,2010-12-01 08:28:00,1.85,17850,United Kingdom\n';
 * const { table, issues, summary } = parseTransactionsCsv(csv);
 * table.length;         // => 1
 * summary.rowsRejected; // => 1
 * issues[0];            // => { line: 3, field: 'quantity', value: 'six', code: 'INVALID_NUMBER', reason: 'quantity "six" is not a decimal number' }
 * ```
 */
export function parseTransactionsCsv(source: string | Iterable<string>, options: ParseTransactionsOptions = {}): LoadResult {
  const parser = new TransactionsParser(options);
  if (typeof source === 'string') parser.pushText(source);
  else if (source != null && typeof (source as Iterable<string>)[Symbol.iterator] === 'function') {
    for (const chunk of source) {
      if (typeof chunk !== 'string') throw notText(chunk);
      parser.pushText(chunk);
    }
  } else throw notText(source);
  return parser.finish();
}

/**
 * Parses CSV from a stream of text or UTF-8 bytes: a Node `Readable`, a web `ReadableStream`, or any
 * async iterable. Same rules and result as {@link parseTransactionsCsv}; memory holds the table, not
 * the text. Pure (no file system): works in browsers with `response.body`.
 *
 * @param source - the stream
 * @param options - as for {@link parseTransactionsCsv}
 * @returns the table, the issues and the summary
 * @throws {@link CoreError} as {@link parseTransactionsCsv}; `READ_FAILED` when the stream errors
 * @example
 * ```ts
 * const { summary } = await parseTransactionsCsvStream(fs.createReadStream('online-retail.csv'));
 * summary.rowsRead;
 * // => 541909
 * ```
 */
export async function parseTransactionsCsvStream(
  source: AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>,
  options: ParseTransactionsOptions = {},
): Promise<LoadResult> {
  return parseTextStream(source, new TransactionsParser(options));
}

/** Feeds a stream into a parser (shared with the file loader, which sets the format). */
export async function parseTextStream(
  source: AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>,
  parser: TransactionsParser,
): Promise<LoadResult> {
  const decoder = new ChunkDecoder(parser);
  const feed = (chunk: string | Uint8Array): void => {
    if (typeof chunk === 'string') parser.pushText(chunk);
    else if (chunk instanceof Uint8Array) {
      const text = decoder.decode(chunk);
      if (text.length > 0) parser.pushText(text);
    } else throw notText(chunk);
  };
  try {
    if (isReadableStream(source)) {
      const reader = source.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          feed(value);
        }
      } finally {
        reader.releaseLock();
      }
    } else if (source != null && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      for await (const chunk of source) feed(chunk);
    } else throw notText(source);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    // zlib's errors on a damaged .gz (Node's gunzip stream): the bytes, not the reading, are at fault
    const zlibCode = (error as { code?: string })?.code;
    if (zlibCode === 'Z_BUF_ERROR' || zlibCode === 'Z_DATA_ERROR' || zlibCode === 'ERR_DECOMPRESSION_FAILED') {
      throw new CoreError('CORRUPT_SOURCE', `The gzip data cannot be inflated (a truncated or damaged .gz): ${(error as Error).message}.`, { parameter: 'source', cause: error });
    }
    throw new CoreError('READ_FAILED', `Reading the source failed: ${(error as Error)?.message ?? String(error)}.`, {
      parameter: 'source',
      cause: error,
    });
  }
  const rest = decoder.end();
  if (rest.length > 0) parser.pushText(rest);
  return parser.finish();
}

function isReadableStream(x: unknown): x is ReadableStream<string | Uint8Array> {
  return typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function';
}

function notText(value: unknown): CoreError {
  return new CoreError(
    'INVALID_ARGUMENT',
    `Invalid argument source: got ${value === null ? 'null' : typeof value}; allowed: a string, an iterable of strings, or a stream of strings or bytes.`,
    { parameter: 'source', value: typeof value, allowed: 'string | Iterable<string> | stream' },
  );
}
