/**
 * The CSV chunk parser the parallel loader runs in worker threads (and once on the main thread, on
 * the start of the file). It is one self-contained function: it references nothing outside its own
 * body, so its source text can start a worker (`new Worker(`(${csvChunkParserFactory})()`, { eval:
 * true })`) whether the library runs from TypeScript sources or from its bundle.
 *
 * It reads the rows the serial parser (`TransactionsParser`) would keep, with the same values, and
 * hands back every other record unread (as its text and line) for the serial parser to report. The
 * rules it follows are copies of the serial ones (csvReader, parseNumber, parseDate, the customer
 * id normalisation, the dictionary's first-appearance order); anything it is not sure to read the
 * same way (a quoted field spanning lines, a lone CR, a line longer than `maxRecordLength`) stops it
 * with a `fallback` reason, and the loader then parses the whole input on one thread.
 *
 * @internal
 */

/** What the main thread tells the chunk parser about the file (decided on the start of the file). */
export interface ChunkConfig {
  /** Char code of the field separator. */
  readonly delimiter: number;
  /** Fields of the header. */
  readonly fields: number;
  /** Header positions: invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country (-1: absent). */
  readonly cols: readonly number[];
  /** 0: ISO, 1: month first, 2: day first. */
  readonly dateFormat: 0 | 1 | 2;
  /** Decimal comma instead of point. */
  readonly decimalComma: boolean;
  readonly maxQuantity: number;
  readonly maxPrice: number;
  readonly maxTotal: number;
  readonly minDate: number;
  readonly maxDate: number;
  readonly maxRecordLength: number;
}

/** One chunk's rows (local dictionary codes), its unread records, and its line counts. */
export interface ChunkResult {
  readonly rows: number;
  readonly invoice: Int32Array;
  readonly stockCode: Int32Array;
  readonly description: Int32Array;
  readonly quantity: Float64Array;
  readonly invoiceDate: Float64Array;
  readonly unitPrice: Float64Array;
  readonly customer: Int32Array;
  readonly country: Int32Array;
  /** Local dictionaries, in first-appearance order within the chunk. */
  readonly dictionaries: { readonly invoice: string[]; readonly stockCode: string[]; readonly description: string[]; readonly customer: string[]; readonly country: string[] };
  /** Physical lines of the chunk. */
  readonly lines: number;
  /** Blank lines skipped. */
  readonly blankLines: number;
  /** 0-based line (within the chunk) of each record left for the serial parser. */
  readonly deferredLines: Int32Array;
  /** The text of each such record, its line break included. */
  readonly deferredTexts: string[];
  /** Why the chunk cannot be read in parallel, or null. */
  readonly fallback: string | null;
}

/**
 * Returns the chunk parser. Self-contained: nothing outside this function is referenced (see the
 * file comment), so keep it that way when editing.
 */
