/**
 * A corpus of broken and unusual files through `analyze --data`, as a user would feed them: each
 * either loads with every row and line accounted for, or ends with a coded error and a documented
 * exit code (2, 3 or 4): never exit 1, a stack trace, a hang or silent corruption.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ss-corpus-'));
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
/** A small valid log, ISO dates, enough customers for k = 2. */
const rows = (n: number, date = (i: number) => `2011-0${1 + (i % 9)}-1${i % 10} 10:00:00`) =>
  Array.from({ length: n }, (_, i) => `${536000 + (i >> 2)},${20000 + (i % 13)},THING ${i % 13},${1 + (i % 5)},${date(i)},${(1 + (i % 7)) * 0.85},${13000 + (i % 40)},United Kingdom`);
const file = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const analyze = (path: string, extra: string[] = []) => run(['analyze', '--data', path, '--out', join(dir, `out-${Math.random().toString(36).slice(2)}`), '--json', '--quiet', '--models', 'popularity', '--k', '2', ...extra]);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const utf16le = (text: string) => {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
};
const good = `${HEADER}\n${rows(400).join('\n')}\n`;

/** name, bytes, the exit code expected, and what must be true of the outcome. */
const corpus: [string, string | Uint8Array, number, (r: { stdout: string; stderr: string }) => void][] = [
  ['empty.csv', '', 4, (r) => expect(r.stderr).toMatch(/EMPTY_INPUT/)],
  ['header-only.csv', `${HEADER}\n`, 4, (r) => expect(r.stderr).toMatch(/NO_USABLE_ROWS: no usable rows: 0 read/)],
  ['binary.csv', Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff), 4, (r) => expect(r.stderr).toMatch(/NOT_CSV|MISSING_COLUMNS|INVALID_ENCODING/)],
  ['nul-bytes.csv', `${HEADER}\n536365,85123A,MUG\u0000\u0000,6,2010-12-01 08:26:00,2.55,17850,UK\n`, 4, (r) => expect(r.stderr).toMatch(/NOT_CSV/)],
  ['truncated.csv.gz', gzipSync(good).subarray(0, 900), 4, (r) => expect(r.stderr).toMatch(/CORRUPT_SOURCE.*truncated or damaged/)],
  ['xlsx-named-csv.csv', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6), 4, (r) => expect(r.stderr).toMatch(/XLSX|zip/)],
  ['bom-crlf.csv', `\uFEFF${good.replaceAll('\n', '\r\n')}`, 0, () => undefined],
  ['cr-only.csv', good.replaceAll('\n', '\r'), 0, (r) => expect(JSON.parse(r.stdout).loading.warnings.join(' ')).toMatch(/lone CR/)],
  ['quoted-newlines.csv', `${HEADER}\n${rows(400).map((l, i) => (i % 50 === 0 ? l.replace(/THING \d+/, '"THING\nON TWO LINES"') : l)).join('\n')}\n`, 0, (r) => expect(JSON.parse(r.stdout).rows.rejected).toBe(0)],
  ['semicolons.csv', good.replaceAll(',', ';'), 0, () => undefined],
  ['decimal-commas.csv', `${HEADER.replaceAll(',', ';')}\n${rows(400).map((l) => l.replaceAll(',', ';').replace(/;(\d+)\.(\d+);/, ';$1,$2;')).join('\n')}\n`, 4, (r) => expect(r.stderr).toMatch(/NO_USABLE_ROWS.*INVALID_NUMBER 400, first on line 2: unitPrice "0,85".*--decimal-comma/)],
  ['duplicate-header.csv', `${HEADER},Quantity\n${rows(10).map((l) => `${l},3`).join('\n')}\n`, 4, (r) => expect(r.stderr).toMatch(/DUPLICATE_COLUMNS.*Quantity/)],
  ['utf16le-bom.csv', utf16le(good), 0, (r) => expect(JSON.parse(r.stdout).loading.encoding).toBe('utf-16le')],
  ['latin1.csv', latin1(good.replace('THING 3', 'CAF\u00c9 3')), 0, (r) => expect(JSON.parse(r.stdout).loading.warnings.join(' ')).toMatch(/not UTF-8.*windows-1252/)],
  ['huge-values.csv', `${HEADER}\n${rows(400).join('\n')}\n999999,X,BIG,1e400,2011-05-05 10:00:00,1,13001,UK\n999998,X,BIG,1e308,2011-05-05 10:00:00,1e308,13001,UK\n`, 0, (r) => expect(JSON.parse(r.stdout).rows.rejectedBy['parse: OUT_OF_RANGE']).toBe(2)],
  ['far-dates.csv', `${HEADER}\n${rows(400).join('\n')}\n999999,X,Y,1,9999-12-31 10:00:00,1,13001,UK\n999998,X,Y,1,0001-01-01 10:00:00,1,13001,UK\n`, 0, (r) => {
    const doc = JSON.parse(r.stdout);
    expect(doc.rows.rejectedBy['parse: DATE_OUT_OF_RANGE']).toBe(2);
    expect(doc.period.to.slice(0, 4)).toBe('2011');
  }],
  ['day-first.csv', `${HEADER}\n${rows(400, (i) => `${1 + (i % 28)}/${1 + (i % 12)}/2011 10:00`).join('\n')}\n`, 0, (r) => expect(JSON.parse(r.stdout).loading.dateFormat).toBe('dmy')],
  ['ambiguous-dates.csv', `${HEADER}\n${rows(400, (i) => `${1 + (i % 12)}/${1 + ((i * 5) % 12)}/2011 10:00`).join('\n')}\n`, 2, (r) => expect(r.stderr).toMatch(/AMBIGUOUS_DATES.*--date-format/)],
  ['unterminated-quote.csv', `${HEADER}\n${rows(100).join('\n')}\n536999,X,"NEVER CLOSED,1,2011-05-05 10:00:00,1,13001,UK\n${rows(300).join('\n')}\n`, 0, (r) => {
    const doc = JSON.parse(r.stdout);
    expect(doc.rows.rejectedBy['parse: UNTERMINATED_QUOTE']).toBe(1);
    expect(doc.rows.loaded).toBe(401); // the 300 rows after it are read, not swallowed
  }],
  ['long-line.csv', `${HEADER}\n${rows(200).join('\n')}\n${'x'.repeat(3 << 20)}\n${rows(200).join('\n')}\n`, 0, (r) => {
    const doc = JSON.parse(r.stdout);
    expect(doc.rows.rejectedBy['parse: LINE_TOO_LONG']).toBe(1);
    expect(r.stdout.length).toBeLessThan(200_000); // no 3 MB message anywhere
  }],
  // 40 customers alike in R, F and M (each buys the same on the same last day): no 2 segments exist
  ['alike-customers.csv', `${HEADER}\n${Array.from({ length: 400 }, (_, i) => `${536000 + i},${20000 + (i % 13)},THING,1,2011-01-0${1 + (i % 9)} 10:00:00,1,${13000 + (i % 40)},United Kingdom`).join('\n')}\n`, 4, (r) => expect(r.stderr).toMatch(/TOO_FEW_DISTINCT_CUSTOMERS \[--k\]: the 40 customers have only 1 distinct \(recency, frequency, monetary\) value: 2 segments cannot be told apart/)],
  ['wrong-columns.csv', 'name,colour\nkettle,red\n', 4, (r) => expect(r.stderr).toMatch(/MISSING_COLUMNS/)],
];

