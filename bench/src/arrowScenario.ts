/**
 * The Arrow / Parquet benchmark on the real Online Retail file (541,909 rows), in one process: core's
 * CSV loader against fromParquet (our own file and the file DuckDB writes with COPY ... TO),
 * fromArrow (the exact layout toArrow writes, the same table read through a column mapping, and a
 * foreign table of plain strings, Int64 numbers and microsecond timestamps as DuckDB / pyarrow hand
 * over), toParquet and toArrow. Medians of 3 runs (after the first run of each, which is counted:
 * there is no separate warm-up). Prints a markdown table.
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/arrowScenario.ts [path/to/online-retail.csv.gz]
 */
import { mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';
import { fromArrow, fromParquet, toArrow, toParquet } from '@shopper-spectrum/arrow';
import { Float64, Int64, Table, TimestampMicrosecond, Utf8, makeData, makeVector, vectorFromArray } from 'apache-arrow';

const here = dirname(fileURLToPath(import.meta.url));
const csv = process.argv[2] ?? resolve(here, '../../../shared/data/online-retail.csv.gz');
const RUNS = 3;

async function median(f: () => unknown): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await f();
    runs.push(performance.now() - t0);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(RUNS / 2)]!, runs };
}

/** The table as a foreign Arrow table: plain Utf8 text, Int64 quantity and customer id, Float64 price, microsecond timestamps (what DuckDB and pyarrow give). */
function foreignArrow(table: TransactionTable): Table {
  const n = table.length;
  const c = table.columns;
  const d = table.dictionaries;
  const text = (codes: Int32Array, dict: readonly string[]) => vectorFromArray(Array.from(codes, (k) => (k < 0 ? null : dict[k]!)), new Utf8());
  const quantity = new BigInt64Array(n);
  const micros = new BigInt64Array(n);
  const customers = new BigInt64Array(n);
  const valid = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    quantity[i] = BigInt(c.quantity[i]!);
    micros[i] = BigInt(c.invoiceDate[i]!) * 1000n;
    const k = c.customer[i]!;
    if (k < 0) nulls++;
    else {
      customers[i] = BigInt(d.customer[k]!);
      valid[i >> 3]! |= 1 << (i & 7);
    }
  }
  return new Table({
    InvoiceNo: text(c.invoice, d.invoice),
    StockCode: text(c.stockCode, d.stockCode),
    Description: text(c.description, d.description),
    Quantity: makeVector(makeData({ type: new Int64(), length: n, data: quantity })),
    InvoiceDate: makeVector(makeData({ type: new TimestampMicrosecond(), length: n, data: micros })),
    UnitPrice: makeVector(makeData({ type: new Float64(), length: n, data: c.unitPrice })),
    CustomerID: makeVector(makeData({ type: new Int64(), length: n, data: customers, nullCount: nulls, nullBitmap: valid })),
    Country: text(c.country, d.country),
  });
}

const dir = mkdtempSync(join(tmpdir(), 'arrow-bench-'));
try {
  const rows: [string, { median: number; runs: number[] }][] = [];
  let table!: TransactionTable;
  rows.push(['CSV: loadTransactions (core/node, .csv.gz)', await median(async () => (table = (await loadTransactions(csv)).table))]);
  let ours!: Uint8Array;
  rows.push(['toParquet (Snappy)', await median(() => (ours = toParquet(table)))]);
  rows.push(['fromParquet: our file (bytes)', await median(() => fromParquet(ours))]);
  const duckFile = join(dir, 'duckdb.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const lit = (p: string) => `'${p.replaceAll("'", "''")}'`;
  await connection.run(`COPY (SELECT * FROM read_csv(${lit(csv)}, header = true, types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR'})) TO ${lit(duckFile)} (FORMAT parquet)`);
  connection.closeSync();
  const duck = new Uint8Array(readFileSync(duckFile));
  rows.push(["fromParquet: DuckDB's file (BIGINT, TIMESTAMP us; bytes)", await median(() => fromParquet(duck))]);
  rows.push(["fromParquet: DuckDB's file (fs.openAsBlob)", await median(async () => fromParquet(await openAsBlob(duckFile)))]);
  let arrow!: Table;
  rows.push(['toArrow', await median(() => (arrow = toArrow(table)))]);
  rows.push(['fromArrow: toArrow layout (exact)', await median(() => fromArrow(arrow))]);
  rows.push(['fromArrow: same table through a column mapping (dictionaries)', await median(() => fromArrow(arrow, { columns: { invoiceNo: 'InvoiceNo' } }))]);
  const foreign = foreignArrow(table);
  rows.push(['fromArrow: foreign table (Utf8, Int64, Timestamp us)', await median(() => fromArrow(foreign))]);
  console.log(`Online Retail, ${table.length.toLocaleString('en-GB')} rows; ms, median of ${RUNS} in one process (runs in brackets); Node ${process.version}`);
  console.log('');
  console.log('| step | median ms | runs |');
  console.log('| --- | ---: | --- |');
  for (const [name, r] of rows) console.log(`| ${name} | ${r.median.toFixed(0)} | ${r.runs.map((x) => x.toFixed(0)).join(', ')} |`);
  console.log('');
  console.log(`Parquet sizes: ours ${(ours.byteLength / 1e6).toFixed(2)} MB, DuckDB's ${(duck.byteLength / 1e6).toFixed(2)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
