import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTransactionsCsv } from '@shopper-spectrum/core';
import type { LoadResult } from '@shopper-spectrum/core';
import { loadTransactions, loadTransactionsInParallel, PARALLEL_DEFAULTS } from '@shopper-spectrum/core/node';
import type { LoadTransactionsOptions, ParallelLoadResult } from '@shopper-spectrum/core/node';

const dir = mkdtempSync(join(tmpdir(), 'shopper-spectrum-parallel-'));
let files = 0;
const write = (data: string | Uint8Array, name = `f${files++}.csv`) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

/** Small pieces, so that a test file of a few hundred KiB is cut in many places. */
const SMALL: LoadTransactionsOptions = { workers: 2, minBytes: 0, prefixBytes: 1024, chunkBytes: 16 * 1024 };

const strip = ({ parallel: _parallel, ...result }: ParallelLoadResult): LoadResult => result;

/** The one-thread load and the parallel one of the same source, with how the parallel one went. */
async function both(source: string | Uint8Array, options: LoadTransactionsOptions = {}): Promise<{ serial: LoadResult; parallel: ParallelLoadResult }> {
  const serial = await loadTransactions(source, { ...options, workers: 1 });
  const parallel = await loadTransactionsInParallel(source, { ...SMALL, ...options });
  return { serial, parallel };
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
const synthetic = generateTransactionsCsv({ seed: 7, customers: 120, badRowRate: 0.01 });

/** The synthetic log with a problem row every `every` lines (the i-th of `bad`, in turn). */
function withBadRows(text: string, bad: readonly string[], every: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    out.push(l);
    if (i > 0 && i % every === 0) out.push(bad[(i / every) % bad.length]!);
  });
  return out.join('\n');
}

const BAD_ROWS = [
  '536999,85123A,BAD QUANTITY,six,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536999,85123A,BAD DATE,6,2010-13-45 08:26:00,2.55,17850,United Kingdom',
  ',85123A,NO INVOICE,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536999,85123A,TOO FEW FIELDS,6',
  '536999,85123A,"MALFORMED" QUOTES,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536999,85123A,OUT OF RANGE,6,1970-01-01 08:26:00,2.55,17850,United Kingdom',
  '536999,85123A,HUGE,1e300,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536999,85123A,NUL \u0000 BYTE,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '',
  '   ',
  '536999,85123A,"QUOTED, ""ESCAPED"" NAME",6,2010-12-01 08:26:00,"2.55", 17850.0 ,United Kingdom',
];

const realFile = process.env.SHOPPER_SPECTRUM_ONLINE_RETAIL ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || existsSync(realFile);

