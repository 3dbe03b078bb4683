import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, formatWallClock, generateTransactions, parseTransactionRows, parseTransactionsCsv, parseTransactionsCsvStream } from '@shopper-spectrum/core';
import { HEADER, SAMPLE_CSV } from '../test/fixtures/sample.js';
import { codeOf } from '../test/fixtures/codeOf.js';


describe('parseTransactionsCsv', () => {
  it('loads every well-formed row into the columns and dictionaries', () => {
    const { table, summary, issues } = parseTransactionsCsv(SAMPLE_CSV);
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({ rowsRead: 11, rowsKept: 11, rowsRejected: 0, dateFormat: 'iso', format: 'text' });
    expect(table.length).toBe(11);
    expect(table.row(0)).toEqual({
      invoiceNo: '536365',
      stockCode: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      quantity: 6,
      invoiceDate: Date.UTC(2010, 11, 1, 8, 26),
      unitPrice: 2.55,
      customerId: '17850',
      country: 'United Kingdom',
      totalPrice: 6 * 2.55,
    });
    expect(table.row(2).description).toBe('HAND WARMER, UNION JACK');
    expect(table.row(6)).toMatchObject({ description: null, customerId: null, unitPrice: 0 });
    expect(table.dictionaries.invoice.slice(0, 3)).toEqual(['536365', '536366', '536367']);
  });

  it('reports a wrong field count, a bad number, a bad date and an empty required field with their lines', () => {
    const csv = [
      HEADER,
      '1,A,x,1,2011-01-01 10:00:00,1,7,UK',
      '2,A,x,1,2011-01-01 10:00:00,1,7',
      '3,A,x,six,2011-01-01 10:00:00,1,7,UK',
      '4,A,x,1,2011-02-30 10:00:00,1,7,UK',
      '5,,x,1,2011-01-01 10:00:00,,7,UK',
      '6,A,x,1,2011-01-01 10:00:00,1,7,UK',
    ].join('\n');
    const { table, issues, summary } = parseTransactionsCsv(csv);
    expect(table.length).toBe(2);
    expect(issues.map((i) => [i.line, i.field, i.code])).toEqual([
      [3, null, 'FIELD_COUNT'],
      [4, 'quantity', 'INVALID_NUMBER'],
      [5, 'invoiceDate', 'INVALID_DATE'],
      [6, 'unitPrice', 'MISSING_VALUE'],
      [6, 'stockCode', 'MISSING_VALUE'],
    ]);
    expect(issues[1]).toMatchObject({ value: 'six', reason: 'quantity "six" is not a decimal number' });
    expect(summary).toMatchObject({ rowsRead: 6, rowsKept: 2, rowsRejected: 4 });
    expect(summary.issueCounts).toMatchObject({ FIELD_COUNT: 1, INVALID_NUMBER: 1, INVALID_DATE: 1, MISSING_VALUE: 2 });
  });

  it('keeps counting issues past maxIssues and says the list was cut', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i},A,x,bad,2011-01-01 10:00,1,7,UK`);
    const { issues, summary } = parseTransactionsCsv([HEADER, ...rows].join('\n'), { maxIssues: 3 });
    expect(issues).toHaveLength(3);
    expect(summary.issueCounts.INVALID_NUMBER).toBe(10);
    expect(summary.issuesTruncated).toBe(true);
  });

  it('maps the Online Retail II header by itself', () => {
    const csv = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n489434,85048,LED LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n';
    const { table } = parseTransactionsCsv(csv);
    expect(table.row(0)).toMatchObject({ invoiceNo: '489434', unitPrice: 6.95, customerId: '13085' });
  });

  it('maps user column names and leaves absent optional columns missing', () => {
    const csv = 'order;sku;qty;when;price\nA1;X;2;12/1/2010 8:26;1,5\nA2;Y;1;12/2/2010 9:00;3\n';
    const { table, issues } = parseTransactionsCsv(csv, {
      delimiter: ';',
      columns: { invoiceNo: 'order', stockCode: 'sku', quantity: 'qty', invoiceDate: 'when', unitPrice: 'price' },
      dateFormat: 'mdy', // 12/1 and 12/2 read both ways: the file must say which
    });
    expect(issues.map((i) => i.code)).toEqual(['INVALID_NUMBER']);
    expect(table.row(0)).toMatchObject({ invoiceNo: 'A2', invoiceDate: Date.UTC(2010, 11, 2, 9), description: null, customerId: null, country: null });
  });

  it("reads slash dates day-first when a value proves it, earlier rows included, and says why", () => {
    const csv = `${HEADER}\n1,A,x,1,12/1/2010 8:26,1,7,UK\n2,A,x,1,12/1/2010 8:26,1,7,UK\n3,A,x,1,13/1/2010 8:26,1,7,UK\n`;
    const { table, issues, summary } = parseTransactionsCsv(csv);
    expect(issues).toEqual([]);
    expect(summary.dateFormat).toBe('dmy');
    expect(summary.dateFormatReason).toContain('line 4 has "13/1/2010 8:26"');
    expect(summary.warnings.map((w) => w.code)).toEqual(['DATES_DAY_FIRST']);
    expect([...table.columns.invoiceDate].map((t) => formatWallClock(t))).toEqual(['2010-01-12 08:26:00', '2010-01-12 08:26:00', '2010-01-13 08:26:00']);
  });

  it('reads slash dates month-first when a value proves it, and rejects a later value that contradicts it', () => {
    const csv = `${HEADER}\n1,A,x,1,12/1/2010 8:26,1,7,UK\n2,A,x,1,12/13/2010 8:26,1,7,UK\n3,A,x,1,13/1/2010 8:26,1,7,UK\n`;
    const { table, issues, summary } = parseTransactionsCsv(csv);
    expect(summary.dateFormat).toBe('mdy');
    expect(formatWallClock(table.row(0).invoiceDate)).toBe('2010-12-01 08:26:00');
    expect(issues).toMatchObject([{ line: 4, field: 'invoiceDate', code: 'INVALID_DATE' }]);
    expect(issues[0]!.reason).toContain('month-first: line 3 has "12/13/2010 8:26"');
  });

  it('refuses a file whose slash dates all read both ways, naming the option', () => {
    const csv = `${HEADER}\n1,A,x,1,12/1/2010 8:26,1,7,UK\n2,A,x,1,3/2/2010 9:00,1,7,UK\n`;
    expect(codeOf(() => parseTransactionsCsv(csv))).toBe('AMBIGUOUS_DATES');
    expect(() => parseTransactionsCsv(csv)).toThrow(/dateFormat: 'dmy'.*'mdy'/);
    expect(parseTransactionsCsv(csv, { dateFormat: 'dmy' }).table.row(0).invoiceDate).toBe(Date.UTC(2010, 0, 12, 8, 26));
    // a day equal to its month reads the same either way: nothing to refuse
    expect(parseTransactionsCsv(`${HEADER}\n1,A,x,1,1/1/2011 8:26,1,7,UK\n`).summary.dateFormat).toBe('mdy');
  });

  it('skips a byte order mark and blank lines', () => {
    const { table, summary } = parseTransactionsCsv(`\uFEFF${HEADER}\r\n\r\n1,A,x,1,2011-01-01 10:00,1,7,UK\r\n`);
    expect(table.length).toBe(1);
    expect(summary.blankLines).toBe(1);
  });

  it('throws EMPTY_INPUT, NOT_CSV and MISSING_COLUMNS with their codes', () => {
    expect(codeOf(() => parseTransactionsCsv(''))).toBe('EMPTY_INPUT');
    expect(codeOf(() => parseTransactionsCsv('PK\u0003\u0004binary'))).toBe('NOT_CSV');
    expect(codeOf(() => parseTransactionsCsv('a\u0000b\n'))).toBe('NOT_CSV');
    expect(codeOf(() => parseTransactionsCsv('InvoiceNo,Quantity\n1,2\n'))).toBe('MISSING_COLUMNS');
  });

  it('names the missing columns and the header it found', () => {
    try {
      parseTransactionsCsv('InvoiceNo,Quantity\n1,2\n');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('stockCode ("StockCode")');
      expect((e as Error).message).toContain('"InvoiceNo", "Quantity"');
    }
  });

  it('rejects bad options with INVALID_OPTION naming the option', () => {
    const bad = [{ delimiter: ',,' }, { maxIssues: -1 }, { dateFormat: 'ymd' }, { columns: 'nope' }, { columns: { sku: 'x' } }];
    for (const options of bad) {
      const err = (() => {
        try {
          parseTransactionsCsv(SAMPLE_CSV, options as never);
        } catch (e) {
          return e as CoreError;
        }
        return undefined;
      })();
      expect(err?.code).toBe('INVALID_OPTION');
      expect(err?.parameter).toBeTruthy();
    }
  });

  it('parses a stream of byte chunks split inside multi-byte characters', async () => {
    const bytes = new TextEncoder().encode(`${HEADER}\n1,A,CAFÉ £ MUG,1,2011-01-01 10:00,1,7,UK\n`);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const { table } = await parseTransactionsCsvStream(chunks());
    expect(table.row(0).description).toBe('CAFÉ £ MUG');
  });

  it("keeps each row's own description when a product's description changes", () => {
    const csv = [
      HEADER,
      '1,A,MUG,1,2011-01-01 10:00,1,7,UK',
      '2,A,MUG ,1,2011-01-01 10:00,1,7,UK',
      '3,A,"MUG ""RED""",1,2011-01-01 10:00,1,7,UK',
      '4,A,"MUG ""RED""",1,2011-01-01 10:00,1,7,UK',
      '5,A,MUG,1,2011-01-01 10:00,1,7,UK',
      '6,A,,1,2011-01-01 10:00,1,7,UK',
    ].join('\n');
    const { table } = parseTransactionsCsv(csv);
    expect([...table.rows()].map((r) => r.description)).toEqual(['MUG', 'MUG ', 'MUG "RED"', 'MUG "RED"', 'MUG', null]);
    expect(table.dictionaries.description).toEqual(['MUG', 'MUG ', 'MUG "RED"']);
  });

  it('interns many distinct values, each once, in first-seen order', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 7},S${(i * 7919) % 3001},d${i % 1234},1,2011-01-01 10:00,1,${i % 977},C${i % 50}`);
    const { table } = parseTransactionsCsv([HEADER, ...rows].join('\n'));
    const d = table.dictionaries;
    expect([d.stockCode.length, d.description.length, d.customer.length, d.country.length, d.invoice.length]).toEqual([3001, 1234, 977, 50, 7]);
    expect(new Set(d.stockCode).size).toBe(3001);
    for (let i = 0; i < 5000; i += 97) expect(table.row(i).stockCode).toBe(`S${(i * 7919) % 3001}`);
  });

  it('reads a stream whose chunks hold no line break, and keeps a U+FEFF inside the data', async () => {
    const text = `${HEADER}\n1,A,\uFEFFX,1,2011-01-01 10:00,1,7,UK\n\uFEFF2,B,Y,1,2011-01-01 10:00,1,7,UK`;
    const bytes = new TextEncoder().encode(text);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.slice(i, i + 5);
    }
    const { table } = await parseTransactionsCsvStream(chunks());
    expect([...table.rows()].map((r) => [r.invoiceNo, r.description])).toEqual([['1', '\uFEFFX'], ['\uFEFF2', 'Y']]);
  });

  it('round-trips a generated log written back as CSV (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const first = parseTransactionsCsv(generateTransactions({ seed, customers: 20, products: 30, days: 40, badRowRate: 0 }));
        const quote = (s: string | null) => (s === null ? '' : /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
        const lines = [HEADER];
        for (const r of first.table.rows()) {
          lines.push([r.invoiceNo, r.stockCode, quote(r.description), r.quantity, formatWallClock(r.invoiceDate), r.unitPrice, r.customerId ?? '', quote(r.country)].join(','));
        }
        const second = parseTransactionsCsv(lines.join('\n'));
        expect(second.summary.rowsRejected).toBe(0);
        expect([...second.table.rows()]).toEqual([...first.table.rows()]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('parseTransactionRows', () => {
  it('builds a table from objects and reports bad values instead of throwing', () => {
    const { table, issues } = parseTransactionRows([
      { invoiceNo: '1', stockCode: 'A', quantity: 2, invoiceDate: '2011-01-02 10:00', unitPrice: 1.5, customerId: 7 },
      { invoiceNo: '2', stockCode: 'B', quantity: Number.NaN, invoiceDate: Date.UTC(2011, 0, 3), unitPrice: '2.5' },
      { invoiceNo: '3', stockCode: 'C', quantity: '4', invoiceDate: new Date(Date.UTC(2011, 0, 4, 9)), unitPrice: '2.5', country: 'UK' },
    ]);
    expect(table.length).toBe(2);
    expect(table.row(0)).toMatchObject({ customerId: '7', totalPrice: 3 });
    expect(table.row(1)).toMatchObject({ quantity: 4, invoiceDate: Date.UTC(2011, 0, 4, 9), country: 'UK' });
    expect(issues).toMatchObject([{ line: 2, field: 'quantity', code: 'INVALID_NUMBER' }]);
  });

  it('throws INVALID_ARGUMENT for something that is not rows', () => {
    expect(codeOf(() => parseTransactionRows(null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseTransactionRows([42 as never]))).toBe('INVALID_ARGUMENT');
  });
});
