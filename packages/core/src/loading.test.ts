/**
 * What a retailer's export can look like, read by the library: separators, decimal commas,
 * encodings, line ends, quotes, bounded values and dates, minimal logs, and the line and row
 * accounting that holds for any file.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatWallClock, parseTransactions, parseTransactionsCsv, totalPrices } from '@shopper-spectrum/core';
import { HEADER } from '../test/fixtures/sample.js';
import { codeOf } from '../test/fixtures/codeOf.js';

const row = (i: number, price = '2.55', date = '2011-01-0' + (1 + (i % 9)) + ' 10:00:00') => `${536000 + i},A${i % 3},THING,${1 + (i % 4)},${date},${price},${17000 + (i % 5)},UK`;
const bytes = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const utf16 = (s: string, le: boolean) => {
  const out = new Uint8Array(2 + 2 * s.length);
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
};

describe('separators and decimal commas', () => {
  it('tells the separator from the header line, outside quotes, and says which it used', () => {
    expect(detectDelimiter('a;b;"c,d,e"\n1;2;3')).toBe(';');
    expect(detectDelimiter('\n\na\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('single')).toBe(',');
    const csv = [HEADER, row(1), row(2)].join('\n');
    for (const d of [',', ';', '\t', '|']) {
      const r = parseTransactionsCsv(csv.replaceAll(',', d));
      expect([r.summary.rowsKept, r.summary.delimiter]).toEqual([2, d]);
    }
  });

  it('keeps a separator given explicitly, and names the likely one when the header is one column', () => {
    const csv = [HEADER, row(1)].join('\n').replaceAll(',', ';');
    expect(() => parseTransactionsCsv(csv, { delimiter: ',' })).toThrow(/The header is one column holding ";": read it with delimiter: ';' \(or 'auto'\)/);
  });

  it("reads decimal commas with decimalSeparator: ',', and refuses thousands separators either way", () => {
    const euro = `${HEADER.replaceAll(',', ';')}\n536001;A1;THING;2;2011-01-02 10:00:00;2,55;17001;UK\n536002;A1;THING;1.000;2011-01-02 10:00:00;1,5;17001;UK\n536003;A1;THING;3;2011-01-02 10:00:00;0.5;17001;UK\n`;
    const r = parseTransactionsCsv(euro, { decimalSeparator: ',' });
    expect(r.table.columns.unitPrice[0]).toBe(2.55);
    expect(r.issues.map((i) => [i.line, i.field, i.code, i.reason])).toEqual([
      [3, 'quantity', 'INVALID_NUMBER', 'quantity "1.000" is not a decimal number (thousands separators are not read: export numbers without them)'],
      [4, 'unitPrice', 'INVALID_NUMBER', `unitPrice "0.5" is not a decimal number (a decimal point, but decimalSeparator is ',')`],
    ]);
    const dot = parseTransactionsCsv(euro);
    expect(dot.issues[0]!.reason).toMatch(/a decimal comma\? read the file with decimalSeparator: ','/);
    expect(codeOf(() => parseTransactionsCsv(euro, { decimalSeparator: ',', delimiter: ',' }))).toBe('INVALID_OPTION');
    expect(codeOf(() => parseTransactionsCsv(euro, { decimalSeparator: ';' as never }))).toBe('INVALID_OPTION');
  });
});

describe('encodings', () => {
  const text = `${HEADER}\n${row(1).replace('THING', 'CAF\u00c9 \u00a3')}\n`;
  it('reads UTF-8 with or without a byte-order mark, and UTF-16 by its mark', async () => {
    for (const [b, enc] of [
      [bytes(text), 'utf-8'],
      [bytes(`\uFEFF${text}`), 'utf-8'],
      [utf16(text, true), 'utf-16le'],
      [utf16(text, false), 'utf-16be'],
    ] as const) {
      const r = await parseTransactions(b);
      expect([r.summary.encoding, r.table.row(0).description, r.summary.warnings]).toEqual([enc, 'CAF\u00c9 \u00a3', []]);
    }
  });

  it('reads bytes that are not UTF-8 as windows-1252 with a warning, or refuses them when utf-8 was declared', async () => {
    const r = await parseTransactions(latin1(text));
    expect([r.summary.encoding, r.table.row(0).description]).toEqual(['windows-1252', 'CAF\u00c9 \u00a3']);
    expect(r.summary.warnings.map((w) => w.code)).toEqual(['ENCODING_GUESSED']);
    await expect(parseTransactions(latin1(text), { encoding: 'utf-8' })).rejects.toMatchObject({ code: 'INVALID_ENCODING', parameter: 'encoding' });
  });

  it('warns about replacement characters in text decoded wrongly before it arrived', () => {
    const r = parseTransactionsCsv(text.replace('CAF\u00c9', 'CAF\uFFFD'));
    expect(r.summary.warnings.map((w) => w.code)).toEqual(['REPLACEMENT_CHARACTERS']);
  });

  it('reports damaged gzip as CORRUPT_SOURCE', async () => {
    const gz = gzipSync(text.repeat(50));
    await expect(parseTransactions(gz.subarray(0, gz.length >> 1))).rejects.toMatchObject({ code: 'CORRUPT_SOURCE' });
  });
});

describe('lines, quotes and records', () => {
  it('reads lines ending with a lone CR, with a warning', () => {
    const r = parseTransactionsCsv([HEADER, row(1), row(2)].join('\r'));
    expect([r.summary.rowsKept, r.summary.lines, r.summary.warnings.map((w) => w.code)]).toEqual([2, 3, ['CR_LINE_ENDINGS']]);
  });

  it('reads on after a quote never closed: one row rejected, the rest kept', () => {
    const r = parseTransactionsCsv([HEADER, row(1), '536999,X,"NEVER CLOSED,1,2011-01-01 10:00:00,1,1,UK', row(2), row(3)].join('\n'));
    expect([r.summary.rowsKept, r.summary.rowsRejected, r.issues.map((i) => [i.line, i.code])]).toEqual([3, 1, [[3, 'UNTERMINATED_QUOTE']]]);
  });

  it('skips a line longer than maxRecordLength unread, in one chunk or across many', () => {
    const long = 'x'.repeat(5000);
    const r = parseTransactionsCsv([HEADER, row(1), long, row(2)].join('\n'), { maxRecordLength: 1024 });
    expect([r.summary.rowsKept, r.summary.rejectedBy.LINE_TOO_LONG, r.issues[0]!.line]).toEqual([2, 1, 3]);
    expect(r.issues[0]!.value?.length ?? 0).toBeLessThanOrEqual(100);
  });

  it('counts each rejected row once, by its first issue, in rejectedBy', () => {
    const r = parseTransactionsCsv([HEADER, '1,A,x,six,2011-02-30 10:00:00,1,7,UK', '2,A,x,1e400,2011-01-01 10:00:00,1,7,UK', row(3)].join('\n'));
    expect(r.summary.issueCounts).toMatchObject({ INVALID_NUMBER: 1, INVALID_DATE: 1, OUT_OF_RANGE: 1 });
    expect(r.summary.rejectedBy).toMatchObject({ INVALID_NUMBER: 1, INVALID_DATE: 0, OUT_OF_RANGE: 1 });
    expect(Object.values(r.summary.rejectedBy).reduce((a, b) => a + b, 0)).toBe(r.summary.rowsRejected);
  });

  it('refuses a header that names a column it reads twice', () => {
    expect(codeOf(() => parseTransactionsCsv(`${HEADER},Quantity\n${row(1)},3`))).toBe('DUPLICATE_COLUMNS');
    // a repeated column nobody reads is fine
    expect(parseTransactionsCsv(`${HEADER},Note,Note\n${row(1)},a,b`).summary.rowsKept).toBe(1);
  });
});

describe('bounded values and dates', () => {
  it('rejects infinite and oversized numbers and line totals as OUT_OF_RANGE', () => {
    const r = parseTransactionsCsv([HEADER, '1,A,x,1e400,2011-01-01 10:00:00,1,7,UK', '2,A,x,2e9,2011-01-01 10:00:00,1,7,UK', '3,A,x,1e8,2011-01-01 10:00:00,1e8,7,UK', row(4)].join('\n'));
    expect(r.issues.map((i) => [i.line, i.field, i.code])).toEqual([
      [2, 'quantity', 'OUT_OF_RANGE'],
      [3, 'quantity', 'OUT_OF_RANGE'],
      [4, null, 'OUT_OF_RANGE'],
    ]);
    expect(parseTransactionsCsv([HEADER, '2,A,x,2e9,2011-01-01 10:00:00,1,7,UK'].join('\n'), { limits: { quantity: 1e10 } }).summary.rowsKept).toBe(1);
  });

  it('rejects dates outside the plausible window, and reads years below 100 as written', () => {
    const r = parseTransactionsCsv([HEADER, row(1, '1', '9999-12-31 10:00:00'), row(2, '1', '1989-12-31 23:59:00'), row(3)].join('\n'));
    expect(r.issues.map((i) => i.code)).toEqual(['DATE_OUT_OF_RANGE', 'DATE_OUT_OF_RANGE']);
    const old = parseTransactionsCsv([HEADER, row(1, '1', '0050-03-01 10:00:00')].join('\n'), { dateRange: { from: '0001-01-01' } });
    expect(formatWallClock(old.table.columns.invoiceDate[0]!)).toBe('0050-03-01 10:00:00');
    expect(codeOf(() => parseTransactionsCsv(HEADER, { dateRange: { from: '2011-01-01', to: '2010-01-01' } }))).toBe('INVALID_OPTION');
  });
});

describe('minimal logs', () => {
  it('reads customer, date and amount, deriving one invoice per customer and day', () => {
    const r = parseTransactionsCsv('customer_id,date,dollar_value\n1,1997-01-01,29.33\n1,1997-01-01,10\n2,1997-01-02,5\n', {
      columns: { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value' },
    });
    expect(r.summary.schema).toMatchObject({ products: false });
    expect(r.table.length).toBe(3);
    expect(new Set(Array.from(r.table.columns.invoice)).size).toBe(2);
    expect(Array.from(totalPrices(r.table))).toEqual([29.33, 10, 5]);
  });
});

describe('every row and line accounted for (property)', () => {
  const good = fc.integer({ min: 0, max: 999 }).map((i) => row(i));
  const bad = fc.constantFrom('1,A,x,six,2011-01-01 10:00:00,1,7,UK', '2,A,x,1,2011-13-01 10:00:00,1,7,UK', '3,A,x,1', '4,A,"x" y,1,2011-01-01 10:00:00,1,7,UK', '5,A,"never closed,1,2011-01-01 10:00:00,1,7,UK', '', '   ', '6,A,"two\nlines",1,2011-01-01 10:00:00,1,7,UK', '7,A,x,1e400,2011-01-01 10:00:00,1,7,UK', '8,A,x,1,1900-01-01 10:00:00,1,7,UK');
  it('rowsRead = rowsKept + rowsRejected = the sum of rejectedBy plus kept, and lines = header + rows + blank lines', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(good, bad), { maxLength: 60 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, eol, trailing) => {
        const text = [HEADER, ...lines].join(eol) + (trailing ? eol : '');
        const { summary, table } = parseTransactionsCsv(text);
        expect(summary.rowsRead).toBe(summary.rowsKept + summary.rowsRejected);
        expect(table.length).toBe(summary.rowsKept);
        expect(Object.values(summary.rejectedBy).reduce((a, b) => a + b, 0)).toBe(summary.rowsRejected);
        expect(summary.lines).toBe(summary.headerLines + summary.rowLines + summary.blankLines);
        const split = text.split(/\r\n|\n/);
        const physical = split.length - (split.at(-1) === '' ? 1 : 0); // a final line break ends a line, it starts none
        expect(summary.lines).toBe(physical);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the start of a stream cut small', () => {
  it('tells the separator and lone-CR line ends however small the first chunks are', async () => {
    const text = [HEADER, row(1), row(2), row(3)].join('\r').replaceAll(',', ';');
    const whole = parseTransactionsCsv(text);
    for (const size of [1, 2, 3, 7, 50]) {
      const b = bytes(text);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < b.length; i += size) c.enqueue(b.slice(i, i + size));
          c.close();
        },
      });
      const r = await parseTransactions(stream);
      expect([r.summary.delimiter, r.summary.rowsKept, r.summary.lines, r.summary.warnings.map((w) => w.code)]).toEqual([';', 3, 4, ['CR_LINE_ENDINGS']]);
      expect([...r.table.rows()]).toEqual([...whole.table.rows()]);
    }
  });
});