describe('loadTransactions on several threads', () => {
  it.runIf(mustRun)('reads the real Online Retail file into the same table, issues and summary as one thread', async () => {
    const serial = await loadTransactions(realFile, { workers: 1 });
    const parallel = await loadTransactionsInParallel(realFile, { workers: 2 });
    expect(parallel.parallel).toMatchObject({ workers: 2, fallback: null });
    expect(parallel.parallel.chunks).toBeGreaterThan(4);
    expect(parallel.table.length).toBe(541909);
    // column by column as bytes (a deep toEqual of 541,909-row tables takes half a minute)
    for (const [name, column] of Object.entries(serial.table.columns)) {
      const other = parallel.table.columns[name as keyof typeof serial.table.columns];
      expect(Buffer.from(other.buffer, other.byteOffset, other.byteLength).equals(Buffer.from(column.buffer, column.byteOffset, column.byteLength)), name).toBe(true);
    }
    expect(parallel.table.dictionaries).toEqual(serial.table.dictionaries);
    expect(parallel.table.schema).toEqual(serial.table.schema);
    expect(parallel.issues).toEqual(serial.issues);
    expect(parallel.summary).toEqual(serial.summary);
  }, 120_000);

  it('reads a synthetic log cut into many pieces exactly as one thread does', async () => {
    const { serial, parallel } = await both(write(synthetic));
    expect(parallel.parallel.fallback).toBeNull();
    expect(parallel.parallel.chunks).toBeGreaterThan(10);
    expect(strip(parallel)).toEqual(serial);
  });

  it('reports every problem row with the line and reason one thread gives', async () => {
    const text = withBadRows(synthetic, BAD_ROWS, 97);
    const { serial, parallel } = await both(write(text));
    expect(parallel.parallel.fallback).toBeNull();
    expect(parallel.parallel.deferredRecords).toBeGreaterThan(50);
    expect(serial.issues.length).toBeGreaterThan(50);
    expect(strip(parallel)).toEqual(serial);
  });

  it('keeps the first maxIssues issues and complete counts, as one thread does', async () => {
    const text = withBadRows(synthetic, BAD_ROWS.slice(0, 4), 13);
    const { serial, parallel } = await both(write(text), { maxIssues: 25 });
    expect(serial.summary.issuesTruncated).toBe(true);
    expect(strip(parallel)).toEqual(serial);
  });

  it('reads CRLF line ends, a byte-order mark and a last line without a line break', async () => {
    const text = `\uFEFF${withBadRows(synthetic, BAD_ROWS, 211).replaceAll('\n', '\r\n').replace(/\r\n$/, '')}`;
    const { serial, parallel } = await both(write(text));
    expect(parallel.parallel.fallback).toBeNull();
    expect(serial.summary.encoding).toBe('utf-8');
    expect(strip(parallel)).toEqual(serial);
  });

  it('reads gzip bytes in memory like the file', async () => {
    const bytes = new Uint8Array(gzipSync(withBadRows(synthetic, BAD_ROWS, 101)));
    const { serial, parallel } = await both(bytes);
    expect(parallel.parallel.fallback).toBeNull();
    expect(parallel.summary.format).toBe('csv.gz');
    expect(strip(parallel)).toEqual(serial);
  });

  it('reads slash dates decided only past the start (month first, days up to 12 at first)', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 9000; i++) {
      const day = i < 3000 ? (i % 12) + 1 : (i % 28) + 1;
      rows.push(`${540000 + Math.floor(i / 7)},SKU${i % 50},ITEM ${i % 50},${(i % 9) + 1},12/${day}/2010 8:${String(i % 60).padStart(2, '0')},${(i % 17) + 0.5},${12000 + (i % 80)},United Kingdom`);
    }
    const { serial, parallel } = await both(write(HEADER + rows.join('\n')), { prefixBytes: 4096 });
    expect(serial.summary.dateFormat).toBe('mdy');
    expect(parallel.parallel.fallback).toBeNull();
    expect(parallel.parallel.prefixBytes).toBeGreaterThan(4096);
    expect(strip(parallel)).toEqual(serial);
  });

  it('reads reordered Online Retail II columns, semicolons, decimal commas and day-first dates as one thread does', async () => {
    const rows = ['Customer ID;Price;InvoiceDate;Quantity;StockCode;Invoice;Description'];
    for (let i = 0; i < 12_000; i++) {
      const day = (i % 28) + 1;
      const price = i % 97 === 0 ? '1.000,50' : `${(i % 13) + 1},${String(i % 100).padStart(2, '0')}`;
      rows.push(`${i % 11 === 0 ? '' : 12000 + (i % 300)};${price};${day}/${(i % 12) + 1}/2010 09:${String(i % 60).padStart(2, '0')};${(i % 9) - 1};SKU${i % 400};${480000 + Math.floor(i / 6)};${i % 5 === 0 ? '' : `ITEM ${i % 400}`}`);
    }
    const { serial, parallel } = await both(write(rows.join('\n')), { decimalSeparator: ',' });
    expect(serial.summary.delimiter).toBe(';');
    expect(serial.summary.dateFormat).toBe('dmy');
    expect(serial.issues.length).toBeGreaterThan(100);
    expect(parallel.parallel.fallback).toBeNull();
    expect(strip(parallel)).toEqual(serial);
  });

  it('falls back to one thread, and says so, when a quoted field holds a line break', async () => {
    const lines = synthetic.split('\n');
    lines.splice(3000, 0, '536999,85123A,"TWO\nLINES",6,2010-12-01 08:26:00,2.55,17850,United Kingdom');
    const { serial, parallel } = await both(write(lines.join('\n')));
    expect(parallel.parallel.fallback).toMatch(/quoted field that spans lines/);
    expect(strip(parallel)).toEqual(serial);
    expect([...serial.table.rows()].some((r) => r.description === 'TWO\nLINES')).toBe(true);
  });

  it('falls back to one thread on lone-CR line ends and on bytes that are not UTF-8', async () => {
    const cr = await both(write(synthetic.replace(/\n(?=53[0-9]{4},2)/, '\r')));
    expect(cr.parallel.parallel.fallback).toMatch(/lone CR/);
    expect(strip(cr.parallel)).toEqual(cr.serial);
    const utf8 = Buffer.from(synthetic);
    const latin = Buffer.concat([utf8.subarray(0, 300_000), Buffer.from('536999,85123A,CAF\xe9 MUG,6,2010-12-01 08:26:00,2.55,17850,France\n', 'latin1'), utf8.subarray(300_000)]);
    const mixed = await both(write(new Uint8Array(latin)));
    expect(mixed.parallel.parallel.fallback).toMatch(/not UTF-8/);
    expect(mixed.serial.summary.warnings.map((w) => w.code)).toContain('ENCODING_GUESSED');
    expect(strip(mixed.parallel)).toEqual(mixed.serial);
  });

  it('starts no worker by default, with workers: 1, nor for a text below minBytes', async () => {
    const path = write(synthetic);
    expect(PARALLEL_DEFAULTS.workers).toBe(1);
    expect((await loadTransactionsInParallel(path)).parallel).toMatchObject({ workers: 0, fallback: 'workers: 1' });
    expect((await loadTransactionsInParallel(path, { workers: 1, minBytes: 0 })).parallel).toMatchObject({ workers: 0, fallback: 'workers: 1' });
    const small = await loadTransactionsInParallel(path, { workers: 2 });
    expect(small.parallel.workers).toBe(0);
    expect(PARALLEL_DEFAULTS.minBytes).toBeGreaterThan(synthetic.length);
  });

  it('refuses a workers option that is not a count', async () => {
    await expect(loadTransactions(write(synthetic), { workers: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'workers' });
    await expect(loadTransactions(write(synthetic), { workers: 1.5 })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'workers' });
    await expect(loadTransactions(write(synthetic), { chunkBytes: 10 })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'chunkBytes' });
  });

  it('reports a damaged gzip as one thread does', async () => {
    const gz = gzipSync(synthetic);
    const path = write(gz.subarray(0, gz.length - 40_000), 'cut.csv.gz');
    await expect(loadTransactionsInParallel(path, SMALL)).rejects.toMatchObject({ code: 'CORRUPT_SOURCE' });
  });

  it('reads any generated CSV as one thread does (property)', async () => {
    const cell = {
      invoice: fc.oneof(fc.constantFrom('536365', '536366', 'C536379', '', '"536367"'), fc.integer({ min: 530000, max: 530050 }).map(String)),
      stock: fc.constantFrom('85123A', '71053', '"84406B"', 'POST', '', '"A,B"'),
      description: fc.constantFrom('WHITE METAL LANTERN', '', '"SAY ""HI"""', '"A, B"', 'CAFÉ MUG', '"X" Y'),
      quantity: fc.oneof(fc.integer({ min: -20, max: 50 }).map(String), fc.constantFrom('six', '', '1e3', ' 4 ', '0.5', '1e400')),
      date: fc.constantFrom('2010-12-01 08:26:00', '2011-01-05 10:00', '2011-02-30 10:00', 'N/A', '', '1980-01-01 00:00', '2011-06-01T12:00:00.250'),
      price: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }).map((x) => x.toFixed(2)), fc.constantFrom('-1', '', 'abc', '"2.55"')),
      customer: fc.constantFrom('17850', '17850.0', ' 13047 ', '', '"12583"'),
      country: fc.constantFrom('United Kingdom', 'France', '', '"Korea, Republic of"'),
    };
    const row = fc.oneof(
      { weight: 20, arbitrary: fc.tuple(cell.invoice, cell.stock, cell.description, cell.quantity, cell.date, cell.price, cell.customer, cell.country).map((r) => r.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', '\r', 'a,b', '536365,85123A,x,1,2010-12-01 08:26:00,1,1,UK,extra') },
    );
    const csv = fc.record({ rows: fc.array(row, { minLength: 200, maxLength: 900 }), crlf: fc.boolean(), chunk: fc.integer({ min: 1024, max: 8192 }) });
    await fc.assert(
      fc.asyncProperty(csv, async ({ rows, crlf, chunk }) => {
        // a line starting 2010 keeps the date format decided at the start (as 'auto' does on the first date)
        let text = `${HEADER}536365,85123A,X,1,2010-12-01 08:26:00,1,17850,UK\n${rows.join('\n')}\n`;
        if (crlf) text = text.replaceAll('\n', '\r\n');
        const path = write(text);
        const serial = await loadTransactions(path, { workers: 1 });
        const parallel = await loadTransactionsInParallel(path, { ...SMALL, chunkBytes: chunk, prefixBytes: 1024 });
        expect(strip(parallel)).toEqual(serial);
      }),
      { numRuns: 25, seed: 19 },
    );
  }, 120_000);
});
