import type { Worker as NodeWorker } from 'node:worker_threads';
import { csvChunkParserFactory } from './csvChunkParser.js';
import type { ChunkConfig, ChunkResult } from './csvChunkParser.js';
import type { LoadResult } from './loadResult.js';
import { mergeTableParts } from './mergeTableParts.js';
import { parseTextStream } from './parseTransactionsCsv.js';
import { parseIsoDate } from './parseDate.js';
import { PARSE_DEFAULTS } from './parseDefaults.js';
import { TransactionsParser } from './transactionsParser.js';
import type { ParseTransactionsOptions } from './transactionsParser.js';
import { MS_PER_DAY } from './wallClock.js';

/** Options of the parallel CSV parse (see {@link PARALLEL_DEFAULTS}). */
export interface ParallelParseOptions extends ParseTransactionsOptions {
  /**
   * Worker threads that parse: `'auto'` is one per core the process may use, at most 4; `1` parses
   * on the main thread as before (no worker is started). One by default: on the 2-core machine of
   * issue 19 a single cold load (a CLI run) spent about 2.2 s of CPU on two workers against 0.7 to
   * 1 s on one thread, about 1 s of it in V8 compiling the workers' parser again and again in its
   * background threads, so it was slower, not faster; workers pay off when they are warm (loads
   * one after another in one process: as fast as one thread there, under that machine's load).
   * @defaultValue {@link PARALLEL_DEFAULTS | PARALLEL_DEFAULTS.workers} (`1`)
   */
  readonly workers?: number | 'auto';
  /**
   * The size of the pieces the text is cut into (at line ends) and handed to the workers, in bytes.
   * @defaultValue {@link PARALLEL_DEFAULTS | PARALLEL_DEFAULTS.chunkBytes} (`4194304`: 4 MiB)
   */
  readonly chunkBytes?: number;
  /**
   * The start of the text the main thread parses itself, in bytes, to learn what the rest is read
   * with (separator, header, date format); grown fourfold (up to 16 MiB) while the date format is
   * still undecided there (slash dates whose day and month are both at most 12).
   * @defaultValue {@link PARALLEL_DEFAULTS | PARALLEL_DEFAULTS.prefixBytes} (`262144`: 256 KiB)
   */
  readonly prefixBytes?: number;
  /**
   * `loadTransactions` only: a file (or bytes) whose text is smaller than this is parsed on one thread,
   * where starting workers would cost more than it saves.
   * @defaultValue {@link PARALLEL_DEFAULTS | PARALLEL_DEFAULTS.minBytes} (`8388608`: 8 MiB)
   */
  readonly minBytes?: number;
}

/**
 * The defaults of the parallel parse: no worker (one thread, see `workers`); with workers, 4 MiB
 * pieces, a 256 KiB start read on the main thread, and files from 8 MiB of text.
 *
 * @example
 * ```ts
 * PARALLEL_DEFAULTS;
 * // => { workers: 1, chunkBytes: 4194304, prefixBytes: 262144, minBytes: 8388608 }
 * ```
 */
export const PARALLEL_DEFAULTS: Readonly<Required<Pick<ParallelParseOptions, 'workers' | 'chunkBytes' | 'prefixBytes' | 'minBytes'>>> = Object.freeze({
  workers: 1,
  chunkBytes: 4 << 20,
  prefixBytes: 256 << 10,
  minBytes: 8 << 20,
});

/** How a parse was split (see {@link ParallelLoadResult}). */
export interface ParallelParseReport {
  /** Worker threads started (0 when none was). */
  readonly workers: number;
  /** Pieces the workers parsed (0 when the whole text was parsed on the main thread). */
  readonly chunks: number;
  /** Bytes of the start parsed on the main thread. */
  readonly prefixBytes: number;
  /** Records the workers left to the main thread's parser because they are rejected (their issues come from it). */
  readonly deferredRecords: number;
  /** Why the whole text was parsed on one thread after all, or `null` when it was not. */
  readonly fallback: string | null;
}

/** A load result with the account of how the parse was split. */
export interface ParallelLoadResult extends LoadResult {
  /** How the parse was split, and why not when it was not. */
  readonly parallel: ParallelParseReport;
}

/** A source of decompressed bytes that can be read again (for the one-thread fallback). */
export type ReopenableBytes = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * How many workers `'auto'` or a number means here: the cores the process may use, at most 4.
 *
 * @internal
 */
