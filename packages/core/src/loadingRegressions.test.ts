/**
 * Regressions of the loader's fuzz pass (issue 14): each test rebuilds, in memory, a file the fuzzer
 * found read wrong (dates, bounds, headers, encodings, line ends, quotes, binary and other formats,
 * XLSX workbooks), and pins how it is read now. Inputs are generated here; no binary fixture.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWallClock, parseTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import type { LoadResult } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { HEADER } from '../test/fixtures/sample.js';
import { codeOf } from '../test/fixtures/codeOf.js';

/** A valid Online Retail row; `date` and `desc` replace the InvoiceDate and Description cells. */
const row = (i: number, date = `2011-01-0${1 + (i % 9)} 10:00:00`, desc = `THING ${i % 7}`) => `${536000 + i},A${i % 3},${desc},${1 + (i % 4)},${date},2.55,${17000 + (i % 5)},UK`;
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => row(from + i));
const utf8 = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** A byte stream of `b` cut into pieces of the given sizes (cycled). */
const streamOf = (b: Uint8Array, sizes: readonly number[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0, k = 0; i < b.length; k++) {
        const n = Math.max(1, sizes[k % sizes.length]!);
        c.enqueue(b.slice(i, i + n));
        i += n;
      }
      c.close();
    },
  });
const dates = (r: LoadResult) => Array.from(r.table.columns.invoiceDate, (t) => formatWallClock(t));
const descriptions = (r: LoadResult) => [...r.table.rows()].map((t) => t.description);
const issueList = (r: LoadResult) => r.issues.map((i) => [i.line, i.code]);
const warningCodes = (r: LoadResult) => r.summary.warnings.map((w) => w.code);
/** What the promise rejects with (an Error saying it did not, if it resolves). */
const failure = (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('no error was thrown'), (e: unknown) => e as Error);
/** What `f` throws (an Error saying it did not, if it returns). */
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return new Error('no error was thrown');
};
/** The account every load keeps: rows in = kept + rejected, and every line is a header, row or blank line. */
const expectBalanced = (r: LoadResult) => {
  const s = r.summary;
  expect(s.rowsRead).toBe(s.rowsKept + s.rowsRejected);
  expect(r.table.length).toBe(s.rowsKept);
  expect(Object.values(s.rejectedBy).reduce((a, b) => a + b, 0)).toBe(s.rowsRejected);
  expect(s.lines).toBe(s.headerLines + s.rowLines + s.blankLines);
};

/** An XLSX workbook built with exceljs, as bytes. */
async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
const XLSX_HEADER = HEADER.split(',');
const sheetRow = (i: number, date: unknown = new Date(Date.UTC(2011, 0, 1 + i, 10))): unknown[] => [536000 + i, `A${i % 3}`, 'THING', 2, date, 1.5, 17850, 'UK'];

