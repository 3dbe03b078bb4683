import type { Dialect } from './dialect.js';

/** A value bound to a statement parameter. Numbers are bound as doubles unless they are whole and the dialect types them. */
export type SqlValue = string | number | boolean | null;

/**
 * A finished statement for one dialect: the text with the dialect's placeholders (`$1` in DuckDB
 * and PostgreSQL, `{p1:String}` in ClickHouse) and the values bound to them, in order.
 */
export interface SqlStatement {
  /** The SQL text. */
  readonly text: string;
  /** The bound values; `params[k]` is placeholder `k + 1`. */
  readonly params: readonly SqlValue[];
}

/**
 * A piece of SQL not yet bound to placeholder numbers: text parts with values between them (as a
 * template literal holds them), so pieces nest inside one another and the placeholders are numbered
 * once, when the whole statement is rendered by {@link toStatement}.
 */
export interface SqlFragment {
  /** Text parts; there is one more part than values. */
  readonly parts: readonly string[];
  /** The values between the parts. */
  readonly values: readonly SqlValue[];
}

const FRAGMENT = Symbol.for('shopper-spectrum.sql.fragment');

function isFragment(v: unknown): v is SqlFragment {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[FRAGMENT] === true;
}

function fragment(parts: string[], values: SqlValue[]): SqlFragment {
  const f = { parts, values };
  Object.defineProperty(f, FRAGMENT, { value: true });
  return Object.freeze(f);
}

/**
 * Builds a fragment from a template: `${fragment}` nests a fragment, any other `${value}` becomes a
 * bound parameter (never text). Identifiers go in through `dialect.quote()` wrapped in {@link rawSql}.
 *
 * @example
 * ```ts
 * const where = sql`"Quantity" > ${0}`;
 * toStatement(DUCKDB_DIALECT, sql`SELECT count(*) FROM t WHERE ${where} AND "Country" = ${'France'}`);
 * // => { text: 'SELECT count(*) FROM t WHERE "Quantity" > $1 AND "Country" = $2', params: [0, 'France'] }
 * ```
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | SqlFragment)[]): SqlFragment {
  const parts: string[] = [strings[0]!];
  const out: SqlValue[] = [];
  values.forEach((v, k) => {
    if (isFragment(v)) {
      parts[parts.length - 1] += v.parts[0]!;
      for (let j = 0; j < v.values.length; j++) {
        out.push(v.values[j]!);
        parts.push(v.parts[j + 1]!);
      }
      parts[parts.length - 1] += strings[k + 1]!;
    } else {
      out.push(v as SqlValue);
      parts.push(strings[k + 1]!);
    }
  });
  return fragment(parts, out);
}

/**
 * A fragment of literal SQL text with no parameter: for text the library writes itself (keywords,
 * quoted identifiers, dialect functions), never for a user's value.
 *
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, rawSql('SELECT 1')).text;
 * // => 'SELECT 1'
 * ```
 */
export function rawSql(text: string): SqlFragment {
  return fragment([text], []);
}

/**
 * Joins fragments with a separator (literal text).
 *
 * @example
 * ```ts
 * toStatement(DUCKDB_DIALECT, joinSql([sql`a = ${1}`, sql`b = ${2}`], ' AND ')).text;
 * // => 'a = $1 AND b = $2'
 * ```
 */
export function joinSql(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  if (fragments.length === 0) return rawSql('');
  const strings = [''] as string[] & { raw?: string[] };
  for (let k = 1; k < fragments.length; k++) strings.push(separator);
  strings.push('');
  const t = Object.assign(strings, { raw: strings }) as unknown as TemplateStringsArray;
  return sql(t, ...fragments);
}

/**
 * Numbers the placeholders of a fragment for a dialect: the statement an engine runs. O(length).
 *
 * @param dialect - the dialect whose placeholders to write
 * @param f - the fragment
 * @returns the text and its bound values
 * @example
 * ```ts
 * toStatement(POSTGRES_DIALECT, sql`SELECT ${1}::int + ${2}::int`);
 * // => { text: 'SELECT $1::int + $2::int', params: [1, 2] }
 * ```
 */
export function toStatement(dialect: Dialect, f: SqlFragment): SqlStatement {
  let text = f.parts[0]!;
  for (let k = 0; k < f.values.length; k++) text += dialect.placeholder(k + 1, f.values[k]!) + f.parts[k + 1]!;
  return Object.freeze({ text, params: Object.freeze([...f.values]) });
}
