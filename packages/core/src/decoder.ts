import { CoreError } from './errors.js';
import type { TransactionsParser } from './transactionsParser.js';

/**
 * Bytes to text for the parser, in the file's encoding. UTF-8 and single-byte windows-1252 are
 * decoded up to the last line feed of each chunk (always a character boundary there), so the
 * parser gets whole lines as flat strings and never joins a record's halves from two chunks (which
 * in V8 makes a slower cons string of every chunk); UTF-16 goes through a streaming decoder.
 *
 * `'auto'`: a byte-order mark decides (UTF-8, UTF-16 LE or BE); without one, NUL bytes in every
 * other position say UTF-16; otherwise UTF-8 is validated, and the first invalid sequence switches to
 * windows-1252 (latin-1) for the rest, with an `ENCODING_GUESSED` warning naming the line. A declared
 * `'utf-8'` refuses invalid bytes (`INVALID_ENCODING`) instead.
 */
export class ChunkDecoder {
  private decoder: TextDecoder | null = null;
  private lineAligned = true;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private started = false;

  constructor(private readonly parser: TransactionsParser) {}

  decode(bytes: Uint8Array): string {
    if (!this.started) {
      if (bytes.length < 4 && this.pendingBytes + bytes.length < 4) {
        // too short to tell a byte-order mark: wait for more
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
    const last = bytes.lastIndexOf(10);
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
    return bytes.length === 0 ? '' : this.decodeLines(bytes);
  }

  /** Chooses the decoder from the first bytes; returns them without a byte-order mark. */
  private start(bytes: Uint8Array): Uint8Array {
    this.started = true;
    const declared = this.parser.encoding;
    let encoding: string = declared === 'latin1' ? 'windows-1252' : declared;
    let skip = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      if (declared === 'auto' || declared === 'utf-8') [encoding, skip] = ['utf-8', 3];
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      if (declared === 'auto' || declared === 'utf-16le') [encoding, skip] = ['utf-16le', 2];
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      if (declared === 'auto' || declared === 'utf-16be') [encoding, skip] = ['utf-16be', 2];
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
      this.decoder = new TextDecoder('windows-1252');
      this.parser.encodingUsed = 'windows-1252';
      this.parser.warn('ENCODING_GUESSED', `bytes near line ${line} are not UTF-8: the file is read as windows-1252 (latin-1) from there on; pass encoding to choose`, line);
      return this.decoder.decode(bytes, { stream });
    }
  }
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
