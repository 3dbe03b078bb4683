import { CoreError } from './errors.js';
import type { TransactionsParser } from './transactionsParser.js';

/**
 * Bytes to text for the parser, in the file's encoding. UTF-8 and single-byte windows-1252 are
 * decoded up to the last line feed of each chunk (or its last CR, in a file of lone-CR lines: always
 * a character boundary there), so the
 * parser gets whole lines as flat strings and never joins a record's halves from two chunks (which
 * in V8 makes a slower cons string of every chunk); UTF-16 goes through a streaming decoder.
 *
 * `'auto'`: a byte-order mark decides (UTF-8, UTF-16 LE or BE); without one, NUL bytes in every
 * other position say UTF-16; otherwise UTF-8 is validated line by line: a line that is not valid
 * UTF-8 is read as windows-1252 (latin-1), the others stay UTF-8 (one stray byte does not turn a
 * whole UTF-8 file into mojibake), with one `ENCODING_GUESSED` warning counting those lines and
 * naming the first. A declared `'utf-8'` refuses invalid bytes (`INVALID_ENCODING`) instead; a
 * byte-order mark that contradicts the declared encoding is refused too.
 */
export class ChunkDecoder {
  private decoder: TextDecoder | null = null;
  private lineAligned = true;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private started = false;
  /** Lines read as windows-1252 because they are not UTF-8, and the first of them. */
  private latinLines = 0;
  private firstLatinLine = 0;
  private latin: TextDecoder | null = null;

  constructor(private readonly parser: TransactionsParser) {}

