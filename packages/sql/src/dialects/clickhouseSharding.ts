import type { TransactionTable } from '@shopper-spectrum/core';
import { SqlError } from '../errors.js';
import { rawSql, sql, toStatement } from '../statement.js';
import { CLICKHOUSE_DIALECT } from './clickhouse.js';
import type { ClickHouseEngine } from './clickhouseHttp.js';

const q = (name: string) => rawSql(CLICKHOUSE_DIALECT.quote(name));

/** Options of {@link createShardedTransactions}. */
export interface ShardedTableOptions {
  /** One engine per shard (the cluster's servers, in any order); the tables are created on each. */
  readonly shards: readonly ClickHouseEngine[];
  /** The cluster's name in the servers' `remote_servers` configuration. */
  readonly cluster: string;
  /**
   * The Distributed table's name; each shard's local MergeTree table is this name plus `_local`.
   * @defaultValue `'transactions'`
   */
  readonly table?: string;
  /**
   * The database both tables live in, on every shard.
   * @defaultValue `'default'`
   */
  readonly database?: string;
  /**
   * Drop the tables first when they exist.
   * @defaultValue false
   */
  readonly replace?: boolean;
}

/** What {@link createShardedTransactions} created. */
export interface ShardedTable {
  /** The Distributed table (query this one). */
  readonly table: string;
  /** The local MergeTree table on each shard. */
  readonly localTable: string;
  /** The database. */
  readonly database: string;
  /** The sharding key expression. */
  readonly shardingKey: string;
}

/**
 * The sharding key: the customer, so that every row of a customer (the unit RFM and cancellation
 * matching work on) lives on one shard; an anonymous row goes by its invoice, so that exact
 * duplicates (equal in every field) also share a shard.
 */
export const CLICKHOUSE_SHARDING_KEY = "cityHash64(ifNull(`CustomerID`, concat('invoice:', `InvoiceNo`)))";

/**
 * Creates, on every shard, a local MergeTree table of transactions and a `Distributed` table over
 * the cluster's local tables, sharded by {@link CLICKHOUSE_SHARDING_KEY}. The columns carry Online
 * Retail's names plus `Row`, the row's position in the source (it breaks ties as the in-process
 * functions do, by first appearance): `Row UInt64, InvoiceNo String, StockCode String, Description
 * Nullable(String), Quantity Float64, InvoiceDate DateTime, UnitPrice Float64, CustomerID
 * Nullable(String), Country Nullable(String)`. 18.16 has no `ON CLUSTER` without ZooKeeper, so each
 * shard gets its own `CREATE`.
 *
 * @param options - the shards, the cluster name, the table name
 * @returns the names
 * @example
 * ```ts
 * await createShardedTransactions({ shards, cluster: 'shopper_spectrum' });
 * // => { table: 'transactions', localTable: 'transactions_local', database: 'default', shardingKey: '...' }
 * ```
 */
export async function createShardedTransactions(options: ShardedTableOptions): Promise<ShardedTable> {
  const table = options.table ?? 'transactions';
  const database = options.database ?? 'default';
  const localTable = `${table}_local`;
  if (!Array.isArray(options.shards) || options.shards.length === 0) {
    throw new SqlError('INVALID_OPTION', 'Invalid shards: got none; allowed: one ClickHouse engine per shard.', { engine: 'clickhouse', parameter: 'shards', allowed: 'one engine per shard' });
  }
  for (const shard of options.shards) {
    if (options.replace) {
      await shard.execute(toStatement(CLICKHOUSE_DIALECT, sql`DROP TABLE IF EXISTS ${q(database)}.${q(table)}`));
      await shard.execute(toStatement(CLICKHOUSE_DIALECT, sql`DROP TABLE IF EXISTS ${q(database)}.${q(localTable)}`));
    }
    await shard.execute(
      toStatement(
        CLICKHOUSE_DIALECT,
        sql`CREATE TABLE IF NOT EXISTS ${q(database)}.${q(localTable)} (\`Row\` UInt64, \`InvoiceNo\` String, \`StockCode\` String, \`Description\` Nullable(String), \`Quantity\` Float64, \`InvoiceDate\` DateTime, \`UnitPrice\` Float64, \`CustomerID\` Nullable(String), \`Country\` Nullable(String)) ENGINE = MergeTree() ORDER BY \`Row\``,
      ),
    );
    await shard.execute(
      toStatement(
        CLICKHOUSE_DIALECT,
        sql`CREATE TABLE IF NOT EXISTS ${q(database)}.${q(table)} AS ${q(database)}.${q(localTable)} ENGINE = Distributed(${q(options.cluster)}, ${q(database)}, ${q(localTable)}, ${rawSql(CLICKHOUSE_SHARDING_KEY)})`,
      ),
    );
  }
  return { table, localTable, database, shardingKey: CLICKHOUSE_SHARDING_KEY };
}