describe('analyze on broken and unusual files', () => {
  it.each(corpus)('%s', async (name, data, exit, check) => {
    const r = await analyze(file(name, data));
    expect(r.stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
    expect(r.stderr).not.toMatch(/Unexpected failure/);
    expect(r.code, r.stderr).toBe(exit);
    if (exit === 0) {
      const doc = JSON.parse(r.stdout);
      expect(doc.rows.loaded).toBe(doc.rows.kept + doc.rows.rejected);
      expect(Object.values(doc.rows.rejectedBy as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(doc.rows.rejected);
    } else expect(r.stderr).toMatch(/^(Error [A-Z_]+|Cannot read)/);
    check(r);
  }, 60_000);

  it('a directory and a missing file each get their own message and exit 3', async () => {
    const sub = join(dir, 'a-folder');
    mkdirSync(sub, { recursive: true });
    const r1 = await analyze(sub);
    expect([r1.code, r1.stderr]).toEqual([3, expect.stringMatching(/it is a directory, not a file/)]);
    const r2 = await analyze(join(dir, 'nope.csv'));
    expect([r2.code, r2.stderr]).toEqual([3, expect.stringMatching(/no such file/)]);
  });

  it('a file read with the wrong declared encoding is refused by name', async () => {
    const r = await analyze(file('latin1-declared-utf8.csv', latin1(good.replace('THING 3', 'CAF\u00c9 3'))), ['--encoding', 'utf-8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ENCODING.*windows-1252/);
  });

  it('a day-first file given --date-format dmy, and an ambiguous one given it, read right', async () => {
    const r = await analyze(file('ambiguous-2.csv', `${HEADER}\n${rows(400, (i) => `${1 + (i % 12)}/${1 + ((i * 5) % 12)}/2011 10:00`).join('\n')}\n`), ['--date-format', 'dmy']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).loading.dateFormat).toBe('dmy');
  });
});

describe('European exports', () => {
  const euro = `${HEADER.replaceAll(',', ';')}\n${rows(400).map((l) => l.replaceAll(',', ';').replace(/;(\d+)\.(\d+);/, ';$1,$2;')).join('\n')}\n`;
  it('semicolons and decimal commas read with --decimal-comma give the figures of the same log written with points', async () => {
    const r = await analyze(file('euro.csv', euro), ['--decimal-comma']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ref = JSON.parse((await analyze(file('points.csv', good))).stdout);
    expect(doc.loading.delimiter).toBe(';');
    expect([doc.rows, doc.revenue]).toEqual([ref.rows, ref.revenue]);
  }, 60_000);
  it('--decimal-comma with --delimiter , is a usage error', async () => {
    const r = await analyze(file('euro2.csv', euro), ['--decimal-comma', '--delimiter', ',']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--decimal-comma needs a separator other than ','/)]);
  });
});

describe('workbooks', () => {
  // exceljs is core's optional peer: write the workbook with the copy core reads it with
  const requireFromCore = createRequire(fileURLToPath(import.meta.resolve('@shopper-spectrum/core/package.json')));
  const workbook = async (sheets: [string, string[][]][]) => {
    const ExcelJS = requireFromCore('exceljs') as { Workbook: new () => { addWorksheet(name: string): { addRow(row: unknown[]): void }; xlsx: { writeBuffer(): Promise<ArrayBuffer> } } };
    const wb = new ExcelJS.Workbook();
    for (const [name, data] of sheets) {
      const ws = wb.addWorksheet(name);
      for (const row of data) ws.addRow(row);
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };
  const log = [HEADER.split(','), ...rows(200).map((l) => l.split(','))];

  it('--sheet reads the worksheet named or numbered, and an unknown one is refused with the sheets listed', async () => {
    const path = file('two-sheets.xlsx', await workbook([['Notes', [['exported by the shop'], ['no data here']]], ['Orders', log]]));
    const byName = await analyze(path, ['--sheet', 'Orders']);
    expect(byName.code, byName.stderr).toBe(0);
    const byNumber = await analyze(path, ['--sheet', '2']);
    expect(JSON.parse(byNumber.stdout).rows).toEqual(JSON.parse(byName.stdout).rows);
    expect(JSON.parse(byName.stdout).rows.loaded).toBe(200);
    const first = await analyze(path); // the first sheet is not a log: its header is refused by name
    expect([first.code, first.stderr]).toEqual([4, expect.stringMatching(/MISSING_COLUMNS/)]);
    const unknown = await analyze(path, ['--sheet', 'Sales']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/INVALID_OPTION \[sheet\].*"Notes", "Orders"/)]);
  }, 60_000);
});
