import { mkdtempSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CoreError, parseTransactionsCsv } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { SAMPLE_CSV } from '../test/fixtures/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'shopper-spectrum-'));
const write = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const expected = [...parseTransactionsCsv(SAMPLE_CSV).table.rows()];

describe('loadTransactions', () => {
  it('loads a CSV file', async () => {
    const { table, summary } = await loadTransactions(write('a.csv', SAMPLE_CSV));
    expect(summary.format).toBe('csv');
    expect([...table.rows()]).toEqual(expected);
  });

  it('loads a gzip file by its bytes, whatever its name says', async () => {
    const { table, summary } = await loadTransactions(write('misnamed.csv', gzipSync(SAMPLE_CSV)));
    expect(summary.format).toBe('csv.gz');
    expect([...table.rows()]).toEqual(expected);
  });

  it('loads bytes in memory and byte streams, plain or gzip', async () => {
    const gz = gzipSync(SAMPLE_CSV);
    expect([...(await loadTransactions(new Uint8Array(gz))).table.rows()]).toEqual(expected);
    expect([...(await loadTransactions(createReadStream(write('s.csv.gz', gz)))).table.rows()]).toEqual(expected);
    const web = new Blob([SAMPLE_CSV]).stream();
    expect([...(await loadTransactions(web)).table.rows()]).toEqual(expected);
  });

  it('loads an XLSX sheet with typed cells through exceljs', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Online Retail');
    sheet.addRow(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
    sheet.addRow([536365, '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, new Date(Date.UTC(2010, 11, 1, 8, 26)), 2.55, 17850, 'United Kingdom']);
    sheet.addRow([536366, '22633', 'HAND WARMER UNION JACK', 'six', new Date(Date.UTC(2010, 11, 1, 8, 28)), 1.85, 17850, 'United Kingdom']);
    sheet.getColumn(5).numFmt = 'yyyy-mm-dd hh:mm';
    const path = join(dir, 'book.xlsx');
    await book.xlsx.writeFile(path);
    const { table, issues, summary } = await loadTransactions(path);
    expect(summary.format).toBe('xlsx');
    expect(table.row(0)).toMatchObject({ invoiceNo: '536365', stockCode: '85123A', quantity: 6, unitPrice: 2.55, customerId: '17850', invoiceDate: Date.UTC(2010, 11, 1, 8, 26) });
    expect(issues).toMatchObject([{ line: 3, field: 'quantity', code: 'INVALID_NUMBER' }]);
    await expect(loadTransactions(path, { sheet: 'Nope' })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'sheet' });
  });

  it('fails with READ_FAILED naming the file when it does not exist', async () => {
    const err = await loadTransactions(join(dir, 'missing.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'READ_FAILED' });
    expect((err as Error).message).toContain('missing.csv');
  });

  it('fails with CORRUPT_SOURCE on a truncated gzip file', async () => {
    const gz = gzipSync(SAMPLE_CSV);
    const err = await loadTransactions(write('cut.csv.gz', gz.subarray(0, gz.length - 12))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CORRUPT_SOURCE' });
  });

  it('rejects an unknown format option', async () => {
    await expect(loadTransactions('x', { format: 'parquet' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION', parameter: 'format' });
  });
});
