/**
 * The cleaned transaction table as one binary artifact, so that `serve` can recompute figures for
 * any date range and country without the source file: a 4-byte magic, a 4-byte header length, a
 * JSON header (dictionaries, row count), then the eight columns as little-endian typed arrays,
 * each aligned to 8 bytes. About 44 bytes a row plus the dictionaries.
 */
import { FULL_SCHEMA, TransactionTable } from '@shopper-spectrum/core';
import type { TransactionColumns, TransactionDictionaries, TransactionSchema } from '@shopper-spectrum/core';

const MAGIC = 'SSTB';
const INT_COLUMNS = ['invoice', 'stockCode', 'description', 'customer', 'country'] as const;
const FLOAT_COLUMNS = ['quantity', 'invoiceDate', 'unitPrice'] as const;

const align8 = (n: number) => (n + 7) & ~7;

/** Encodes a table. */
export function encodeTable(table: TransactionTable): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ version: 1, length: table.length, dictionaries: table.dictionaries, schema: table.schema }));
  const n = table.length;
  let size = align8(8 + header.length);
  size += INT_COLUMNS.length * align8(n * 4) + FLOAT_COLUMNS.length * n * 8;
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, 8);
  let offset = align8(8 + header.length);
  for (const name of INT_COLUMNS) {
    out.set(new Uint8Array(table.columns[name].buffer, table.columns[name].byteOffset, n * 4), offset);
    offset += align8(n * 4);
  }
  for (const name of FLOAT_COLUMNS) {
    out.set(new Uint8Array(table.columns[name].buffer, table.columns[name].byteOffset, n * 8), offset);
    offset += n * 8;
  }
  return out;
}

/** Decodes a table written by {@link encodeTable}; checks every code (the constructor does). */
export function decodeTable(bytes: Uint8Array): TransactionTable {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not a shopper-spectrum table file (bad magic)');
  const copy = new Uint8Array(bytes); // own, aligned buffer
  const headerLength = new DataView(copy.buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + headerLength))) as { version: number; length: number; dictionaries: TransactionDictionaries; schema?: TransactionSchema };
  if (header.version !== 1) throw new Error(`unsupported table file version ${header.version}`);
  const n = header.length;
  let offset = align8(8 + headerLength);
  const columns: Record<string, Int32Array | Float64Array> = {};
  for (const name of INT_COLUMNS) {
    columns[name] = new Int32Array(copy.buffer, offset, n);
    offset += align8(n * 4);
  }
  for (const name of FLOAT_COLUMNS) {
    columns[name] = new Float64Array(copy.buffer, offset, n);
    offset += n * 8;
  }
  if (offset !== copy.length) throw new Error(`table file size ${copy.length} does not match its header (${offset})`);
  return new TransactionTable(columns as unknown as TransactionColumns, header.dictionaries, header.schema ?? FULL_SCHEMA);
}