export async function resolveWorkers(workers: number | 'auto' | undefined): Promise<number> {
  const w = workers ?? PARALLEL_DEFAULTS.workers;
  if (w === 'auto') {
    const os = await import('node:os');
    return Math.max(1, Math.min(4, os.availableParallelism()));
  }
  return w;
}

const DATE_CODES = { iso: 0, mdy: 1, dmy: 2 } as const;
const MAX_PREFIX = 16 << 20;

/**
 * Parses CSV bytes (already inflated) on several threads, with a result equal to the one-thread
 * parse: the same table (dictionaries in the same first-appearance order, rows in file order), the
 * same issues with the same line numbers, the same summary and warnings.
 *
 * How: the main thread parses the start of the text (the header and at least `prefixBytes`) with
 * the ordinary parser, which fixes the separator, the columns and the date format. The rest is cut
 * at line ends into `chunkBytes` pieces, handed out to the workers as the bytes arrive (a gzip
 * file is inflated on libuv's thread pool meanwhile); each decodes its piece, parses the rows it
 * can read into columns with its own dictionaries, and sends back every other record (a row that
 * will be rejected) unread, with its line. The main thread then feeds those records, at their
 * lines, to its parser, which writes their issues exactly as a one-thread parse would, and joins
 * the pieces, remapping dictionary codes. Whatever cannot be cut safely (a quoted field spanning
 * lines, lone-CR line ends, bytes that are not UTF-8, slash dates still undecided, a minimal log,
 * a date pattern) is parsed on one thread instead, and `parallel.fallback` says why.
 *
 * O(bytes) work shared by the workers; memory: the table plus the pieces being parsed.
 *
 * @internal
 */