  decode(bytes: Uint8Array): string {
    if (!this.started) {
      if (this.pendingBytes + bytes.length < 64) {
        // too short to tell a byte-order mark or UTF-16 without one: wait for more
        this.pending.push(bytes);
        this.pendingBytes += bytes.length;
        return '';
      }
      if (this.pendingBytes > 0) {
        bytes = concat([...this.pending, bytes]);
        this.pending = [];
        this.pendingBytes = 0;
      }
      bytes = this.start(bytes);
    }
    if (!this.lineAligned) return this.decoder!.decode(bytes, { stream: true });
    // the last line break is a character boundary: an LF, or in a file of lone-CR lines a CR
    let last = bytes.lastIndexOf(10);
    if (last < 0) last = bytes.lastIndexOf(13);
    if (last < 0) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      // a very long line: hand it on in pieces (a streaming decode keeps a split character whole), so
      // the reader can refuse it (LINE_TOO_LONG) without these bytes growing without bound
      if (this.pendingBytes <= this.parser.maxRecordLength * 4) return '';
      const all = concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      return this.decodeLines(all, true);
    }
    const head = bytes.subarray(0, last + 1);
    const whole = this.pendingBytes === 0 ? head : concat([...this.pending, head]);
    const rest = bytes.subarray(last + 1);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return this.decodeLines(whole);
  }

  end(): string {
    const bytes = this.pendingBytes > 0 ? concat(this.pending) : new Uint8Array(0);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.started) return bytes.length === 0 ? '' : this.finishWith(this.start(bytes));
    return this.finishWith(bytes);
  }

  private finishWith(bytes: Uint8Array): string {
    if (!this.lineAligned) return this.decoder!.decode(bytes);
    const text = bytes.length === 0 ? '' : this.decodeLines(bytes);
    if (this.latinLines > 0) {
      this.parser.warn(
        'ENCODING_GUESSED',
        `${this.latinLines.toLocaleString('en-GB')} line${this.latinLines === 1 ? ' is' : 's are'} not UTF-8 (the first is line ${this.firstLatinLine}): read as windows-1252 (latin-1), the other lines as UTF-8; pass encoding to choose`,
        this.firstLatinLine,
      );
    }
    return text;
  }

  /** Chooses the decoder from the first bytes; returns them without a byte-order mark. */
  private start(bytes: Uint8Array): Uint8Array {
    this.started = true;
    const declared = this.parser.encoding;
    let encoding: string = declared === 'latin1' ? 'windows-1252' : declared;
    let skip = 0;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
    if (bom !== null) {
      if (declared !== 'auto' && encoding !== bom) {
        throw new CoreError('INVALID_ENCODING', `Invalid encoding: the file starts with a ${bom.toUpperCase()} byte-order mark, but encoding: '${declared}' was declared. Pass encoding: '${bom}' or 'auto'; on the command line, --encoding ${bom}.`, {
          parameter: 'encoding',
          value: declared,
          allowed: `'${bom}' or 'auto' (the byte-order mark says ${bom})`,
        });
      }
      [encoding, skip] = [bom, bom === 'utf-8' ? 3 : 2];
    } else if (declared === 'auto') encoding = looksUtf16(bytes) ?? 'utf-8';
    this.lineAligned = encoding === 'utf-8' || encoding === 'windows-1252';
    const fatal = encoding === 'utf-8';
    this.decoder = new TextDecoder(encoding, { fatal, ignoreBOM: true });
    this.parser.encodingUsed = encoding;
    return bytes.subarray(skip);
  }

  private decodeLines(bytes: Uint8Array, stream = false): string {
    try {
      return this.decoder!.decode(bytes, { stream });
    } catch (error) {
      const line = this.parser.nextLine;
      if (this.parser.encoding === 'utf-8') {
        throw new CoreError('INVALID_ENCODING', `Invalid encoding: the bytes near line ${line} are not UTF-8, as encoding: 'utf-8' declares. Pass encoding: 'windows-1252' (latin-1, as Excel on Windows writes) or 'auto'; on the command line, --encoding windows-1252.`, {
          parameter: 'encoding',
          value: 'utf-8',
          allowed: "'auto', 'windows-1252' (latin-1), 'utf-16le' or 'utf-16be'",
          cause: error,
        });
      }
      return this.mixedLines(bytes, line);
    }
  }

  /**
   * Text whose lines are UTF-8 or not: each line (ended by LF, CRLF or a lone CR) that is not valid
   * UTF-8 is read as windows-1252, runs of lines of one kind decoded at once. O(bytes).
   */
  private mixedLines(bytes: Uint8Array, firstLine: number): string {
    this.latin ??= new TextDecoder('windows-1252');
    const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
    this.parser.encodingUsed = 'windows-1252';
    const parts: string[] = [];
    let runStart = 0;
    let runLatin = false;
    let line = firstLine;
    // lines end at LF, CRLF or a lone CR, as the reader's do (an old Mac export has no LF at all);
    // the next CR is looked up only once passed, so a file without CRs is not scanned for each line
    let nextCr = -1;
    for (let start = 0; start < bytes.length; line++) {
      let lf = bytes.indexOf(10, start);
      if (lf < 0) lf = bytes.length;
      if (nextCr < start) {
        nextCr = bytes.indexOf(13, start);
        if (nextCr < 0) nextCr = bytes.length;
      }
      const end = nextCr + 1 < lf ? nextCr + 1 : lf < bytes.length ? lf + 1 : bytes.length;
      const isLatin = !validUtf8(bytes, start, end);
      if (isLatin) {
        if (this.latinLines++ === 0) this.firstLatinLine = line;
      }
      if (isLatin !== runLatin && start > runStart) {
        parts.push((runLatin ? this.latin : utf8).decode(bytes.subarray(runStart, start)));
        runStart = start;
      }
      runLatin = isLatin;
      start = end;
    }
    if (bytes.length > runStart) parts.push((runLatin ? this.latin : utf8).decode(bytes.subarray(runStart)));
    return parts.join('');
  }
}

/** Whether `bytes[start, end)` is valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
function validUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return false;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || i + k >= end || (c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** UTF-16 without a byte-order mark: NUL bytes in most odd (LE) or even (BE) positions of ASCII text. */
function looksUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > 0.7 * half && evenZero < 0.1 * half) return 'utf-16le';
  if (evenZero > 0.7 * half && oddZero < 0.1 * half) return 'utf-16be';
  return null;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
