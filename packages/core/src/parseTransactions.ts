import { CoreError, invalidOption } from './errors.js';
import type { LoadResult } from './loadResult.js';
import { parseTextStream } from './parseTransactionsCsv.js';
import { TransactionsParser } from './transactionsParser.js';
import type { ParseTransactionsOptions } from './transactionsParser.js';

/**
 * What {@link parseTransactions} reads, in any JavaScript runtime: text, bytes, a `Blob` or `File`
 * (what a browser's file picker gives), a web `ReadableStream` (`response.body`), or any async
 * iterable of chunks (a Node stream).
 */
export type ParseSource = string | Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A source format: delimited text, or gzipped delimited text. */
export type TextFormat = 'csv' | 'csv.gz';

/** Options of {@link parseTransactions}. */
export interface ParseOptions extends ParseTransactionsOptions {
  /**
   * The format. `'auto'` looks at the first bytes: gzip (`1f 8b`) is inflated (with the platform's
   * `DecompressionStream`), a zip (`PK`, an XLSX workbook) is refused with `UNSUPPORTED_FORMAT`
   * (read it with `loadTransactions` from `@shopper-spectrum/core/node`), anything else is CSV.
   * A file name is never trusted.
   * @defaultValue {@link PARSE_TRANSACTIONS_DEFAULTS | PARSE_TRANSACTIONS_DEFAULTS.format} (`'auto'`)
   */
  readonly format?: 'auto' | TextFormat;
}

/**
 * The defaults of {@link parseTransactions}'s own option, in one place: the format is told by the
 * source's first bytes. The parsing options' defaults are {@link PARSE_DEFAULTS}.
 *
 * @example
 * ```ts
 * PARSE_TRANSACTIONS_DEFAULTS;
 * // => { format: 'auto' }
 * ```
 */
export const PARSE_TRANSACTIONS_DEFAULTS: Readonly<Required<Pick<ParseOptions, 'format'>>> = Object.freeze({
  format: 'auto',
});

/** What the first bytes say a source is. */
export function sniffFormat(head: Uint8Array): TextFormat | 'xlsx' {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'csv.gz';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  return 'csv';
}

const isBlob = (x: unknown): x is Blob => typeof Blob !== 'undefined' && x instanceof Blob;
const isReadableStream = (x: unknown): x is ReadableStream<Uint8Array> => typeof x === 'object' && x !== null && typeof (x as ReadableStream).getReader === 'function';

/**
 * Parses a transaction log from text, bytes, a `Blob` / `File`, a web `ReadableStream` or an async
 * iterable, in a browser, a worker, an edge runtime or Node: gzip is detected by its bytes and
 * inflated as it streams (`DecompressionStream`), the text is parsed as it arrives (memory holds the
 * table, not the file), and the result is that of {@link parseTransactionsCsv}, with
 * `summary.format` saying what the source turned out to be. No Node built-in is used; file paths and
 * XLSX are the Node entry's (`loadTransactions` in `@shopper-spectrum/core/node`).
 *
 * @param source - the log
 * @param options - format and the parsing options of {@link parseTransactionsCsv}
 * @returns the table, the issues and the summary
 * @throws {@link CoreError} `UNSUPPORTED_FORMAT` (an XLSX workbook, or gzip where the runtime has no
 *   `DecompressionStream`), `READ_FAILED` (a stream that errors), `CORRUPT_SOURCE` (damaged gzip), `INVALID_ARGUMENT`,
 *   and the errors of {@link parseTransactionsCsv}
 * @example
 * ```ts
 * // in a browser: <input type="file"> gives a File (a Blob), .csv or .csv.gz
 * const { table, summary } = await parseTransactions(input.files[0]);
 * [table.length, summary.format];
 * // => [541909, 'csv.gz']
 * ```
 */