export async function parseCsvInParallel(open: ReopenableBytes, format: 'csv' | 'csv.gz', options: ParallelParseOptions = {}): Promise<ParallelLoadResult> {
  const workers = await resolveWorkers(options.workers);
  const chunkBytes = options.chunkBytes ?? PARALLEL_DEFAULTS.chunkBytes;
  let prefixTarget = options.prefixBytes ?? PARALLEL_DEFAULTS.prefixBytes;
  let pool: Pool | null = null;
  const serial = async (reason: string, prefixBytes = 0, chunks = 0): Promise<ParallelLoadResult> => {
    const result = await parseTextStream(toAsync(open()), new TransactionsParser(options, format));
    return { ...result, parallel: { workers: pool === null ? 0 : workers, chunks, prefixBytes, deferredRecords: 0, fallback: reason } };
  };
  if (workers <= 1) return serial('workers: 1');
  // options are checked by the parser before any worker starts
  new TransactionsParser(options, format);
  const encoding = options.encoding ?? PARSE_DEFAULTS.encoding;
  if (encoding !== 'auto' && encoding !== 'utf-8') return serial(`encoding '${encoding}'`);
  if (typeof (options.dateFormat ?? 'auto') === 'object') return serial('a dateFormat pattern');

  try {
    pool = await acquirePool(workers);
  } catch (error) {
    return serial(`no worker could start (${(error as Error)?.message ?? String(error)})`);
  }
  const source = toAsync(open())[Symbol.asyncIterator]();
  try {
    return await splitParse(source, pool);
  } catch (error) {
    // a damaged gzip, an unreadable file: the one-thread parse reports it as it always has
    return serial(`the parallel parse failed (${(error as Error)?.message ?? String(error)})`);
  } finally {
    releasePool(pool);
    void source.return?.(undefined);
  }

  async function splitParse(source: AsyncIterator<Uint8Array>, pool: Pool): Promise<ParallelLoadResult> {
    // --- the start, parsed here ---
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    let ended = false;
    const pull = async (): Promise<boolean> => {
      const next = await source.next();
      if (next.done) {
        ended = true;
        return false;
      }
      held.push(next.value);
      heldBytes += next.value.length;
      return true;
    };
    let decided: { prefix: Uint8Array; text: string; config: ChunkConfig; keptInPrefix: number } | null = null;
    let bomSkip = -1;
    while (decided === null) {
      while (heldBytes < prefixTarget && (await pull()));
      const all = concat(held, heldBytes);
      held = [all];
      if (bomSkip < 0) {
        const b = all;
        if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return serial('UTF-16 text');
        bomSkip = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
        if (bomSkip === 0 && b.subarray(0, 1024).includes(0)) return serial('NUL bytes at the start (UTF-16 or binary)');
      }
      // the first line end at or past the target: the start is as small as it may be
      const cut = all.indexOf(10, Math.min(prefixTarget, all.length) - 1);
      if (cut < 0 || cut + 1 >= all.length) {
        if (ended) return serial('a text smaller than the start parsed on the main thread', all.length);
        if (!(await pull())) return serial('a text smaller than the start parsed on the main thread', heldBytes);
        continue;
      }
      const prefix = all.subarray(0, cut + 1);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(prefix.subarray(bomSkip));
      } catch {
        return serial('bytes that are not UTF-8');
      }
      const config = configFrom(text, options, format);
      if (typeof config === 'string') {
        if (config === 'undecided' && prefixTarget < MAX_PREFIX) {
          prefixTarget *= 4;
          continue;
        }
        return serial(config === 'undecided' ? 'slash dates still undecided after 16 MiB' : config, prefix.length);
      }
      decided = { prefix, text, config: config.config, keptInPrefix: config.kept };
      held = [all.subarray(cut + 1)];
      heldBytes = all.length - (cut + 1);
    }

    // --- the rest, cut at line ends and parsed by the workers ---
    const jobs: Promise<ChunkResult>[] = [];
    for (;;) {
      while (heldBytes < chunkBytes && (await pull()));
      if (heldBytes === 0) break;
      let job = takeLines(ended && heldBytes <= chunkBytes);
      if (job === null) {
        // no line end yet past a whole piece: read on (a line longer than maxRecordLength is refused by the worker)
        if (!ended) {
          await pull();
          continue;
        }
        job = takeLines(true)!;
      }
      jobs.push(pool.run(job, decided.config));
    }
    // while the workers parse: check the start with their parser (a quoted field spanning lines there,
    // or a row read differently, and the whole text is read on one thread)
    const fast = csvChunkParserFactory()(decided.text, decided.config);
    if (fast.fallback !== null) return serial(fast.fallback, decided.prefix.length);
    if (fast.rows !== decided.keptInPrefix) return serial('the start read differently by the two parsers', decided.prefix.length);
    const real = new TransactionsParser(options, format);
    real.encodingUsed = 'utf-8';
    real.pushText(decided.text);

    /**
     * The held bytes up to the first line end at or past `chunkBytes` (all of them at the end),
     * copied into one buffer to hand over; `null` when no line end is held there yet.
     */
    function takeLines(final: boolean): Uint8Array | null {
      let k = held.length - 1;
      let cut = final ? held[k]!.length - 1 : -1;
      if (!final) {
        let before = 0;
        for (k = 0; k < held.length; k++) {
          const from = Math.max(0, chunkBytes - 1 - before);
          if (from < held[k]!.length) {
            cut = held[k]!.indexOf(10, from);
            if (cut >= 0) break;
          }
          before += held[k]!.length;
        }
        if (k === held.length) return null;
      }
      let n = cut + 1;
      for (let i = 0; i < k; i++) n += held[i]!.length;
      const job = new Uint8Array(n);
      let offset = 0;
      for (let i = 0; i < k; i++) {
        job.set(held[i]!, offset);
        offset += held[i]!.length;
      }
      job.set(held[k]!.subarray(0, cut + 1), offset);
      held = [held[k]!.subarray(cut + 1), ...held.slice(k + 1)].filter((p) => p.length > 0);
      heldBytes -= n;
      return job;
    }
    const results = await Promise.all(jobs);
    const failed = results.find((r) => r.fallback !== null);
    if (failed) return serial(failed.fallback!, decided.prefix.length, results.length);

    // --- the records the workers left, at their lines, through the ordinary parser ---
    let line = 1 + countLineFeeds(decided.text);
    let chunkStart = line;
    let padding = 0;
    let kept = 0;
    let blank = 0;
    let deferred = 0;
    for (const r of results) {
      for (let d = 0; d < r.deferredLines.length; d++) {
        const at = chunkStart + r.deferredLines[d]!;
        const gap = at - line;
        padding += gap;
        real.pushText(gap > 0 ? '\n'.repeat(gap) + r.deferredTexts[d]! : r.deferredTexts[d]!);
        line = at + 1;
      }
      chunkStart += r.lines;
      kept += r.rows;
      blank += r.blankLines;
      deferred += r.deferredLines.length;
    }
    const gap = chunkStart - line;
    if (gap > 0) {
      padding += gap;
      real.pushText('\n'.repeat(gap));
    }
    const head = real.finish();
    if (head.table.length !== decided.keptInPrefix) return serial('a record left to the main thread was kept', decided.prefix.length, results.length);
    const table = mergeTableParts(
      [head.table, ...results.map((r) => ({ columns: r, dictionaries: r.dictionaries }))],
      head.summary.schema,
    );
    const s = head.summary;
    const summary = { ...s, rowsRead: s.rowsRead + kept, rowsKept: table.length, blankLines: s.blankLines - padding + blank, rowLines: s.rowLines + kept };
    return { table, issues: head.issues, summary, parallel: { workers, chunks: results.length, prefixBytes: decided.prefix.length, deferredRecords: deferred, fallback: null } };
  }
}