export function csvChunkParserFactory(): (text: string, config: ChunkConfig) => ChunkResult {
  const LF = 10;
  const CR = 13;
  const QUOTE = 34;
  const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
  const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const INTEGER_ID = /^\d+\.0+$/;

  // --- numbers: parseNumber.ts ---
  function slowDecimal(text: string, start: number, end: number, dot: number): number {
    let s = text.slice(start, end).trim();
    if (dot === 44) {
      if (s.includes('.')) return NaN;
      s = s.replace(',', '.');
    }
    return DECIMAL.test(s) ? Number(s) : NaN;
  }
  function parseDecimal(text: string, start: number, end: number, dot: number): number {
    let i = start;
    let neg = false;
    let c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    let seenDot = false;
    let any = false;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        any = true;
        if (mantissa === 0 && c === 48) {
          if (seenDot) scale++;
          continue;
        }
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (seenDot) scale++;
      } else if (c === dot && !seenDot) {
        seenDot = true;
      } else {
        return slowDecimal(text, start, end, dot);
      }
    }
    if (!any) return NaN;
    if (digits > 15 || scale > 15) return slowDecimal(text, start, end, dot);
    const value = scale === 0 ? mantissa : mantissa / POW10[scale]!;
    return neg ? -value : value;
  }

  // --- dates: parseDate.ts ---
  function validDay(y: number, m: number, d: number): boolean {
    if (m < 1 || m > 12 || d < 1) return false;
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
  }
  function utcDay(y: number, m: number, d: number): number {
    if (y >= 100) return Date.UTC(y, m - 1, d);
    const t = new Date(Date.UTC(2000, m - 1, d));
    t.setUTCFullYear(y);
    return t.getTime();
  }
  function digitsAt(text: string, i: number, count: number): number {
    let v = 0;
    for (let k = 0; k < count; k++) {
      const c = text.charCodeAt(i + k) - 48;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  }
  function timeOfDay(text: string, i: number, end: number): number {
    let h = 0;
    let k = i;
    while (k < end && k - i < 2) {
      const c = text.charCodeAt(k) - 48;
      if (c < 0 || c > 9) break;
      h = h * 10 + c;
      k++;
    }
    if (k === i || text.charCodeAt(k) !== 58) return NaN;
    const mi = digitsAt(text, k + 1, 2);
    if (mi < 0) return NaN;
    k += 3;
    let s = 0;
    let ms = 0;
    if (k < end && text.charCodeAt(k) === 58) {
      s = digitsAt(text, k + 1, 2);
      if (s < 0) return NaN;
      k += 3;
      if (k < end && text.charCodeAt(k) === 46) {
        let scale = 100;
        k++;
        const from = k;
        while (k < end) {
          const c = text.charCodeAt(k) - 48;
          if (c < 0 || c > 9) break;
          ms += c * scale;
          scale /= 10;
          k++;
        }
        if (k === from) return NaN;
        ms = Math.floor(ms);
      }
    }
    if (k !== end || h > 23 || mi > 59 || s > 59) return NaN;
    return ((h * 60 + mi) * 60 + s) * 1000 + ms;
  }
  function parseIsoDate(text: string, start: number, end: number): number {
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    while (start < end && text.charCodeAt(start) === 32) start++;
    if (end - start < 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
    const y = digitsAt(text, start, 4);
    const m = digitsAt(text, start + 5, 2);
    const d = digitsAt(text, start + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !validDay(y, m, d)) return NaN;
    const day = utcDay(y, m, d);
    if (end - start === 10) return day;
    const sep = text.charCodeAt(start + 10);
    if (sep !== 32 && sep !== 84) return NaN;
    const t = timeOfDay(text, start + 11, end);
    return Number.isNaN(t) ? NaN : day + t;
  }
  const parts = [0, 0, 0];
  function parseSlashDate(text: string, start: number, end: number, dayFirst: boolean): number {
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    while (start < end && text.charCodeAt(start) === 32) start++;
    let k = start;
    for (let p = 0; p < 3; p++) {
      const from = k;
      let v = 0;
      while (k < end) {
        const c = text.charCodeAt(k) - 48;
        if (c < 0 || c > 9) break;
        v = v * 10 + c;
        k++;
      }
      const len = k - from;
      if (len === 0 || len > (p === 2 ? 4 : 2) || (p === 2 && len === 3)) return NaN;
      parts[p] = p === 2 && len === 2 ? (v < 30 ? 2000 + v : 1900 + v) : v;
      if (p < 2) {
        if (text.charCodeAt(k) !== 47) return NaN;
        k++;
      }
    }
    let time = 0;
    if (k !== end) {
      if (text.charCodeAt(k) !== 32) return NaN;
      time = timeOfDay(text, k + 1, end);
      if (Number.isNaN(time)) return NaN;
    }
    const year = parts[2]!;
    const month = dayFirst ? parts[1]! : parts[0]!;
    const day = dayFirst ? parts[0]! : parts[1]!;
    return validDay(year, month, day) ? utcDay(year, month, day) + time : NaN;
  }

  // --- dictionaries: tableBuilder.ts (codes in first-appearance order) ---
  interface Dict {
    values: string[];
    hashes: Int32Array;
    slots: Int32Array;
    mask: number;
  }
  function newDict(): Dict {
    return { values: [], hashes: new Int32Array(64), slots: new Int32Array(128), mask: 127 };
  }
  function rehash(d: Dict): void {
    const size = d.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let c = 0; c < d.values.length; c++) {
      let slot = d.hashes[c]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = c + 1;
    }
    d.slots = slots;
    d.mask = mask;
  }
  function codeOfRange(d: Dict, text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const len = end - start;
    const values = d.values;
    let slot = h & d.mask;
    for (;;) {
      const c = d.slots[slot]! - 1;
      if (c < 0) break;
      if (d.hashes[c] === h) {
        const v = values[c]!;
        if (v.length === len && text.startsWith(v, start)) return c;
      }
      slot = (slot + 1) & d.mask;
    }
    const code = values.length;
    values.push(text.slice(start, end));
    if (code === d.hashes.length) {
      const grown = new Int32Array(code * 2);
      grown.set(d.hashes);
      d.hashes = grown;
    }
    d.hashes[code] = h;
    d.slots[slot] = code + 1;
    if ((code + 1) * 2 > d.slots.length) rehash(d);
    return code;
  }
  function code(d: Dict, value: string): number {
    return codeOfRange(d, value, 0, value.length);
  }

  /** The text of a field, quotes undone. */
  function fieldText(text: string, s: number, e: number, kind: number): string {
    const v = text.slice(s, e);
    return kind === 2 ? v.replaceAll('""', '"') : v;
  }
  function rangeCode(d: Dict, text: string, s: number, e: number, kind: number): number {
    return kind === 2 ? code(d, fieldText(text, s, e, kind)) : codeOfRange(d, text, s, e);
  }
  function empty(reason: string | null): ChunkResult {
    const i = new Int32Array(0);
    const f = new Float64Array(0);
    return { rows: 0, invoice: i, stockCode: i, description: i, quantity: f, invoiceDate: f, unitPrice: f, customer: i, country: i, dictionaries: { invoice: [], stockCode: [], description: [], customer: [], country: [] }, lines: 0, blankLines: 0, deferredLines: new Int32Array(0), deferredTexts: [], fallback: reason };
  }

  // No closure inside: every variable of the loop stays a local (a captured `let` is a context slot
  // with a hole check on each use, which made this loop half as fast).
  return function parseChunk(text: string, cfg: ChunkConfig): ChunkResult {
    const len = text.length;
    // a lone CR anywhere (a line break to the serial reader, which then rewrites it): not here
    for (let k = text.indexOf('\r'); k >= 0; k = text.indexOf('\r', k + 1)) {
      if (text.charCodeAt(k + 1) !== LF) return empty('a lone CR (old Mac line ends)');
    }
    let lineFeeds = 0;
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lineFeeds++;
    const cap = lineFeeds + 1;
    const delimCode = cfg.delimiter;
    const delim = String.fromCharCode(delimCode);
    const dot = cfg.decimalComma ? 44 : 46;
    const dateFormat = cfg.dateFormat;
    const maxQuantity = cfg.maxQuantity;
    const maxPrice = cfg.maxPrice;
    const maxTotal = cfg.maxTotal;
    const minDate = cfg.minDate;
    const maxDate = cfg.maxDate;
    const maxRecordLength = cfg.maxRecordLength;
    const cols = cfg.cols;
    const iInv = cols[0]!;
    const iStock = cols[1]!;
    const iDesc = cols[2]!;
    const iQty = cols[3]!;
    const iDate = cols[4]!;
    const iPrice = cols[5]!;
    const iCust = cols[6]!;
    const iCountry = cols[7]!;
    const nFields = cfg.fields;
    const cInv = new Int32Array(cap);
    const cStock = new Int32Array(cap);
    const cDesc = new Int32Array(cap);
    const cQty = new Float64Array(cap);
    const cDate = new Float64Array(cap);
    const cPrice = new Float64Array(cap);
    const cCust = new Int32Array(cap);
    const cCountry = new Int32Array(cap);
    const dInv = newDict();
    const dStock = newDict();
    const dDesc = newDict();
    const dCust = newDict();
    const dCountry = newDict();
    let descByStock = new Int32Array(1024).fill(-1);
    let lastInv = '';
    let lastInvCode = -1;
    let lastCust = '';
    let lastCustCode = -2;
    let lastCountry = '';
    let lastCountryCode = -1;
    let lastDateText = '';
    let lastDate = NaN;
    // room for a record of the header's width and more: a longer record is a FIELD_COUNT row, scanned
    // to its end (its quotes decide where it ends) without its fields being kept
    const room = nFields + 16;
    const starts = new Int32Array(room);
    const ends = new Int32Array(room);
    const kinds = new Uint8Array(room);
    const deferredLines: number[] = [];
    const deferredTexts: string[] = [];
    let rows = 0;
    let line = 0;
    let blank = 0;
    // the next NUL byte (looked up again only once passed: text.indexOf per line would be quadratic)
    let nextNul = text.indexOf('\u0000');
    let pos = 0;
    outer: while (pos < len) {
      const first = text.charCodeAt(pos);
      if (first === LF) {
        blank++;
        line++;
        pos++;
        continue;
      }
      if (first === CR && text.charCodeAt(pos + 1) === LF) {
        blank++;
        line++;
        pos += 2;
        continue;
      }
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      if (nl - pos > maxRecordLength) return empty('a line longer than maxRecordLength');
      const next = nl + 1;
      row: {
        let p = pos;
        let nf = 0;
        for (;;) {
          if (text.charCodeAt(p) === QUOTE) {
            let kind = 1;
            let j = p + 1;
            for (;;) {
              j = text.indexOf('"', j);
              if (j < 0 || j > nl) return empty('a quoted field that spans lines (or a quote left open)');
              if (text.charCodeAt(j + 1) === QUOTE) {
                kind = 2;
                j += 2;
                continue;
              }
              break;
            }
            if (nf < room) {
              starts[nf] = p + 1;
              ends[nf] = j;
              kinds[nf] = kind;
            }
            nf++;
            const after = j + 1;
            const c = text.charCodeAt(after);
            if (c === delimCode && after < nl) {
              p = after + 1;
              continue;
            }
            if (after >= nl || (c === CR && after + 1 === nl)) break;
            break row; // MALFORMED_QUOTES: the serial parser reports it
          }
          const d = text.indexOf(delim, p);
          if (d < 0 || d > nl) {
            let e = nl;
            if (e > p && text.charCodeAt(e - 1) === CR) e--;
            if (nf < room) {
              starts[nf] = p;
              ends[nf] = e;
              kinds[nf] = 0;
            }
            nf++;
            break;
          }
          if (nf < room) {
            starts[nf] = p;
            ends[nf] = d;
            kinds[nf] = 0;
          }
          nf++;
          p = d + 1;
        }
        if (nf !== nFields) break row;
        // a NUL byte, numbers, dates, required fields: anything the serial parser would reject is left to it
        if (nextNul >= 0 && nextNul < pos) nextNul = text.indexOf('\u0000', pos);
        if (nextNul >= 0 && nextNul < nl) break row;
        const quantity = parseDecimal(text, starts[iQty]!, ends[iQty]!, dot);
        const price = parseDecimal(text, starts[iPrice]!, ends[iPrice]!, dot);
        if (!(Math.abs(quantity) <= maxQuantity) || !(Math.abs(price) <= maxPrice) || !(Math.abs(quantity * price) <= maxTotal)) break row;
        const ds = starts[iDate]!;
        const de = ends[iDate]!;
        let date: number;
        if (de > ds && de - ds === lastDateText.length && text.startsWith(lastDateText, ds)) date = lastDate;
        else {
          date = dateFormat === 0 ? parseIsoDate(text, ds, de) : parseSlashDate(text, ds, de, dateFormat === 2);
          if (!(date >= minDate && date <= maxDate)) break row;
          lastDateText = text.slice(ds, de);
          lastDate = date;
        }
        const is = starts[iInv]!;
        const ie = ends[iInv]!;
        const ss = starts[iStock]!;
        const se = ends[iStock]!;
        if (is === ie || ss === se) break row;
        // invoice: the previous row's code when the text is the same
        let inv: number;
        const invKind = kinds[iInv]!;
        if (invKind === 0 && lastInvCode >= 0 && ie - is === lastInv.length && text.startsWith(lastInv, is)) inv = lastInvCode;
        else {
          inv = rangeCode(dInv, text, is, ie, invKind);
          lastInv = invKind === 0 ? text.slice(is, ie) : '';
          lastInvCode = invKind === 0 ? inv : -1;
        }
        const stock = rangeCode(dStock, text, ss, se, kinds[iStock]!);
        let desc = -1;
        if (iDesc >= 0 && ends[iDesc]! > starts[iDesc]!) {
          const s = starts[iDesc]!;
          const e = ends[iDesc]!;
          const kind = kinds[iDesc]!;
          const known = stock < descByStock.length ? descByStock[stock]! : -1;
          if (known >= 0 && kind !== 2 && dDesc.values[known]!.length === e - s && text.startsWith(dDesc.values[known]!, s)) desc = known;
          else {
            desc = rangeCode(dDesc, text, s, e, kind);
            if (stock >= descByStock.length) {
              const g = new Int32Array(Math.max(stock + 1, descByStock.length * 2)).fill(-1);
              g.set(descByStock);
              descByStock = g;
            }
            descByStock[stock] = desc;
          }
        }
        let cust = -1;
        if (iCust >= 0 && ends[iCust]! > starts[iCust]!) {
          const s = starts[iCust]!;
          const e = ends[iCust]!;
          const kind = kinds[iCust]!;
          if (kind === 0 && lastCustCode !== -2 && e - s === lastCust.length && text.startsWith(lastCust, s)) cust = lastCustCode;
          else {
            const raw = fieldText(text, s, e, kind);
            // '17850.0' (spreadsheets, pandas) is '17850'; spaces trimmed: as the serial parser
            let v = raw.trim();
            const dotAt = v.indexOf('.');
            if (dotAt > 0 && INTEGER_ID.test(v)) v = v.slice(0, dotAt);
            cust = v === '' ? -1 : code(dCust, v);
            lastCust = kind === 0 ? raw : '';
            lastCustCode = kind === 0 ? cust : -2;
          }
        }
        let country = -1;
        if (iCountry >= 0 && ends[iCountry]! > starts[iCountry]!) {
          const s = starts[iCountry]!;
          const e = ends[iCountry]!;
          const kind = kinds[iCountry]!;
          if (kind === 0 && lastCountryCode >= 0 && e - s === lastCountry.length && text.startsWith(lastCountry, s)) country = lastCountryCode;
          else {
            country = rangeCode(dCountry, text, s, e, kind);
            lastCountry = kind === 0 ? text.slice(s, e) : '';
            lastCountryCode = kind === 0 ? country : -1;
          }
        }
        cInv[rows] = inv;
        cStock[rows] = stock;
        cDesc[rows] = desc;
        cQty[rows] = quantity;
        cDate[rows] = date;
        cPrice[rows] = price;
        cCust[rows] = cust;
        cCountry[rows] = country;
        rows++;
        line++;
        pos = next;
        continue outer;
      }
      // left for the serial parser, which reports it
      deferredLines.push(line);
      deferredTexts.push(text.slice(pos, next < len ? next : len));
      line++;
      pos = next;
    }
    return {
      rows,
      invoice: cInv.slice(0, rows),
      stockCode: cStock.slice(0, rows),
      description: cDesc.slice(0, rows),
      quantity: cQty.slice(0, rows),
      invoiceDate: cDate.slice(0, rows),
      unitPrice: cPrice.slice(0, rows),
      customer: cCust.slice(0, rows),
      country: cCountry.slice(0, rows),
      dictionaries: { invoice: dInv.values, stockCode: dStock.values, description: dDesc.values, customer: dCust.values, country: dCountry.values },
      lines: line,
      blankLines: blank,
      deferredLines: Int32Array.from(deferredLines),
      deferredTexts,
      fallback: null,
    };
  };
}