export async function parseTransactions(source: ParseSource, options: ParseOptions = {}): Promise<LoadResult> {
  const declared = options.format ?? PARSE_TRANSACTIONS_DEFAULTS.format;
  if (declared !== 'auto' && declared !== 'csv' && declared !== 'csv.gz') invalidOption('format', declared, "'auto', 'csv' or 'csv.gz'");
  if (typeof source === 'string') {
    if (declared === 'csv.gz') throw new CoreError('INVALID_ARGUMENT', "Invalid argument source: text cannot be gzip; allowed: bytes, a Blob or a stream for format 'csv.gz'.", { parameter: 'source', value: 'string', allowed: 'bytes, a Blob or a stream' });
    const parser = new TransactionsParser(options, 'csv');
    parser.pushText(source);
    return parser.finish();
  }
  let stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>;
  if (source instanceof ArrayBuffer) stream = chunks(new Uint8Array(source));
  else if (source instanceof Uint8Array) stream = chunks(source);
  else if (isBlob(source)) stream = source.stream() as ReadableStream<Uint8Array>;
  else if (isReadableStream(source) || (source != null && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')) stream = source;
  else {
    throw new CoreError('INVALID_ARGUMENT', `Invalid argument source: got ${source === null ? 'null' : typeof source}; allowed: text, bytes, a Blob, a ReadableStream or an async iterable.`, {
      parameter: 'source',
      value: source === null ? 'null' : typeof source,
      allowed: 'string | Uint8Array | ArrayBuffer | Blob | ReadableStream | AsyncIterable',
    });
  }
  const { head, chunks: replayed } = await peekSource(stream);
  const sniffed = head === null || typeof head === 'string' ? 'csv' : sniffFormat(head);
  const format: TextFormat | 'xlsx' = declared === 'auto' ? sniffed : declared;
  if (format === 'xlsx') {
    throw new CoreError('UNSUPPORTED_FORMAT', 'The source is an XLSX workbook (a zip), which parseTransactions does not read: use loadTransactions from @shopper-spectrum/core/node (Node, with exceljs), or save the sheet as CSV.', {
      parameter: 'source',
      value: 'xlsx',
      allowed: 'CSV or CSV.gz',
    });
  }
  const text: AsyncIterable<Uint8Array | string> = format === 'csv.gz' ? gunzipStream(replayed) : replayed;
  return parseTextStream(text, new TransactionsParser(options, format));
}

/**
 * Internal (shared with the Node loader): reads the first chunk of a stream to tell its format, and
 * gives the whole stream back, that chunk first. `head` is `null` for an empty stream.
 */
export async function peekSource(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>): Promise<{ head: Uint8Array | string | null; chunks: AsyncIterable<Uint8Array | string> }> {
  if (!isReadableStream(source) && typeof (source as AsyncIterable<unknown>)?.[Symbol.asyncIterator] !== 'function' && typeof (source as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
    throw new CoreError('INVALID_ARGUMENT', `Invalid argument source: got ${source === null ? 'null' : typeof source}; allowed: bytes or a byte stream.`, { parameter: 'source', value: typeof source, allowed: 'Uint8Array | ReadableStream | AsyncIterable' });
  }
  const iterator = iterate(source);
  // the first chunks until 4 bytes are there (a stream may start with an empty or 1-byte chunk)
  const held: (Uint8Array | string)[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < 4) {
    const next = await readFirst(iterator);
    if (next.done) {
      done = true;
      break;
    }
    held.push(next.value);
    if (typeof next.value === 'string') break;
    bytes += next.value.length;
  }
  const head = held.length === 0 ? null : typeof held[0] === 'string' ? held[0] : concatBytes(held.filter((c): c is Uint8Array => typeof c !== 'string'));
  async function* replay(): AsyncGenerator<Uint8Array | string> {
    for (const chunk of held) yield chunk;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, chunks: replay() };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function readFirst(iterator: AsyncIterator<Uint8Array | string>): Promise<IteratorResult<Uint8Array | string>> {
  try {
    return await iterator.next();
  } catch (error) {
    throw new CoreError('READ_FAILED', `Reading the source failed: ${(error as Error)?.message ?? String(error)}.`, { parameter: 'source', cause: error });
  }
}

/** Bytes in chunks of 1 MiB (so that a large buffer is parsed as it is decoded, not as one string). */
function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, Math.min(bytes.length, i + (1 << 20)));
}

function iterate(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>): AsyncIterator<Uint8Array | string> {
  if (isReadableStream(source)) {
    const reader = source.getReader();
    return {
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
      return: async () => {
        reader.releaseLock();
        return { done: true, value: undefined };
      },
    };
  }
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') return (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const it = (source as Iterable<Uint8Array>)[Symbol.iterator]();
  return { next: async () => it.next() };
}

/** Inflates a byte stream with the platform's `DecompressionStream` (browsers, Deno, Node 18+). */
async function* gunzipStream(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const Decompression = (globalThis as { DecompressionStream?: new (format: 'gzip') => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  if (!Decompression) {
    throw new CoreError('UNSUPPORTED_FORMAT', 'This runtime has no DecompressionStream, so gzip cannot be inflated here: decompress the file first, or use loadTransactions from @shopper-spectrum/core/node.', {
      parameter: 'source',
      value: 'csv.gz',
      allowed: 'CSV, or a runtime with DecompressionStream',
    });
  }
  const inflate = new Decompression('gzip');
  const writer = inflate.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const chunk of input) await writer.write(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
    }
  })();
  const reader = inflate.readable.getReader();
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (error) {
        throw new CoreError('CORRUPT_SOURCE', `The gzip data cannot be inflated (a truncated or damaged .gz): ${(error as Error)?.message ?? String(error)}.`, { parameter: 'source', cause: error });
      }
      if (r.done) break;
      yield r.value;
    }
  } finally {
    // stopped early (the parser refused the data, or the caller gave up): cancel the inflater, so
    // the pump's pending write fails instead of waiting forever for a reader
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
    await pump;
  }
}
