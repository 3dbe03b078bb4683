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

/** Receives one record: field `k` is `text[starts[k], ends[k])`, written as `kinds[k]`. */
export type CsvRecordHandler = (
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  kinds: Uint8Array,
  fieldCount: number,
  line: number,
) => void;

/** Why a record could not be tokenised. */
export type CsvMalformedReason = 'UNTERMINATED_QUOTE' | 'MALFORMED_QUOTES';

/** Receives a record that could not be tokenised, by the line it starts on. */
export type CsvMalformedHandler = (line: number, reason: CsvMalformedReason) => void;

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

/**
 * An incremental RFC 4180 tokenizer: `push()` text chunks of any size, then `end()`.
 *
 * Records end at LF or CRLF; fields are split by a one-character delimiter; a field that starts
 * with `"` is quoted and may hold delimiters, line breaks and doubled quotes. Blank lines are
 * skipped and counted. A quote inside an unquoted field is kept as a literal (as papaparse does);
 * text after a closing quote, or a quote never closed, makes the record malformed: it is reported
 * through the malformed handler by its line number and skipped. Line numbers are 1-based physical
 * lines, so a record whose quoted field spans lines advances the count by all of them.
 *
 * Fields are reported as offsets, so numbers and dates can be parsed without making strings.
 * O(total length) time; memory holds only the unfinished record between chunks.
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
 * rows;
 * // => [['a', 'b,"c"'], ['1', '2']]
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
  private readonly delimiter: string;

  /**
   * @param onRecord - called for each record
   * @param onMalformed - called for each record that could not be tokenised
   * @param delimiter - the field separator, one character (absent: {@link PARSE_DEFAULTS | PARSE_DEFAULTS.delimiter}, `','`)
   */
  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly onMalformed: CsvMalformedHandler,
    delimiter: string = PARSE_DEFAULTS.delimiter,
  ) {
    this.delimiter = delimiter;
  }

  /** Tokenises every complete record of `tail + chunk`, keeping the unfinished rest. */
  push(chunk: string): void {
    const text = this.tail.length === 0 ? chunk : this.tail + chunk;
    const consumed = this.scan(text, false);
    this.tail = consumed === text.length ? '' : text.slice(consumed);
  }

  /** Tokenises what is left, treating the end of input as the end of the last record. */
  end(): void {
    if (this.tail.length > 0) this.scan(this.tail, true);
    this.tail = '';
  }

  /** The 1-based line the next record starts on. */
  get nextLine(): number {
    return this.line;
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

  /** Returns how many characters were consumed (complete records and blank lines). */
  private scan(text: string, final: boolean): number {
    const len = text.length;
    const delim = this.delimiter;
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
              this.onMalformed(this.line, 'UNTERMINATED_QUOTE');
              return len;
            }
            if (j + 1 >= len && !final) break outer;
            if (text.charCodeAt(j + 1) === QUOTE) {
              kind = FieldKind.QuotedWithEscapes;
              j += 2;
              continue;
            }
            break;
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
          this.onMalformed(this.line, 'MALFORMED_QUOTES');
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
      this.onRecord(text, this.starts, this.ends, this.kinds, nf, this.line);
      this.line += 1 + innerLines;
      pos = nl + 1;
    }
    return Math.min(pos, len);
  }
}