/** CRC-32 (IEEE 802.3, as zip uses it), bit by bit: zlib.crc32 is only in Node 20.15 and later. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) entries, enough to stand for "a zip that is not a workbook". */
function storedZip(files: Readonly<Record<string, string>>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = Buffer.from(name, 'utf8');
    const d = Buffer.from(text, 'utf8');
    const crc = crc32(d);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(33, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(d.length, 18);
    local.writeUInt32LE(d.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(33, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(d.length, 20);
    central.writeUInt32LE(d.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, d);
    centrals.push(central, n);
    offset += local.length + n.length + d.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

describe("dates: what 'auto' decides, and on which reading the window is checked", () => {
  it("'auto' is not decided by junk such as NULL: the first value that is a date decides, ISO or day-first", () => {
    const iso = parseTransactionsCsv([HEADER, row(0, 'NULL'), row(1, '2011-01-05 10:00'), row(2, '2011-01-06 10:00')].join('\n'));
    expect([iso.summary.dateFormat, dates(iso), issueList(iso)]).toEqual(['iso', ['2011-01-05 10:00:00', '2011-01-06 10:00:00'], [[2, 'INVALID_DATE']]]);
    expect(iso.issues[0]!.reason).toMatch(/^invoiceDate "NULL" is not a date/);
    // null-first-date.csv: NULL, then slash dates that a later 13/1 proves day-first
    const dmy = parseTransactionsCsv([HEADER, row(0, 'NULL'), row(1, '5/1/2011 10:00'), row(2, '2/3/2011 10:00'), row(3, '13/1/2011 10:00')].join('\n'));
    expect([dmy.summary.dateFormat, dates(dmy), issueList(dmy)]).toEqual(['dmy', ['2011-01-05 10:00:00', '2011-03-02 10:00:00', '2011-01-13 10:00:00'], [[2, 'INVALID_DATE']]]);
    expect(warningCodes(dmy)).toEqual(['DATES_DAY_FIRST']);
  });

  it("'auto' is not decided by junk holding a slash such as N/A or #N/A", () => {
    for (const junk of ['N/A', 'n/a', '#N/A']) {
      const r = parseTransactionsCsv([HEADER, row(0, junk), row(1, '2011-01-05 10:00'), row(2, '2011-01-06 10:00')].join('\n'));
      expect([r.summary.dateFormat, dates(r), issueList(r)]).toEqual(['iso', ['2011-01-05 10:00:00', '2011-01-06 10:00:00'], [[2, 'INVALID_DATE']]]);
      expect(r.issues[0]!.reason).toContain(`"${junk}" is not a date`);
    }
  });

  it('range-checks slash dates read while the order was undecided on the reading the file proves (range-bypass.csv)', () => {
    const dateRange = { from: '2011-01-01', to: '2011-01-31' };
    // 1/5/2011 is 5 January month-first, 1 May day-first; 5/1/2011 the other way round
    const dayFirst = parseTransactionsCsv([HEADER, row(0, '1/5/2011 10:00'), row(1, '5/1/2011 10:00'), row(2, '13/1/2011 10:00')].join('\n'), { dateRange });
    expect([dayFirst.summary.dateFormat, dates(dayFirst), issueList(dayFirst)]).toEqual(['dmy', ['2011-01-05 10:00:00', '2011-01-13 10:00:00'], [[2, 'DATE_OUT_OF_RANGE']]]);
    expect(dayFirst.issues[0]!.reason).toContain('read day-first as the file proved');
    expect(dayFirst.summary.rejectedBy.DATE_OUT_OF_RANGE).toBe(1);
    expectBalanced(dayFirst);
    const monthFirst = parseTransactionsCsv([HEADER, row(0, '1/5/2011 10:00'), row(1, '5/1/2011 10:00'), row(2, '1/13/2011 10:00')].join('\n'), { dateRange });
    expect([monthFirst.summary.dateFormat, dates(monthFirst), issueList(monthFirst)]).toEqual(['mdy', ['2011-01-05 10:00:00', '2011-01-13 10:00:00'], [[3, 'DATE_OUT_OF_RANGE']]]);
    expectBalanced(monthFirst);
  });

  it('reads two-digit years as spreadsheets do: 00-29 are 20YY, 30-99 are 19YY', () => {
    const dateRange = { from: '1900-01-01', to: '2100-01-01' };
    const auto = parseTransactionsCsv([HEADER, row(0, '1/13/29 10:00'), row(1, '1/13/30 10:00'), row(2, '12/31/99 10:00'), row(3, '1/13/00 10:00')].join('\n'), { dateRange });
    expect(dates(auto)).toEqual(['2029-01-13 10:00:00', '1930-01-13 10:00:00', '1999-12-31 10:00:00', '2000-01-13 10:00:00']);
    const dmy = parseTransactionsCsv([HEADER, row(0, '13/1/29 10:00'), row(1, '13/1/30 10:00')].join('\n'), { dateRange, dateFormat: 'dmy' });
    expect(dates(dmy)).toEqual(['2029-01-13 10:00:00', '1930-01-13 10:00:00']);
  });

  it('reads a date-fns pattern as the wall clock written, whatever the time zone (TZ=America/New_York, a spring-forward night)', () => {
    // 2011-03-13 02:30 does not exist in New York: a local-time parse moves it to 03:30
    const script = `
      import { parseTransactionsCsv } from '@shopper-spectrum/core';
      const text = ${JSON.stringify([HEADER, row(0, '13.03.2011 02:30'), row(1, '06.11.2011 01:30')].join('\n'))};
      const offset = ${JSON.stringify([HEADER, row(0, '2011-03-13 02:30 +0100')].join('\n'))};
      const a = parseTransactionsCsv(text, { dateFormat: { pattern: 'dd.MM.yyyy HH:mm' } });
      const b = parseTransactionsCsv(offset, { dateFormat: { pattern: 'yyyy-MM-dd HH:mm xx' } });
      console.log(JSON.stringify({ gap: new Date(2011, 2, 13, 2, 30).getHours(), a: Array.from(a.table.columns.invoiceDate), b: Array.from(b.table.columns.invoiceDate) }));
    `;
    const child = spawnSync(process.execPath, ['--conditions=@shopper-spectrum/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, TZ: 'America/New_York' },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { gap: number; a: number[]; b: number[] };
    expect(out.gap).toBe(3); // the child really runs in New York time
    expect(out.a).toEqual([Date.UTC(2011, 2, 13, 2, 30), Date.UTC(2011, 10, 6, 1, 30)]);
    expect(out.b).toEqual([Date.UTC(2011, 2, 13, 1, 30)]); // an offset token converts to UTC
  }, 30_000);

  it('refuses a pattern date-fns cannot parse with INVALID_OPTION when the parser is made, not with a RangeError on a row', () => {
    for (const pattern of ['nn.MM.yyyy', 'yyyy-MM-ddTHH:mm', 'dd.MM.yyyy um HH:mm', 'yyyy-MM-dd HH:mm z']) {
      expect(codeOf(() => parseTransactionsCsv(`${HEADER}\n`, { dateFormat: { pattern } }))).toBe('INVALID_OPTION');
      expect(codeOf(() => parseTransactionsCsv([HEADER, row(0, '2011-01-05T10:00')].join('\n'), { dateFormat: { pattern } }))).toBe('INVALID_OPTION');
    }
    const quoted = parseTransactionsCsv([HEADER, row(0, '2011-01-05T10:00')].join('\n'), { dateFormat: { pattern: "yyyy-MM-dd'T'HH:mm" } });
    expect(dates(quoted)).toEqual(['2011-01-05 10:00:00']);
  });
});

describe('bounded values and headers', () => {
  it('rejects a derived unit price beyond limits.unitPrice in a minimal log as OUT_OF_RANGE, never Infinity', () => {
    // customer, date, amount: the amount is the unit price, bounded as one
    const bare = parseTransactionsCsv('customer_id,date,dollar_value\n1,1997-01-01,5e10\n2,1997-01-02,29.33\n', { columns: { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value' } });
    expect([bare.table.length, issueList(bare), Array.from(bare.table.columns.unitPrice)]).toEqual([1, [[2, 'OUT_OF_RANGE']], [29.33]]);
    expect(bare.issues[0]).toMatchObject({ field: 'amount', value: '50000000000', reason: expect.stringContaining('limits.unitPrice') as unknown });
    // with a quantity: a tiny quantity must not make a huge (or infinite) price
    const withQuantity = parseTransactionsCsv('customer_id,date,dollar_value,n\n1,1997-01-01,5,1e-320\n2,1997-01-02,6,2\n', {
      columns: { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value', quantity: 'n' },
    });
    expect([withQuantity.table.length, issueList(withQuantity), Array.from(withQuantity.table.columns.unitPrice)]).toEqual([1, [[2, 'OUT_OF_RANGE']], [3]]);
    expect(withQuantity.issues[0]).toMatchObject({ field: 'quantity', value: '1e-320' });
    expectBalanced(withQuantity);
  });

  it('resolves a header of tens of thousands of repeated unmapped names, and DUPLICATE_COLUMNS lists at most 10 positions', () => {
    const many = 50_000;
    const wide = parseTransactionsCsv(`${HEADER}${',Note'.repeat(many)}\n${row(1)}${','.repeat(many)}\n`);
    expect([wide.summary.rowsKept, wide.summary.header.length]).toEqual([1, 8 + many]);
    const err = thrown(() => parseTransactionsCsv(`${HEADER}${',Quantity'.repeat(many)}\n${row(1)}`));
    expect(err).toMatchObject({ code: 'DUPLICATE_COLUMNS' });
    expect(/\(columns ([^)]*)\)/.exec(err.message)?.[1]).toBe('4, 9, 10, 11, 12, 13, 14, 15, 16, 17, ...');
    expect(err.message).toContain(`${(many + 1).toString()} times`);
    expect(err.message.length).toBeLessThan(300);
  });
});

describe('encodings', () => {
  const good = (i: number) => row(i, undefined, 'CAF\u00c9 \u00a3');
  it('reads a stray invalid byte on one line as windows-1252 on that line only, with one ENCODING_GUESSED warning giving the count and the first line', async () => {
    // records 11 and 29 hold latin-1 bytes, the others UTF-8 with accents; record 5 spans two lines,
    // so the latin-1 ones are on lines 13 and 31
    const records = [HEADER, ...Array.from({ length: 40 }, (_, i) => (i === 4 ? row(i, undefined, '"TWO\nLINES"') : good(i)))];
    const bytes = concat(records.map((l, i) => (i === 11 || i === 29 ? latin1(`${row(i, undefined, 'NA\u00cfVE')}\n`) : utf8(`${l}\n`))));
    // streamed in pieces, one of them cut inside the two-line record
    const inside = Buffer.from(bytes).indexOf('TWO\n') + 4;
    for (const source of [bytes, streamOf(bytes, [7, 300, 1, 64]), streamOf(bytes, [inside, bytes.length])]) {
      const r = await parseTransactions(source);
      const desc = descriptions(r);
      expect(desc.filter((d) => d === 'CAF\u00c9 \u00a3')).toHaveLength(37);
      expect([desc[4], desc[10], desc[28]]).toEqual(['TWO\nLINES', 'NA\u00cfVE', 'NA\u00cfVE']);
      expect(r.summary.warnings).toEqual([{ code: 'ENCODING_GUESSED', line: 13, message: expect.stringMatching(/^2 lines are not UTF-8 \(the first is line 13\): read as windows-1252/) as unknown }]);
      expect(r.issues).toEqual([]);
    }
  });

  it('reads a stray invalid byte as windows-1252 on its line only in a file whose lines end with a lone CR', async () => {
    const lines = [HEADER, ...Array.from({ length: 20 }, (_, i) => good(i))];
    const bytes = concat(lines.map((l, i) => (i === 5 ? latin1(`${row(i, undefined, 'NA\u00cfVE')}\r`) : utf8(`${l}\r`))));
    for (const source of [bytes, streamOf(bytes, [100, 3, 700])]) {
      const r = await parseTransactions(source);
      expect(descriptions(r).filter((d) => d === 'CAF\u00c9 \u00a3')).toHaveLength(19);
      expect(descriptions(r)[4]).toBe('NA\u00cfVE');
      expect(r.summary.warnings.find((w) => w.code === 'ENCODING_GUESSED')).toMatchObject({ line: 6, message: expect.stringMatching(/^1 line is not UTF-8 \(the first is line 6\)/) as unknown });
    }
  });

  it('refuses a byte-order mark that contradicts the declared encoding with INVALID_ENCODING', async () => {
    const text = `${HEADER}\n${good(1)}\n`;
    const u16 = concat([new Uint8Array([0xff, 0xfe]), Uint8Array.from(Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]))]);
    for (const [bytes, encoding, bom] of [
      [utf8(`\uFEFF${text}`), 'windows-1252', 'UTF-8'],
      [utf8(`\uFEFF${text}`), 'utf-16le', 'UTF-8'],
      [u16, 'utf-8', 'UTF-16LE'],
    ] as const) {
      const err = await failure(parseTransactions(bytes, { encoding }));
      expect(err).toMatchObject({ code: 'INVALID_ENCODING', parameter: 'encoding', value: encoding });
      expect(err.message).toContain(`starts with a ${bom} byte-order mark`);
    }
    // a mark that agrees with the declaration is read
    expect((await parseTransactions(utf8(`\uFEFF${text}`), { encoding: 'utf-8' })).table.row(0).description).toBe('CAF\u00c9 \u00a3');
  });
});

describe('line ends', () => {
  it('reads a file whose lines all end with a lone CR, and counts them in the CR_LINE_ENDINGS warning', () => {
    const r = parseTransactionsCsv(`${[HEADER, ...rows(3)].join('\r')}\r`);
    expect([r.summary.rowsKept, r.summary.lines]).toEqual([3, 4]);
    expect(r.summary.warnings).toEqual([{ code: 'CR_LINE_ENDINGS', line: null, message: expect.stringMatching(/^4 lines end with a lone CR/) as unknown }]);
  });

  it('reads a block of lone-CR lines inside an LF file (files joined with different line ends)', () => {
    const text = `${[HEADER, ...rows(3)].join('\n')}\n${rows(4, 3).join('\r')}\r\n${rows(2, 7).join('\r\n')}\n`;
    const r = parseTransactionsCsv(text);
    expect([r.summary.rowsKept, r.summary.rowsRejected, r.summary.lines]).toEqual([9, 0, 10]);
    expect([...r.table.rows()].map((t) => t.invoiceNo)).toEqual(rows(9).map((l) => l.split(',')[0]));
    expect(r.summary.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^3 lines end with a lone CR/)]);
  });

  it('keeps a lone CR inside a quoted cell in its cell, read as a line break, and the row whole', () => {
    const r = parseTransactionsCsv([HEADER, row(1, undefined, '"TWO\rLINES"'), row(2)].join('\n'));
    expect([r.summary.rowsKept, descriptions(r)[0], r.summary.lines]).toEqual([2, 'TWO\nLINES', 4]);
    expect(warningCodes(r)).toEqual(['CR_LINE_ENDINGS']);
    // an old Mac export whose cell holds an LF (Excel writes LF inside cells)
    const mac = parseTransactionsCsv([HEADER, row(1, undefined, '"TWO\nLINES"'), row(2)].join('\r'));
    expect([mac.summary.rowsKept, descriptions(mac)[0], mac.summary.lines]).toEqual([2, 'TWO\nLINES', 4]);
  });

  it('reads the same rows whatever mix of LF, CRLF and lone CR ends the lines, whole or streamed in pieces (property)', async () => {
    const good = fc.integer({ min: 0, max: 999 }).map((i) => row(i));
    const odd = fc.constantFrom('1,A,x,six,2011-01-01 10:00:00,1,7,UK', '3,A,x,1', '4,A,"x" y,1,2011-01-01 10:00:00,1,7,UK', '5,A,"never closed,1,2011-01-01 10:00:00,1,7,UK', '', '7,A,x,1e400,2011-01-01 10:00:00,1,7,UK', '8,A,"a, quoted, cell",1,2011-01-01 10:00:00,1,7,UK');
    // a cell holding a line break, LF or lone CR (both read as LF); CRLF inside quotes is data and stays
    const cell = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('\n', '\r')).map(([i, br]) => row(i, undefined, `"TWO${br}LINES"`));
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const file = fc.array(fc.tuple(fc.oneof(good, odd, cell), eol), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(file, eol, fc.boolean(), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), async (lines, headerEol, trailing, cuts) => {
        const ends = [headerEol, ...lines.map(([, e]) => e)];
        const body = [HEADER, ...lines.map(([l]) => l)];
        // a lone CR followed by the LF of an empty line's end would make one CRLF: not a mix to test
        for (let i = 1; i < body.length; i++) if (body[i] === '' && ends[i - 1] === '\r' && ends[i] === '\n') ends[i] = '\r\n';
        const last = trailing ? body.length : body.length - 1;
        const mixed = body.map((l, i) => l + (i < last ? ends[i] : '')).join('');
        const lf = body.map((l, i) => l + (i < last ? '\n' : '')).join('').replace(/TWO\rLINES/g, 'TWO\nLINES');
        const want = parseTransactionsCsv(lf);
        const view = (r: LoadResult) => ({ rows: [...r.table.rows()], issues: issueList(r), lines: r.summary.lines, read: r.summary.rowsRead, kept: r.summary.rowsKept, blank: r.summary.blankLines });
        expect(view(parseTransactionsCsv(mixed))).toEqual(view(want));
        expect(view(await parseTransactions(streamOf(utf8(mixed), cuts)))).toEqual(view(want));
      }),
      { numRuns: 200 },
    );
  });
});

describe('unterminated quotes', () => {
  const open = '536999,X,"NEVER CLOSED,1,2011-05-05 10:00:00,1,13001,UK';
  it('takes a quoted field longer than maxRecordLength for a quote left open, and keeps the rows after it', () => {
    const filler = Array.from({ length: 4 }, () => 'x'.repeat(400)); // 1,600 characters over 4 short lines
    const r = parseTransactionsCsv([HEADER, row(1), '536999,X,"NEVER CLOSED', ...filler, row(2, undefined, 'FRAME 12"'), row(3)].join('\n'), { maxRecordLength: 1024 });
    expect(issueList(r)).toEqual([[3, 'UNTERMINATED_QUOTE'], [4, 'FIELD_COUNT'], [5, 'FIELD_COUNT'], [6, 'FIELD_COUNT'], [7, 'FIELD_COUNT']]);
    expect([...r.table.rows()].map((t) => t.invoiceNo)).toEqual(['536001', '536002', '536003']);
    expect([r.summary.rowsRejected, r.summary.lines]).toEqual([5, 9]);
    expectBalanced(r);
  });

  it('takes a quoted field over more than maxRecordLines lines for a quote left open, unless the option allows them', () => {
    const text = [HEADER, row(1), '536999,X,"NEVER CLOSED', ...Array.from({ length: 70 }, (_, i) => `note ${i}`), row(2, undefined, 'FRAME 12"'), row(3)].join('\n');
    const r = parseTransactionsCsv(text);
    expect(r.issues[0]).toMatchObject({ line: 3, code: 'UNTERMINATED_QUOTE' });
    expect([r.summary.rowsKept, r.summary.rowsRejected, r.summary.rejectedBy.FIELD_COUNT, r.summary.lines]).toEqual([3, 71, 70, 75]);
    expectBalanced(r);
    // a field that really spans 72 lines is one cell when maxRecordLines allows it
    const long = parseTransactionsCsv(text, { maxRecordLines: 100 });
    expect([long.summary.rowsKept, long.summary.rowsRejected, long.summary.lines]).toEqual([3, 0, 75]);
    expect(long.table.row(1).description?.split('\n')).toHaveLength(72);
  });

  it('takes a quoted field whose inner line holds a whole record of separators for a quote left open (unclosed-swallows.csv)', () => {
    const after = rows(10, 2);
    const r = parseTransactionsCsv([HEADER, row(1), open, ...after, row(20, undefined, 'PHOTO FRAME 12"'), row(21)].join('\n'));
    expect(issueList(r)).toEqual([[3, 'UNTERMINATED_QUOTE']]);
    expect([r.summary.rowsKept, r.summary.rowsRejected, r.summary.lines]).toEqual([13, 1, 15]);
    expect(r.table.row(12).invoiceNo).toBe('536021');
    // a quote closed later by a quoted cell (unclosed-then-quoted.csv) is caught the same way
    const quotedLater = parseTransactionsCsv([HEADER, row(1), open, ...after, `${row(20).slice(0, -3)},"Korea, South"`].join('\n'));
    expect([quotedLater.summary.rowsKept, issueList(quotedLater)]).toEqual([12, [[3, 'UNTERMINATED_QUOTE']]]);
  });

  it('reports a closed quoted field longer than maxRecordLength on one line as LINE_TOO_LONG, not as a quote left open, whole or streamed', async () => {
    // the line starts with a quoted field, as in quoted-2mb-field.csv
    const text = [HEADER, row(1), `"536002"${row(2, undefined, `"${'x'.repeat(3000)}"`).slice(6)}`, row(3), `"536004"${row(4).slice(6)}${'x'.repeat(3000)}`, row(5)].join('\n');
    for (const r of [parseTransactionsCsv(text, { maxRecordLength: 1024 }), await parseTransactions(streamOf(utf8(text), [500, 3]), { maxRecordLength: 1024 })]) {
      expect(issueList(r)).toEqual([[3, 'LINE_TOO_LONG'], [5, 'LINE_TOO_LONG']]);
      expect([r.summary.rowsKept, r.summary.lines]).toEqual([3, 6]);
      expectBalanced(r);
    }
  });
});

describe('binary bytes and other formats', () => {
  it('rejects a row holding a NUL byte late in the file with CONTROL_CHARACTER and keeps the others (nul-late.csv)', async () => {
    const lines = [HEADER, ...rows(200)];
    lines[151] = row(150, undefined, 'TH\u0000ING');
    lines[152] = `${row(151).slice(0, -2)}\u0000`;
    const text = lines.join('\n');
    expect(text.indexOf('\u0000')).toBeGreaterThan(4096); // past the start, which refuses binary input outright
    for (const r of [parseTransactionsCsv(text), await parseTransactions(utf8(text))]) {
      expect(issueList(r)).toEqual([[152, 'CONTROL_CHARACTER'], [153, 'CONTROL_CHARACTER']]);
      expect([r.summary.rowsKept, r.summary.rejectedBy.CONTROL_CHARACTER]).toEqual([198, 2]);
      expect(descriptions(r).some((d) => d?.includes('\u0000'))).toBe(false);
      expectBalanced(r);
    }
  });

  it('refuses JSON and HTML as NOT_CSV, saying what they are', async () => {
    for (const json of ['[{"InvoiceNo":"536365","StockCode":"85123A","Quantity":6}]\n', '[\n  {\n    "InvoiceNo": "536365"\n  }\n]\n', '{"rows": []}']) {
      const err = await failure(parseTransactions(utf8(json)));
      expect(err).toMatchObject({ code: 'NOT_CSV' });
      expect(err.message).toContain('the input is JSON');
    }
    for (const html of ['<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>\n', '<html>\n<body>Sign in</body></html>', '\uFEFF<?xml version="1.0"?>\n<rows/>']) {
      const err = thrown(() => parseTransactionsCsv(html));
      expect(err).toMatchObject({ code: 'NOT_CSV' });
      expect(err.message).toContain('an HTML or XML page');
    }
  });

  it('refuses a gzip holding a zip, and a gzip inside a gzip, as NOT_CSV with a hint saying which', async () => {
    const csv = `${[HEADER, ...rows(3)].join('\n')}\n`;
    const xlsx = await workbook((b) => b.addWorksheet('S').addRow(XLSX_HEADER));
    for (const [bytes, hint] of [
      [gzipSync(xlsx), 'The gzip holds a zip archive'],
      [gzipSync(gzipSync(csv)), 'compressed twice (a gzip inside a gzip)'],
    ] as const) {
      for (const load of [() => parseTransactions(bytes), () => loadTransactions(new Uint8Array(bytes))]) {
        const err = await failure(load());
        expect(err).toMatchObject({ code: 'NOT_CSV' });
        expect(err.message).toContain(hint);
      }
    }
  });
});

describe('XLSX workbooks', () => {
  it('reads formula cells saved without a result as empty, with a FORMULAS_NOT_CALCULATED warning, never "[object Object]"', async () => {
    const bytes = await workbook((b) => {
      const s = b.addWorksheet('S');
      s.addRow(XLSX_HEADER);
      s.addRow(sheetRow(1)).getCell(3).value = { formula: 'UPPER("thing")' } as ExcelJS.CellFormulaValue;
      s.addRow(sheetRow(2)).getCell(4).value = { formula: '1+1' } as ExcelJS.CellFormulaValue;
      s.addRow(sheetRow(3)).getCell(4).value = { formula: '1+2', result: 3 } as ExcelJS.CellFormulaValue;
    });
    const r = await loadTransactions(bytes);
    expect([...r.table.rows()].map((t) => [t.description, t.quantity])).toEqual([[null, 2], ['THING', 3]]);
    expect(r.issues.map((i) => [i.line, i.field, i.code])).toEqual([[3, 'quantity', 'MISSING_VALUE']]);
    expect(r.summary.warnings).toEqual([{ code: 'FORMULAS_NOT_CALCULATED', line: null, message: expect.stringMatching(/^2 formula cells have no calculated value/) as unknown }]);
    expect(JSON.stringify([r.issues, [...r.table.rows()]])).not.toContain('[object Object]');
  });

  it('refuses a zip that holds no worksheet (a zipped CSV, an empty workbook) as CORRUPT_SOURCE', async () => {
    const zipOfCsv = storedZip({ 'online_retail.csv': `${[HEADER, ...rows(2)].join('\n')}\n` });
    const empty = await workbook(() => {});
    for (const bytes of [zipOfCsv, empty]) {
      const err = await failure(loadTransactions(bytes));
      expect(err).toMatchObject({ code: 'CORRUPT_SOURCE', parameter: 'source' });
      expect(err.message).toContain('holds no worksheet');
    }
  });

  it('reads the next sheet with data when the first is empty, with a SHEET_CHOSEN warning, but not when the empty sheet was asked for', async () => {
    const bytes = await workbook((b) => {
      b.addWorksheet('Cover');
      const s = b.addWorksheet('Data');
      s.addRow(XLSX_HEADER);
      s.addRow(sheetRow(1));
      s.addRow(sheetRow(2));
    });
    const r = await loadTransactions(bytes);
    expect([r.summary.rowsKept, r.table.row(0).invoiceNo]).toEqual([2, '536001']);
    expect(r.summary.warnings).toEqual([{ code: 'SHEET_CHOSEN', line: null, message: expect.stringContaining('sheet "Cover" is empty: read sheet 2 ("Data") instead') as unknown }]);
    for (const sheet of [1, 'Cover']) {
      const err = await failure(loadTransactions(bytes, { sheet }));
      expect(err).toMatchObject({ code: 'EMPTY_INPUT' });
      expect(err.message).toContain('sheet 1 ("Cover")');
    }
    expect((await loadTransactions(bytes, { sheet: 'Data' })).summary.warnings).toEqual([]);
  });

  it('reads dates stored as serial day numbers as dates, with a SERIAL_DATES warning and a reason that says so', async () => {
    const bytes = await workbook((b) => {
      const s = b.addWorksheet('S');
      s.addRow(XLSX_HEADER);
      s.addRow(sheetRow(1, 40513.35)); // 2010-12-01 08:24
      s.addRow(sheetRow(2, 40514.5));
    });
    const r = await loadTransactions(bytes);
    expect(dates(r)).toEqual(['2010-12-01 08:24:00', '2010-12-02 12:00:00']);
    expect(warningCodes(r)).toEqual(['SERIAL_DATES']);
    expect(r.summary.dateFormatReason).toBe('the sheet stores dates as serial day numbers (cells without a date format), read as days since 1899-12-30');
    // date cells keep the plain reason; a sheet of both says how many were serial
    const typed = await loadTransactions(await workbook((b) => b.addWorksheet('S').addRows([XLSX_HEADER, sheetRow(1)])));
    expect(typed.summary.dateFormatReason).toBe('the sheet stores dates as dates');
    const both = await loadTransactions(await workbook((b) => b.addWorksheet('S').addRows([XLSX_HEADER, sheetRow(1), sheetRow(2, 40514.5), sheetRow(3, 40515.5)])));
    expect(both.summary.dateFormatReason).toBe('the sheet stores dates as dates, and 2 as serial day numbers (cells without a date format), read as days since 1899-12-30');
  });

  it('reads serial day numbers of a workbook in the 1904 date system from 1904-01-01', async () => {
    const bytes = await workbook((b) => {
      b.properties.date1904 = true;
      const s = b.addWorksheet('S');
      s.addRow(XLSX_HEADER);
      s.addRow(sheetRow(1, 39051.35)); // 1904 system: 2010-12-01 08:24
      s.addRow(sheetRow(2, new Date(Date.UTC(2010, 11, 2, 12))));
    });
    const r = await loadTransactions(bytes);
    expect(dates(r)).toEqual(['2010-12-01 08:24:00', '2010-12-02 12:00:00']);
    expect(r.summary.warnings[0]!.message).toContain("serial days since 1904-01-01 (the workbook's 1904 date system)");
    expect(r.summary.dateFormatReason).toContain('read as days since 1904-01-01');
  });
});
