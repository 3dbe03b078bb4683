import type { SqlEngine } from './engine.js';
import { invalidSqlOption } from './errors.js';
import { rawSql, sql, toStatement } from './statement.js';
import type { SqlFragment } from './statement.js';
import type { AggregateRelation } from './aggregate/relation.js';

/** Options of {@link materializeRelation}. */
export interface MaterializeOptions {
  /**
   * The temporary table's name: letters, digits and underscores, starting with a letter or `_`, at
   * most 63 characters (PostgreSQL's limit).
   * @defaultValue `'shopper_spectrum_<n>'`, a new number per call in this process
   */
  readonly name?: string;
}

/** A relation computed once into a temporary table, and how to drop it. */
export interface MaterializedRelation extends AggregateRelation {
  /** The temporary table's name. */
  readonly name: string;
  /** Rows in it. */
  readonly rows: number;
  /** Drops the table (it also goes when the engine's session closes). */
  drop(): Promise<void>;
}

let counter = 0;

/**
 * Computes a relation once into a temporary table of the engine's session (`CREATE TEMP TABLE ...
 * AS SELECT`), so that several aggregates over it (RFM, top products, trends, interaction cells)
 * read the stored rows instead of each recomputing it: the cleaned relation with its cancellation
 * netting costs more than any aggregate over it. DuckDB and PostgreSQL (which it also ANALYZEs);
 * ClickHouse's sessions have no temporary tables over HTTP, so it is refused there.
 * O(rows of the relation) in the engine.
 *
 * @param engine - a DuckDB or PostgreSQL engine
 * @param relation - the relation's SQL, such as `cleanedRelation(engine.dialect, resolved, options)`
 * @param options - `name`
 * @returns an {@link AggregateRelation} over the table, with its `name`, `rows` and `drop()`
 * @throws {@link SqlError} `INVALID_OPTION` for a bad name or an engine without temporary tables;
 *   the engine's errors (`QUERY_FAILED`, `QUERY_TIMEOUT`, ...) from computing the relation
 * @example
 * ```ts
 * const cleaned = await materializeRelation(engine, cleanedRelation(engine.dialect, resolved, { preset: 'trusted' }));
 * cleaned.rows; (await sqlRfmTable(engine, cleaned)).length;
 * // => 1 1 (the README's five-line log: one line kept, one customer)
 * ```
 */
export async function materializeRelation(engine: SqlEngine, relation: SqlFragment, options: MaterializeOptions = {}): Promise<MaterializedRelation> {
  if (options === null || typeof options !== 'object') invalidSqlOption('options', options, 'an options object { name? }');
  const name = options.name ?? `shopper_spectrum_${++counter}`;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    invalidSqlOption('name', name, 'letters, digits and underscores, starting with a letter or _, at most 63 characters');
  }
  const kind = engine.dialect.name;
  if (kind !== 'duckdb' && kind !== 'postgres') invalidSqlOption('engine', kind, 'a DuckDB or PostgreSQL engine (temporary tables)');
  const table = rawSql(engine.dialect.quote(name));
  await engine.query(toStatement(engine.dialect, sql`CREATE TEMPORARY TABLE ${table} AS SELECT * FROM (${relation}) AS m`));
  if (kind === 'postgres') await engine.query(toStatement(engine.dialect, sql`ANALYZE ${table}`));
  const counted = await engine.query(toStatement(engine.dialect, sql`SELECT count(*) FROM ${table}`));
  const rows = Number(counted.rows[0]?.[0] ?? 0);
  return Object.freeze({
    from: table,
    name,
    rows,
    drop: async () => {
      await engine.query(toStatement(engine.dialect, sql`DROP TABLE IF EXISTS ${table}`));
    },
  });
}
