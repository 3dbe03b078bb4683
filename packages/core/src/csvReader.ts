import { PARSE_DEFAULTS } from './parseDefaults.js';

/**
 * How a field was written: plain, quoted, or quoted with doubled quotes inside (`""`).
 *
 * @example
 * ```ts
 * FieldKind.Quoted;
 * // => 1
 * ```
 */
export const FieldKind = {
  /** Written as is. */
  Plain: 0,
  /** Between quotes, with no doubled quote inside. */
  Quoted: 1,
  /** Between quotes, with doubled quotes (`""`) to undo. */
  QuotedWithEscapes: 2,
} as const;

/**
 * Receives one record: field `k` is `text[starts[k], ends[k])`, written as `kinds[k]`; the record
 * starts on physical line `line` and spans `lines` physical lines (more than one when a quoted
 * field holds line breaks).
 */
export type CsvRecordHandler = (
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  kinds: Uint8Array,
  fieldCount: number,
  line: number,
  lines: number,
) => void;

/**
 * Why a record could not be tokenised:
 * - `UNTERMINATED_QUOTE`: a quote is opened and never closed (by the end of the input, or within
 *   `maxRecordLength`); the record's first line is reported and reading resumes on the next line.
 * - `MALFORMED_QUOTES`: text follows a closing quote.
 * - `LINE_TOO_LONG`: a line longer than `maxRecordLength` characters; it is skipped unread.
 */
export type CsvMalformedReason = 'UNTERMINATED_QUOTE' | 'MALFORMED_QUOTES' | 'LINE_TOO_LONG';

/** Receives a record that could not be tokenised: the line it starts on and the physical lines it covers. */
export type CsvMalformedHandler = (line: number, reason: CsvMalformedReason, lines: number) => void;

/** Options of {@link CsvReader}. */
export interface CsvReaderOptions {
  /**
   * The field separator, one character, or `'auto'`: the one of `,` `;` tab `|` found most often
   * outside quotes in the first non-blank line (a comma when none is), read from the first chunk.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.delimiter} (`'auto'`)
   */
  readonly delimiter?: string;
  /**
   * The longest record, in characters: a longer line is skipped unread (`LINE_TOO_LONG`), and a
   * quote still open after this many characters is taken as never closed, so memory stays bounded
   * whatever the input.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxRecordLength} (`1048576`)
   */
  readonly maxRecordLength?: number;
  /**
   * The most physical lines a quoted field may span; a quote that would span more is taken as never
   * closed (`UNTERMINATED_QUOTE`), so a stray quote cannot swallow the rows after it.
   * @defaultValue {@link PARSE_DEFAULTS | PARSE_DEFAULTS.maxRecordLines} (`64`)
   */
  readonly maxRecordLines?: number;
  /**
   * Universal line breaks: LF, CRLF and a lone CR all end a record, and a lone CR (inside quotes
   * too) becomes an LF, as Python's and pandas' readers do, so old Mac exports read right. `false`:
   * only LF and CRLF end a record and a lone CR is kept as written (strict RFC 4180; for reading back
   * files whose quoted cells may hold a CR, such as the ones a program wrote itself).
   * @defaultValue `true`
   */
  readonly universalLineBreaks?: boolean;
}

/**
 * The text of a field, with the quotes removed and doubled quotes undone.
 *
 * @param text - the chunk text given to the handler
 * @param start - the field start
 * @param end - the field end
 * @param kind - how the field was written
 *
 * @example
 * ```ts
 * fieldText('"say ""hi"""', 1, 11, FieldKind.QuotedWithEscapes);
 * // => 'say "hi"'
 * ```
 */
export function fieldText(text: string, start: number, end: number, kind: number): string {
  const s = text.slice(start, end);
  return kind === FieldKind.QuotedWithEscapes ? s.replaceAll('""', '"') : s;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;
const LINE_BREAKS = /\r\n|\r|\n/g;

/** The separators `'auto'` chooses among, in order of preference when counts tie. */
const AUTO_DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The separator of a delimited text, from its first non-blank line (its header): the one of
 * `,` `;` tab `|` found most often outside quotes there; a comma when none is.
 *
 * @param text - the start of the text (the first chunk)
 *
 * @example
 * ```ts
 * [detectDelimiter('InvoiceNo;StockCode;"A, B"\n1;2;3'), detectDelimiter('a\tb\n'), detectDelimiter('one\n')];
 * // => [';', '\t', ',']
 * ```
 */
export function detectDelimiter(text: string): string {
  let start = 0;
  while (start < text.length && (text.charCodeAt(start) === LF || text.charCodeAt(start) === CR)) start++;
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted) {
      const k = AUTO_DELIMITERS.indexOf(c as (typeof AUTO_DELIMITERS)[number]);
      if (k >= 0) counts[k]!++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[best]!) best = k;
  return AUTO_DELIMITERS[best]!;
}

