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

/**
 * Decodes a table written by {@link encodeTable}; checks the magic, the header and that the size
 * matches it exactly, and every code (the constructor does). The columns are views of `bytes` when
 * it is 8-byte aligned (as a file read whole is), else of a copy, so `bytes` must not be changed
 * afterwards. O(rows) for the code checks.
 *
 * @throws Error naming what does not match (bad magic, a header that is not JSON, a version, a size)
 *
 * @example
 * ```ts
 * decodeTable(encodeTable(table)).length === table.length;
 * // => true
 * ```
 */
export function decodeTable(bytes: Uint8Array): TransactionTable {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not a shopper-spectrum table file (bad magic)');
  const data = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes); // aligned for the typed-array views
  const base = data.byteOffset;
  const headerLength = new DataView(data.buffer, base, data.length).getUint32(4, true);
  if (8 + headerLength > data.length) throw new Error(`table file header length ${headerLength} runs past the end of the file (${data.length} bytes)`);
  let header: { version: number; length: number; dictionaries: TransactionDictionaries; schema?: TransactionSchema };
  try {
    header = JSON.parse(new TextDecoder().decode(data.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new Error(`table file header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || header.version !== 1) throw new Error(`unsupported table file version ${JSON.stringify((header as { version?: unknown } | null)?.version)}`);
  const n = header.length;
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`table file header has a row count that is not one (${JSON.stringify(n)})`);
  const expected = align8(8 + headerLength) + INT_COLUMNS.length * align8(n * 4) + FLOAT_COLUMNS.length * n * 8;
  if (expected !== data.length) throw new Error(`table file size ${data.length} does not match its header (${expected})`);
  let offset = align8(8 + headerLength);
  const columns: Record<string, Int32Array | Float64Array> = {};
  for (const name of INT_COLUMNS) {
    columns[name] = new Int32Array(data.buffer, base + offset, n);
    offset += align8(n * 4);
  }
  for (const name of FLOAT_COLUMNS) {
    columns[name] = new Float64Array(data.buffer, base + offset, n);
    offset += n * 8;
  }
  return new TransactionTable(columns as unknown as TransactionColumns, header.dictionaries, header.schema ?? FULL_SCHEMA);
}