/** Options of {@link insertTransactions}. */
export interface InsertTransactionsOptions {
  /**
   * Rows per insert request.
   * @defaultValue 50000
   */
  readonly batchRows?: number;
  /**
   * The value of `Row` for the table's first row (`Row` is the source position, so a second file
   * appended after a first starts at the first one's length).
   * @defaultValue 0
   */
  readonly firstRow?: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function dateTimeText(ms: number, row: number): string {
  if (!(Number.isFinite(ms) && ms % 1000 === 0 && ms >= 0 && ms < 4294967296000)) {
    throw new SqlError('WRONG_TYPE', `Row ${row}: InvoiceDate ${ms} ms is not a whole second between 1970 and 2106, which ClickHouse's DateTime cannot hold.`, { engine: 'clickhouse', column: 'InvoiceDate', value: ms, allowed: 'whole seconds from 1970 to 2106' });
  }
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Inserts a transaction table into a ClickHouse table of {@link createShardedTransactions}' columns
 * (through the Distributed table, the server routes each row to its shard; sent with
 * `insert_distributed_sync = 1`, so the rows are on the shards when it returns). The values travel
 * as `JSONEachRow` data, never as SQL. O(n), in batches.
 *
 * @param engine - a shard's engine
 * @param table - the table to insert into (the Distributed table)
 * @param transactions - the rows
 * @param options - batch size, first `Row`
 * @returns the rows inserted
 * @throws {@link @shopper-spectrum/sql!SqlError} `WRONG_TYPE` for a time that is not a whole second in DateTime's range
 * @example
 * ```ts
 * await insertTransactions(ch, 'transactions', table);
 * // => 541909
 * ```
 */
export async function insertTransactions(engine: ClickHouseEngine, table: string, transactions: TransactionTable, options: InsertTransactionsOptions = {}): Promise<number> {
  const batch = options.batchRows ?? 50_000;
  const first = options.firstRow ?? 0;
  if (!(Number.isInteger(batch) && batch > 0)) throw new SqlError('INVALID_OPTION', `Invalid batchRows: got ${batch}; allowed: a positive integer.`, { engine: 'clickhouse', parameter: 'batchRows', value: batch, allowed: 'a positive integer' });
  const c = transactions.columns;
  const d = transactions.dictionaries;
  for (let from = 0; from < transactions.length; from += batch) {
    const to = Math.min(transactions.length, from + batch);
    const rows = [];
    for (let i = from; i < to; i++) {
      rows.push({
        Row: first + i,
        InvoiceNo: d.invoice[c.invoice[i]!]!,
        StockCode: d.stockCode[c.stockCode[i]!]!,
        Description: c.description[i]! < 0 ? null : d.description[c.description[i]!]!,
        Quantity: c.quantity[i]!,
        InvoiceDate: dateTimeText(c.invoiceDate[i]!, i),
        UnitPrice: c.unitPrice[i]!,
        CustomerID: c.customer[i]! < 0 ? null : d.customer[c.customer[i]!]!,
        Country: c.country[i]! < 0 ? null : d.country[c.country[i]!]!,
      });
    }
    await engine.insert(table, rows, { insert_distributed_sync: 1 });
  }
  return transactions.length;
}
