/**
 * Test helpers for the engine sources: a core TransactionTable written into a DuckDB database file
 * or a PostgreSQL table under the Online Retail column names (quantity as an integer, the date as a
 * timestamp, as a user's table would hold them), and a throwaway PostgreSQL server from
 * .ci/postgres.sh when CI did not start one (SHOPPER_SPECTRUM_PG_URL + PGPASSFILE).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { connectPostgres } from '@shopper-spectrum/sql/postgres';
import type { TransactionTable } from '@shopper-spectrum/core';

/** The Online Retail columns, as DuckDB types. */
const DUCK_COLUMNS = '"InvoiceNo" VARCHAR, "StockCode" VARCHAR, "Description" VARCHAR, "Quantity" INTEGER, "InvoiceDate" TIMESTAMP, "UnitPrice" DOUBLE, "CustomerID" VARCHAR, "Country" VARCHAR';

/** Writes `table` into a new DuckDB database file as `name` (in row order), optionally without some columns. */
export async function writeDuckDbFile(path: string, name: string, table: TransactionTable, without: readonly string[] = []): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run(`CREATE TABLE "${name}" (${DUCK_COLUMNS})`);
  const a = await c.createAppender(name);
  const { invoice, stockCode, description, quantity, invoiceDate, unitPrice, customer, country } = table.columns;
  const d = table.dictionaries;
  for (let i = 0; i < table.length; i++) {
    a.appendVarchar(d.invoice[invoice[i]!]!);
    a.appendVarchar(d.stockCode[stockCode[i]!]!);
    if (description[i]! < 0) a.appendNull();
    else a.appendVarchar(d.description[description[i]!]!);
    a.appendInteger(quantity[i]!);
    a.appendTimestamp(new DuckDBTimestampValue(BigInt(invoiceDate[i]!) * 1000n));
    a.appendDouble(unitPrice[i]!);
    if (customer[i]! < 0) a.appendNull();
    else a.appendVarchar(d.customer[customer[i]!]!);
    if (country[i]! < 0) a.appendNull();
    else a.appendVarchar(d.country[country[i]!]!);
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
  for (const column of without) await c.run(`ALTER TABLE "${name}" DROP COLUMN "${column}"`);
  c.closeSync();
  instance.closeSync();
}

/** Writes `table` into PostgreSQL as `schema.name` (in row order), 50,000 rows a statement through bound arrays. */
export async function writePostgresTable(url: string, schema: string, table_: string, table: TransactionTable): Promise<void> {
  const name = `${schema}"."${table_}`;
  const engine = await connectPostgres({ connectionString: url });
  try {
    await engine.query({ text: `DROP TABLE IF EXISTS "${name}"`, params: [] });
    await engine.query({ params: [], text: `CREATE TABLE "${name}" ("InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" integer, "InvoiceDate" timestamp, "UnitPrice" double precision, "CustomerID" text, "Country" text)` });
    const { invoice, stockCode, description, quantity, invoiceDate, unitPrice, customer, country } = table.columns;
    const d = table.dictionaries;
    const text = (codes: Int32Array, dict: readonly string[], from: number, to: number) => Array.from(codes.subarray(from, to), (c) => (c < 0 ? null : dict[c]!));
    for (let from = 0; from < table.length; from += 50_000) {
      const to = Math.min(table.length, from + 50_000);
      const iso = Array.from(invoiceDate.subarray(from, to), (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
      await engine.query({
        text: `INSERT INTO "${name}" SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::timestamp[], $6::float8[], $7::text[], $8::text[])`,
        params: [
        text(invoice, d.invoice, from, to),
        text(stockCode, d.stockCode, from, to),
        text(description, d.description, from, to),
        Array.from(quantity.subarray(from, to)),
        iso,
        Array.from(unitPrice.subarray(from, to)),
        text(customer, d.customer, from, to),
        text(country, d.country, from, to),
        ] as never,
      });
    }
  } finally {
    await engine.close();
  }
}

/** Runs one statement of the test's own (setup only) on PostgreSQL. */
export async function postgresExec(url: string, text: string): Promise<void> {
  const engine = await connectPostgres({ connectionString: url });
  try {
    await engine.query({ text, params: [] });
  } finally {
    await engine.close();
  }
}

/** A loopback port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** A PostgreSQL server for the tests: CI's (env), or one started here with .ci/postgres.sh. */
export interface TestPostgres {
  /** `postgresql://shopper@127.0.0.1:PORT/shopper_spectrum` (no password: it is in PGPASSFILE). */
  readonly url: string;
  /** The password of the server's user, read from PGPASSFILE (to test that it is never shown). */
  readonly password: string;
  /** Stops the server if this helper started it (and restores PGPASSFILE). */
  stop(): void;
}

const SCRIPT = fileURLToPath(new URL('../../../.ci/postgres.sh', import.meta.url));

/** Uses SHOPPER_SPECTRUM_PG_URL + PGPASSFILE when set, else starts a server with .ci/postgres.sh (its own state file) and sets PGPASSFILE for this process. */
export function startPostgres(): TestPostgres {
  const given = process.env.SHOPPER_SPECTRUM_PG_URL;
  if (given !== undefined && given !== '') {
    return { url: given, password: passwordIn(process.env.PGPASSFILE), stop: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'engine-sources-pg-'));
  const env = { ...process.env, SHOPPER_SPECTRUM_PG_STATE: join(dir, 'state') };
  const printed = execFileSync('bash', [SCRIPT, 'start'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const value = (name: string) => {
    const m = new RegExp(`export ${name}=(\\S+)`).exec(printed);
    if (!m) throw new Error(`.ci/postgres.sh start printed no ${name}`);
    return m[1]!.replace(/^['"]|['"]$/g, '');
  };
  const before = process.env.PGPASSFILE;
  const passfile = value('PGPASSFILE');
  process.env.PGPASSFILE = passfile;
  return {
    url: value('SHOPPER_SPECTRUM_PG_URL'),
    password: passwordIn(passfile),
    stop: () => {
      try {
        execFileSync('bash', [SCRIPT, 'stop'], { env, stdio: 'ignore' });
      } finally {
        if (before === undefined) delete process.env.PGPASSFILE;
        else process.env.PGPASSFILE = before;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The password field of a pgpass file's first line. */
function passwordIn(file: string | undefined): string {
  if (file === undefined) return '';
  const line = readFileSync(file, 'utf8').split('\n')[0] ?? '';
  return line.split(':').slice(4).join(':');
}
