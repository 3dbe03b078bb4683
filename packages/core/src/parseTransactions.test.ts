import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CoreError, generateTransactionsCsv, parseTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { SAMPLE_CSV } from '../test/fixtures/sample.js';

const expected = [...parseTransactionsCsv(SAMPLE_CSV).table.rows()];
const bytes = new TextEncoder().encode(SAMPLE_CSV);
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof CoreError ? e.code : `not a CoreError: ${String(e)}`;
  }
  return 'no error';
};
/** A web stream that hands out `data` in chunks of `size` bytes. */
const webStream = (data: Uint8Array, size: number) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < data.length; i += size) c.enqueue(data.slice(i, i + size));
      c.close();
    },
  });

describe('parseTransactions (no Node built-ins)', () => {
  it('reads text, bytes and an ArrayBuffer as the CSV parser does', async () => {
    for (const source of [SAMPLE_CSV, bytes, bytes.slice().buffer]) {
      const { table, summary } = await parseTransactions(source);
      expect(summary.format).toBe('csv');
      expect([...table.rows()]).toEqual(expected);
    }
  });

  it('reads a Blob (a picked File) and a web ReadableStream split mid-character', async () => {
    expect([...(await parseTransactions(new Blob([bytes]))).table.rows()]).toEqual(expected);
    const { table } = await parseTransactions(webStream(bytes, 7));
    expect([...table.rows()]).toEqual(expected);
  });

  it('inflates gzip found by its bytes with DecompressionStream, from a Blob or a stream', async () => {
    const gz = new Uint8Array(gzipSync(SAMPLE_CSV));
    const fromBlob = await parseTransactions(new Blob([gz]));
    expect(fromBlob.summary.format).toBe('csv.gz');
    expect([...fromBlob.table.rows()]).toEqual(expected);
    expect([...(await parseTransactions(webStream(gz, 5))).table.rows()]).toEqual(expected);
  });

  it('gives the same table as parsing the text, on a generated log of thousands of rows', async () => {
    const csv = generateTransactionsCsv({ seed: 3, customers: 300 });
    const a = parseTransactionsCsv(csv);
    const b = await parseTransactions(new Blob([gzipSync(csv)]));
    expect(b.summary.rowsRead).toBe(a.summary.rowsRead);
    expect(b.table.columns.quantity).toEqual(a.table.columns.quantity);
    expect(b.table.dictionaries.stockCode).toEqual(a.table.dictionaries.stockCode);
  });

  it('refuses an XLSX workbook with UNSUPPORTED_FORMAT, naming the Node entry', async () => {
    const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0);
    await expect(parseTransactions(zip)).rejects.toThrow(/core\/node/);
    expect(await codeOf(parseTransactions(zip))).toBe('UNSUPPORTED_FORMAT');
  });

  it('reports corrupt gzip as CORRUPT_SOURCE, not as a crash or an empty table', async () => {
    const gz = new Uint8Array(gzipSync(SAMPLE_CSV));
    expect(await codeOf(parseTransactions(gz.slice(0, gz.length - 30)))).toBe('CORRUPT_SOURCE');
    const garbled = gz.slice();
    for (let i = 20; i < 60; i++) garbled[i] = 0xff;
    expect(await codeOf(parseTransactions(garbled))).toBe('CORRUPT_SOURCE');
  });

  it('refuses what is not a source, and text declared as gzip', async () => {
    expect(await codeOf(parseTransactions(42 as never))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(parseTransactions(SAMPLE_CSV, { format: 'csv.gz' }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(parseTransactions(bytes, { format: 'xml' as never }))).toBe('INVALID_OPTION');
  });

  it('reads an empty source as an EMPTY_INPUT error, as the text parser does', async () => {
    expect(await codeOf(parseTransactions(new Uint8Array(0)))).toBe('EMPTY_INPUT');
  });
});

describe('parseTransactions on awkward streams', () => {
  it('settles with the coded error when the parser refuses a large gzip stream part-way', async () => {
    const { gzipSync: gz } = await import('node:zlib');
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},kettle,red`).join('\n');
    const bytes = new Uint8Array(gz(`name,colour,size\n${rows}\n`));
    expect(await codeOf(parseTransactions(new Blob([bytes])))).toBe('MISSING_COLUMNS');
  }, 30_000);

  it('sniffs gzip even when the stream starts with an empty and a one-byte chunk', async () => {
    const gz = new Uint8Array(gzipSync(SAMPLE_CSV));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(0));
        c.enqueue(gz.slice(0, 1));
        c.enqueue(gz.slice(1, 3));
        c.enqueue(gz.slice(3));
        c.close();
      },
    });
    const { table, summary } = await parseTransactions(stream);
    expect(summary.format).toBe('csv.gz');
    expect([...table.rows()]).toEqual(expected);
  });
});