/**
 * What the workers need to know, from the start of the file parsed the ordinary way; a string says
 * why the file cannot be parsed in parallel (`'undecided'`: slash dates not yet told apart).
 */
function configFrom(text: string, options: ParseTransactionsOptions, format: 'csv' | 'csv.gz'): { config: ChunkConfig; kept: number } | string {
  const probe = new TransactionsParser(options, format);
  probe.encodingUsed = 'utf-8';
  let r: LoadResult;
  try {
    probe.pushText(text);
    r = probe.finish();
  } catch (error) {
    // AMBIGUOUS_DATES on the start alone: later rows may still decide
    if ((error as { code?: string }).code === 'AMBIGUOUS_DATES') return 'undecided';
    return `the start of the file is refused (${(error as { code?: string }).code ?? 'error'})`;
  }
  const s = r.summary;
  const c = s.columns;
  if (c.amount >= 0) return 'a log of customer, date and amount';
  const declared = options.dateFormat ?? PARSE_DEFAULTS.dateFormat;
  let dateFormat: 0 | 1 | 2;
  if (declared === 'iso' || declared === 'mdy' || declared === 'dmy') dateFormat = DATE_CODES[declared];
  else if (s.dateFormat === 'iso') dateFormat = 0;
  else if ((s.dateFormat === 'mdy' || s.dateFormat === 'dmy') && s.warnings.some((w) => w.code === 'DATES_DAY_FIRST' || w.code === 'DATES_MONTH_FIRST')) dateFormat = DATE_CODES[s.dateFormat];
  else return 'undecided';
  const limits = { ...PARSE_DEFAULTS.limits, ...(options.limits ?? {}) };
  const range = options.dateRange ?? {};
  const bound = (v: number | string) => (typeof v === 'number' ? v : parseIsoDate(v, 0, v.length));
  const to = range.to ?? PARSE_DEFAULTS.dateRange.to;
  const maxDate = to === undefined ? Math.floor(Date.now() / MS_PER_DAY) * MS_PER_DAY + 2 * MS_PER_DAY - 1 : bound(to) + (typeof to === 'string' && to.length === 10 ? MS_PER_DAY - 1 : 0);
  return {
    kept: s.rowsKept,
    config: {
      delimiter: (s.delimiter ?? ',').charCodeAt(0),
      fields: s.header.length,
      cols: [c.invoiceNo, c.stockCode, c.description, c.quantity, c.invoiceDate, c.unitPrice, c.customerId, c.country],
      dateFormat,
      decimalComma: (options.decimalSeparator ?? PARSE_DEFAULTS.decimalSeparator) === ',',
      maxQuantity: limits.quantity!,
      maxPrice: limits.unitPrice!,
      maxTotal: limits.lineTotal!,
      minDate: bound(range.from ?? PARSE_DEFAULTS.dateRange.from ?? 0),
      maxDate,
      maxRecordLength: options.maxRecordLength ?? PARSE_DEFAULTS.maxRecordLength,
    },
  };
}

/** The worker's program: the chunk parser's source, a message loop, nothing imported. */
function workerSource(): string {
  return `'use strict';
var __name = (target) => target;
const { parentPort } = require('node:worker_threads');
const parseChunk = (${csvChunkParserFactory.toString()})();
parentPort.on('message', (m) => {
  let text;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(m.bytes)); }
  catch { parentPort.postMessage({ id: m.id, result: { fallback: 'bytes that are not UTF-8' } }); return; }
  m.bytes = null;
  const r = parseChunk(text, m.config);
  text = null;
  const buffers = new Set([r.invoice.buffer, r.stockCode.buffer, r.description.buffer, r.quantity.buffer, r.invoiceDate.buffer, r.unitPrice.buffer, r.customer.buffer, r.country.buffer, r.deferredLines.buffer]);
  parentPort.postMessage({ id: m.id, result: r }, [...buffers]);
});`;
}