/**
 * An incremental RFC 4180 tokenizer: `push()` text chunks of any size, then `end()`.
 *
 * Records end at LF, CRLF or a lone CR (universal line breaks, as Python's and pandas' readers: old
 * Mac exports and files joined from both read right; a lone CR becomes an LF, inside quotes too,
 * counted in `loneCrs`); fields are split by a one-character delimiter (given, or told from
 * the first line with `'auto'`: {@link detectDelimiter}); a field that starts
 * with `"` is quoted and may hold delimiters, line breaks and doubled quotes. Blank lines are
 * skipped and counted. A quote inside an unquoted field is kept as a literal (as papaparse does).
 * What cannot be tokenised is reported through the malformed handler with its first line and the
 * physical lines it covers, and reading goes on: text after a closing quote skips that record; a
 * quote never closed reports the record's first line and resumes on the next line (so the rows
 * after it are read, not swallowed); a line longer than `maxRecordLength` is skipped unread. Line
 * numbers are 1-based physical lines, and every physical line is accounted for: `lines` equals the
 * lines of the records handed out, of the malformed ones, and the blank lines.
 *
 * Fields are reported as offsets, so numbers and dates can be parsed without making strings.
 * O(total length) time; memory holds only the unfinished record between chunks (at most
 * `maxRecordLength` characters).
 *
 * @example
 * ```ts
 * const rows: string[][] = [];
 * const reader = new CsvReader((text, starts, ends, kinds, n) => {
 *   rows.push(Array.from({ length: n }, (_, k) => fieldText(text, starts[k], ends[k], kinds[k])));
 * }, (line, reason) => console.warn(line, reason));
 * reader.push('a,"b,""c"""\n1,');
 * reader.push('2\n');
 * reader.end();
 * [rows, reader.lines];
 * // => [[['a', 'b,"c"'], ['1', '2']], 2]
 * ```
 */
export class CsvReader {
  /** Lines skipped because they were blank. */
  blankLines = 0;
  private tail = '';
  private line = 1;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private kinds = new Uint8Array(16);
  private delimiterChar: string;
  private readonly maxRecordLength: number;
  private readonly maxRecordLines: number;
  /** Fields of a record (the header's), once known; 0 before. */
  private expectedFields = 0;
  /** Lone CRs (not followed by LF) read as line breaks so far. */
  loneCrs = 0;
  /** A CR ended the last chunk: whether an LF follows is known with the next one. */
  private heldCr = false;
  private first = true;
  /** The start of the input, held until it decides line ends and the separator. */
  private head = '';
  /** Whether a lone CR ends a line (universal line breaks) or is data (RFC 4180). */
  private readonly universal: boolean;
  /** Inside a line too long to read: drop text up to the next line break. */
  private skipping = false;

  /**
   * @param onRecord - called for each record
   * @param onMalformed - called for each record that could not be tokenised
   * @param options - the delimiter and the longest record (a string is taken as the delimiter)
   */
  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly onMalformed: CsvMalformedHandler,
    options: CsvReaderOptions | string = {},
  ) {
    const o = typeof options === 'string' ? { delimiter: options } : options;
    this.delimiterChar = o.delimiter ?? PARSE_DEFAULTS.delimiter;
    this.maxRecordLength = o.maxRecordLength ?? PARSE_DEFAULTS.maxRecordLength;
    this.maxRecordLines = o.maxRecordLines ?? PARSE_DEFAULTS.maxRecordLines;
    this.universal = o.universalLineBreaks ?? true;
  }

  /**
   * Tokenises every complete record of `tail + chunk`, keeping the unfinished rest. The start of the
   * input is held until it shows a line break (or 64 KiB, or the end), so that line ends and an
   * `'auto'` separator are told from whole lines however small the first chunks are.
   */
  push(chunk: string): void {
    if (this.first) {
      this.head += chunk;
      if (!this.headDecides()) return;
      chunk = this.head;
      this.head = '';
      this.decide(chunk);
    }
    chunk = this.lineBreaks(chunk);
    if (this.skipping) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) return;
      this.skipping = false;
      this.line++;
      chunk = chunk.slice(nl + 1);
    }
    let text = this.tail.length === 0 ? chunk : this.tail + chunk;
    for (;;) {
      const consumed = this.scan(text, false);
      this.tail = consumed === text.length ? '' : text.slice(consumed);
      if (this.tail.length <= this.maxRecordLength) return;
      // the unfinished record has outgrown the limit: one very long line, or a quote left open
      const nl = this.tail.indexOf('\n');
      if (nl < 0) {
        this.onMalformed(this.line, 'LINE_TOO_LONG', 1);
        this.tail = '';
        this.skipping = true;
        return;
      }
      this.onMalformed(this.line, 'UNTERMINATED_QUOTE', 1);
      this.line++;
      text = this.tail.slice(nl + 1);
      this.tail = '';
    }
  }

  /**
   * Universal line breaks, as Python's and pandas' readers: LF, CRLF, and a lone CR (old Mac exports,
   * or files joined from both) all end a line; a lone CR becomes an LF (inside quotes too). A CR at
   * the end of a chunk waits for the next one, which tells whether an LF follows.
   */
  private lineBreaks(chunk: string): string {
    if (!this.universal) return chunk;
    if (this.heldCr) {
      chunk = `\r${chunk}`;
      this.heldCr = false;
    }
    if (chunk.charCodeAt(chunk.length - 1) === CR) {
      this.heldCr = true;
      chunk = chunk.slice(0, -1);
    }
    if (chunk.indexOf('\r') < 0 || !LONE_CR.test(chunk)) return chunk;
    return chunk.replace(LONE_CR_ALL, () => {
      this.loneCrs++;
      return '\n';
    });
  }

  /** Tokenises what is left, treating the end of input as the end of the last record. */
  end(): void {
    if (this.first && this.head.length > 0) {
      const head = this.head;
      this.head = '';
      this.decide(head);
      this.push(head);
    }
    if (this.heldCr) {
      // a CR that ends the input ends its last line
      this.heldCr = false;
      this.loneCrs++;
      this.push('\n');
    }
    if (this.skipping) {
      this.skipping = false;
      this.line++;
    }
    while (this.tail.length > 0) {
      const text = this.tail;
      this.tail = '';
      const consumed = this.scan(text, true);
      if (consumed < text.length) this.tail = text.slice(consumed);
    }
  }

  /**
   * Tells the reader how many fields a record has (the header's), so that a quoted field whose
   * inner lines hold that many separators is taken for a quote left open rather than data.
   */
  expectFields(n: number): void {
    this.expectedFields = n;
  }

  /**
   * Whether the quoted field `text[open, close]`, which spans lines, looks like a quote left open
   * that swallowed records: more than `maxRecordLines` lines, or an inner line holding as many
   * separators as a whole record (fields - 1). O(field length).
   */
  private swallowsRecords(text: string, open: number, close: number): boolean {
    let lines = 0;
    let seps = 0;
    const need = this.expectedFields - 1;
    const delim = this.delimiterChar.charCodeAt(0);
    for (let k = text.indexOf('\n', open); k >= 0 && k < close; ) {
      if (++lines > this.maxRecordLines) return true;
      const next = text.indexOf('\n', k + 1);
      const end = next < 0 || next > close ? close : next;
      if (need > 0) {
        seps = 0;
        for (let c = k + 1; c < end; c++) if (text.charCodeAt(c) === delim && ++seps >= need) return true;
      }
      k = next;
    }
    return false;
  }

  /** Whether some lines end with a lone CR (read as line breaks). */
  get crLineEndings(): boolean {
    return this.loneCrs > 0;
  }

  /** Whether the held start of the input is enough to tell line ends and the separator. */
  private headDecides(): boolean {
    const h = this.head;
    if (h.length >= 65536) return true;
    let start = 0;
    while (start < h.length && (h.charCodeAt(start) === LF || h.charCodeAt(start) === CR)) start++;
    if (start === h.length) return false;
    // the first line break after some text settles it: an LF, or a CR followed by anything but LF
    if (h.indexOf('\n', start) >= 0) return true;
    const cr = h.indexOf('\r', start);
    return cr >= 0 && cr < h.length - 1;
  }

  private decide(head: string): void {
    this.first = false;
    if (this.delimiterChar === 'auto') this.delimiterChar = detectDelimiter(head.replace(LONE_CR_ALL, '\n'));
  }

  /** The field separator: as given, or as told from the first chunk with `'auto'` (`'auto'` before any text). */
  get delimiter(): string {
    return this.delimiterChar;
  }

  /** The 1-based line the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  /**
   * The 1-based line the next chunk pushed starts on: {@link CsvReader.nextLine} plus the lines held back
   * unfinished (a quoted record still open, a last line whose CR waits to know whether an LF follows).
   * O(held text).
   */
  get nextChunkLine(): number {
    const breaks = (held: string) => (held.length === 0 ? 0 : (held.match(LINE_BREAKS)?.length ?? 0));
    return this.line + (this.heldCr ? 1 : 0) + breaks(this.head) + breaks(this.tail);
  }

  /** Physical lines read so far (all of them after `end()`). */
  get lines(): number {
    return this.line - 1;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const k = new Uint8Array(n);
    k.set(this.kinds);
    this.starts = s;
    this.ends = e;
    this.kinds = k;
  }

  /**
   * Returns how many characters were consumed (complete records and blank lines). At the end of the
   * input (`final`), a quote never closed consumes only its record's first line, so the caller scans
   * the rest again.
   */
  private scan(text: string, final: boolean): number {
    const len = text.length;
    const delim = this.delimiterChar;
    const delimCode = delim.charCodeAt(0);
    let pos = 0;
    outer: while (pos < len) {
      const first = text.charCodeAt(pos);
      if (first === LF) {
        this.blankLines++;
        this.line++;
        pos++;
        continue;
      }
      if (first === CR) {
        if (pos + 1 >= len && !final) break;
        if (pos + 1 >= len || text.charCodeAt(pos + 1) === LF) {
          this.blankLines++;
          this.line++;
          pos += 2;
          continue;
        }
      }
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = len;
      }
      if (nl - pos > this.maxRecordLength && text.charCodeAt(pos) !== QUOTE) {
        // a line longer than the limit, whole in this text: skipped unread, as one cut across chunks is
        this.onMalformed(this.line, 'LINE_TOO_LONG', 1);
        this.line++;
        pos = nl + 1;
        continue;
      }
      let p = pos;
      let nf = 0;
      let innerLines = 0;
      for (;;) {
        if (nf === this.starts.length) this.grow();
        if (text.charCodeAt(p) === QUOTE) {
          let kind: number = FieldKind.Quoted;
          let j = p + 1;
          for (;;) {
            j = text.indexOf('"', j);
            if (j < 0) {
              if (!final) break outer;
              // never closed: report the record's first line, read on from the next one
              this.onMalformed(this.line, 'UNTERMINATED_QUOTE', 1);
              this.line++;
              const next = text.indexOf('\n', pos);
              return next < 0 ? len : next + 1;
            }
            if (j + 1 >= len && !final) break outer;
            if (text.charCodeAt(j + 1) === QUOTE) {
              kind = FieldKind.QuotedWithEscapes;
              j += 2;
              continue;
            }
            break;
          }
          if (j - p > this.maxRecordLength && j < nl) {
            // closed on the record's first line: not a quote left open, a line longer than the limit
            this.onMalformed(this.line, 'LINE_TOO_LONG', 1);
            this.line++;
            pos = nl + 1;
            continue outer;
          }
          if (j - p > this.maxRecordLength || (j > nl && this.swallowsRecords(text, p, j))) {
            // a quote left open took in the lines after it (longer than a record may be, more lines
            // than a field may span, or lines that look like records): its first line is rejected and
            // reading resumes on the next line, whether the text arrived whole or in chunks
            this.onMalformed(this.line, 'UNTERMINATED_QUOTE', 1);
            this.line++;
            const next = text.indexOf('\n', pos);
            pos = next < 0 ? len : next + 1;
            continue outer;
          }
          if (j > nl) {
            for (let k = text.indexOf('\n', p); k >= 0 && k < j; k = text.indexOf('\n', k + 1)) innerLines++;
            nl = text.indexOf('\n', j);
            if (nl < 0) {
              if (!final) break outer;
              nl = len;
            }
          }
          this.starts[nf] = p + 1;
          this.ends[nf] = j;
          this.kinds[nf] = kind;
          nf++;
          const after = j + 1;
          const c = text.charCodeAt(after);
          if (c === delimCode && after < nl) {
            p = after + 1;
            continue;
          }
          if (after >= nl || (c === CR && after + 1 === nl)) break;
          this.onMalformed(this.line, 'MALFORMED_QUOTES', 1 + innerLines);
          this.line += 1 + innerLines;
          pos = nl + 1;
          continue outer;
        }
        const d = text.indexOf(delim, p);
        if (d < 0 || d > nl) {
          let e = nl;
          if (e > p && text.charCodeAt(e - 1) === CR) e--;
          this.starts[nf] = p;
          this.ends[nf] = e;
          this.kinds[nf] = FieldKind.Plain;
          nf++;
          break;
        }
        this.starts[nf] = p;
        this.ends[nf] = d;
        this.kinds[nf] = FieldKind.Plain;
        nf++;
        p = d + 1;
      }
      if (innerLines === 0 && nl - pos > this.maxRecordLength) {
        // a line that starts with a quoted field and is longer than the limit (one that does not is
        // skipped before it is split)
        this.onMalformed(this.line, 'LINE_TOO_LONG', 1);
        this.line++;
        pos = nl + 1;
        continue;
      }
      this.onRecord(text, this.starts, this.ends, this.kinds, nf, this.line, 1 + innerLines);
      this.line += 1 + innerLines;
      pos = nl + 1;
    }
    return Math.min(pos, len);
  }
}