interface Pool {
  readonly size: number;
  /** Whether a worker failed: the pool is then not used again. */
  readonly broken: boolean;
  run(bytes: Uint8Array, config: ChunkConfig): Promise<ChunkResult>;
  close(): void;
}

/**
 * The workers of the last parse, kept for the next one in this process (warm code, no start-up);
 * unreferenced, so they never keep the process alive, and ended after `POOL_IDLE_MS` (1 s) unused: idle
 * workers hold some 50 MiB, which a one-load process (the CLI) should not carry into its later stages.
 */
let shared: { pool: Pool; timer: ReturnType<typeof setTimeout> | null; users: number } | null = null;
const POOL_IDLE_MS = 1000;

async function acquirePool(n: number): Promise<Pool> {
  if (shared !== null && (shared.pool.size !== n || shared.pool.broken) && shared.users === 0) {
    shared.pool.close();
    shared = null;
  }
  if (shared !== null && shared.pool.size === n && !shared.pool.broken) {
    if (shared.timer !== null) clearTimeout(shared.timer);
    shared.timer = null;
    shared.users++;
    return shared.pool;
  }
  const pool = await startPool(n);
  if (shared === null) shared = { pool, timer: null, users: 1 };
  return pool;
}

function releasePool(pool: Pool): void {
  if (shared === null || shared.pool !== pool) {
    pool.close();
    return;
  }
  shared.users--;
  if (pool.broken) {
    if (shared.users === 0) {
      pool.close();
      shared = null;
    }
    return;
  }
  if (shared.users === 0) {
    const current = shared;
    current.timer = setTimeout(() => {
      if (shared === current && current.users === 0) {
        current.pool.close();
        shared = null;
      }
    }, POOL_IDLE_MS);
    current.timer.unref();
  }
}

/** Starts `n` workers; a job goes to the one with the fewest jobs waiting. */
async function startPool(n: number): Promise<Pool> {
  const { Worker } = await import('node:worker_threads');
  const source = workerSource();
  const threads: { worker: NodeWorker; pending: number }[] = [];
  const waiting = new Map<number, { ok: (r: ChunkResult) => void; thread: number }>();
  let nextId = 0;
  let broken: string | null = null;
  const failAll = (reason: string) => {
    broken ??= reason;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.ok(fallbackResult(reason));
    }
  };
  for (let t = 0; t < n; t++) {
    // no inherited execArgv: a loader the parent was started with (tsx's --import) would start in every
    // worker too, for code that imports nothing
    const worker = new Worker(source, { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (m: { id: number; result: ChunkResult }) => {
      const w = waiting.get(m.id);
      if (w === undefined) return;
      waiting.delete(m.id);
      threads[w.thread]!.pending--;
      w.ok(m.result.fallback !== null && m.result.rows === undefined ? fallbackResult(m.result.fallback) : m.result);
    });
    worker.on('error', (e) => failAll(`a worker failed (${(e as Error).message})`));
    worker.on('exit', (code) => code !== 0 && failAll(`a worker exited with code ${code}`));
    threads.push({ worker, pending: 0 });
  }
  return {
    size: n,
    get broken() {
      return broken !== null;
    },
    run(bytes, config) {
      if (broken !== null) return Promise.resolve(fallbackResult(broken));
      let best = 0;
      for (let t = 1; t < threads.length; t++) if (threads[t]!.pending < threads[best]!.pending) best = t;
      const id = nextId++;
      threads[best]!.pending++;
      return new Promise<ChunkResult>((ok) => {
        waiting.set(id, { ok, thread: best });
        threads[best]!.worker.postMessage({ id, bytes: bytes.buffer, config }, [bytes.buffer as ArrayBuffer]);
      });
    },
    close() {
      for (const t of threads) void t.worker.terminate();
    },
  };
}

function fallbackResult(reason: string): ChunkResult {
  const i = new Int32Array(0);
  const f = new Float64Array(0);
  return { rows: 0, invoice: i, stockCode: i, description: i, quantity: f, invoiceDate: f, unitPrice: f, customer: i, country: i, dictionaries: { invoice: [], stockCode: [], description: [], customer: [], country: [] }, lines: 0, blankLines: 0, deferredLines: i, deferredTexts: [], fallback: reason };
}

function countLineFeeds(text: string): number {
  let n = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

async function* toAsync(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield chunk;
}
