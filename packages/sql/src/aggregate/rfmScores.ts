import { quantileSorted } from '@shopper-spectrum/internal';
import { RFM_SCORE_DEFAULTS, RfmError } from '@shopper-spectrum/rfm';
import type { DimensionScores, RfmScoreOptions, RfmScores, RfmTable, RfmThresholds, ScoreRange } from '@shopper-spectrum/rfm';
import type { Dialect } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { joinSql, rawSql, sql, toStatement } from '../statement.js';
import type { SqlFragment, SqlStatement } from '../statement.js';
import { intDiv } from './exactSum.js';
import { RFM_COLUMNS, rfmCtes, rfmFromRows, timeOf } from './rfmTable.js';
import type { SqlRfmTableOptions } from './rfmTable.js';
import type { RelationInput } from './relation.js';

/** Options of {@link sqlRfmScores} and {@link rfmScoresStatement}: the RFM table's and the scores'. */
export interface SqlRfmScoreOptions extends SqlRfmTableOptions, RfmScoreOptions {}

/** What {@link sqlRfmScores} returns: the RFM table and its scores, as rfm's `rfmTable` and `rfmScores` give them. */
export interface SqlRfmResult {
  /** One row per customer. */
  readonly table: RfmTable;
  /** The scores, cut in the engine. */
  readonly scores: RfmScores;
}

const DIMENSIONS = ['recency', 'frequency', 'monetary'] as const;
type Dimension = (typeof DIMENSIONS)[number];

interface ResolvedScoring {
  readonly bins: number;
  readonly policy: 'rank-first' | 'shared' | 'thresholds';
  readonly thresholds: RfmThresholds | null;
}

/** rfmScores' checks of bins and ties, with the same codes (internal). */
function resolveScoring(options: RfmScoreOptions): ResolvedScoring {
  const bins = options.bins ?? RFM_SCORE_DEFAULTS.bins;
  if (!Number.isInteger(bins) || bins < 2 || bins > 20) throw new RfmError('INVALID_BINS', 'bins', bins, 'an integer from 2 to 20');
  const ties = options.ties ?? RFM_SCORE_DEFAULTS.ties;
  if (ties === 'rank-first' || ties === 'shared') return { bins, policy: ties, thresholds: null };
  if (ties !== null && typeof ties === 'object') {
    for (const name of DIMENSIONS) {
      const t = ties[name];
      const ok = Array.isArray(t) && t.length === bins - 1 && t.every((x, i) => Number.isFinite(x) && (i === 0 || x > t[i - 1]!));
      if (!ok) throw new RfmError('INVALID_OPTION', `ties.${name}`, t, `${bins - 1} strictly ascending finite numbers (one cut point between each pair of the ${bins} bins)`);
    }
    return { bins, policy: 'thresholds', thresholds: ties };
  }
  throw new RfmError('INVALID_OPTION', 'ties', ties, "'rank-first', 'shared' or { recency, frequency, monetary } cut points");
}

/** The column of a dimension in the `rfm` CTE. */
const VALUE: Record<Dimension, string> = { recency: 'recency', frequency: 'frequency', monetary: 'monetary' };

/**
 * The bin (1..bins, before recency is reversed) of each customer in one dimension, as an expression
 * over `rfm` (plus the CTEs {@link binCtes} adds).
 */
function binExpression(dialect: Dialect, dim: Dimension, s: ResolvedScoring): SqlFragment {
  const v = rawSql(VALUE[dim]);
  const last = s.bins - 1;
  if (s.policy === 'rank-first') {
    // pandas qcut(rank(method='first')): rank r in the first bin k with r <= 1 + (n - 1) k / bins, i.e.
    // bin - 1 = #{k in 1..bins-1 : (n - 1) k < (r - 1) bins} = min(bins - 1, floor(((r - 1) bins - 1) / (n - 1)))
    const rank = sql`row_number() OVER (ORDER BY ${v}, pos)`;
    return sql`(1 + CASE WHEN ${rank} = 1 THEN 0 ELSE least(${rawSql(String(last))}, ${intDiv(dialect, sql`(${rank} - 1) * ${rawSql(String(s.bins))} - 1`, rawSql('NULLIF(customers - 1, 0)'))}) END)`;
  }
  if (s.policy === 'shared') return sql`(1 + (SELECT count(*) FROM ${rawSql(`cuts_${dim}`)} c WHERE c.cut < ${v}))`;
  const cuts = s.thresholds![dim];
  return sql`(1 + ${joinSql(cuts.map((t) => sql`CASE WHEN ${dialect.cast(sql`${t}`, 'double')} < ${v} THEN 1 ELSE 0 END`), ' + ')})`;
}

/**
 * The `shared` policy's cut points per dimension: numpy's linear quantiles of the values at k / bins,
 * k = 1..bins-1, computed in the engine with the same operations as rfm's `quantileSorted`
 * (h = (n - 1) (k / bins), a + (h - floor(h)) (b - a)), so the doubles are the same.
 */
function binCtes(dialect: Dialect, s: ResolvedScoring): SqlFragment {
  if (s.policy !== 'shared') return rawSql('');
  const ks = Array.from({ length: s.bins - 1 }, (_, i) => `(${i + 1})`).join(', ');
  const double = (e: string) => dialect.cast(rawSql(e), 'double');
  const parts = DIMENSIONS.map(
    (dim) => sql`,
${rawSql(`sorted_${dim}`)} AS (SELECT ${rawSql(VALUE[dim])} AS v, row_number() OVER (ORDER BY ${rawSql(VALUE[dim])}) - 1 AS i FROM rfm),
${rawSql(`cuts_${dim}`)} AS (
  SELECT q.k, a.v + (q.h - floor(q.h)) * (COALESCE(b.v, a.v) - a.v) AS cut
  FROM (SELECT k, ${double('n - 1')} * (${double('k')} / ${double(String(s.bins))}) AS h FROM (VALUES ${rawSql(ks)}) AS ks(k) CROSS JOIN (SELECT count(*) AS n FROM rfm) AS cnt) AS q
  JOIN ${rawSql(`sorted_${dim}`)} a ON a.i = floor(q.h)
  LEFT JOIN ${rawSql(`sorted_${dim}`)} b ON b.i = floor(q.h) + 1
)`,
  );
  return joinSql(parts, '');
}

/**
 * The statement behind {@link sqlRfmScores}: the RFM table of {@link rfmTableStatement} plus each
 * customer's bin per dimension, cut in the engine under rfm's tie policies:
 * - `'rank-first'`: `row_number()` over (value, customer order), the rank cut at
 *   `1 + (n - 1) k / bins` in integer arithmetic (pandas `qcut(rank(method='first'))`);
 * - `'shared'`: the value quantiles at k / bins (numpy linear, the same doubles as rfm's
 *   `quantileSorted`), a value's bin `1 + #{cut < value}`;
 * - thresholds: the cut points bound as parameters, the same rule.
 *
 * @param dialect - the engine's dialect
 * @param relation - the (cleaned) rows
 * @param options - `asOf`, `bins`, `ties`
 * @returns the statement
 * @throws rfm's `RfmError` `INVALID_BINS`, `INVALID_OPTION` (as rfmScores), `INVALID_AS_OF`
 * @example
 * ```ts
 * rfmScoresStatement(DUCKDB_DIALECT, tableRelation(DUCKDB_DIALECT, 'cleaned'), { ties: 'rank-first' }).text.includes('row_number() OVER (ORDER BY recency, pos)');
 * // => true
 * ```
 */
export function rfmScoresStatement(dialect: Dialect, relation: RelationInput, options: SqlRfmScoreOptions = {}): SqlStatement {
  const s = resolveScoring(options);
  const asOf = options.asOf === undefined ? undefined : timeOf(options.asOf, 'asOf');
  const bins = DIMENSIONS.map((dim) => sql`${binExpression(dialect, dim, s)} AS ${rawSql(`bin_${dim}`)}`);
  return toStatement(dialect, sql`WITH ${rfmCtes(dialect, relation, asOf)}${binCtes(dialect, s)}
SELECT ${rawSql(RFM_COLUMNS)}, ${joinSql(bins, ', ')} FROM rfm ORDER BY pos`);
}

/**
 * rfm's `rfmTable` and `rfmScores` computed in the engine: the RFM table (as {@link sqlRfmTable}) and
 * each customer's scores cut there under the tie policy (see {@link rfmScoresStatement}), returned as
 * the same {@link RfmScores} (scores, edges, ranges, warnings, `code()`), equal to
 * `rfmScores(rfmTable(rows), options)`: the tests check every policy on Online Retail under each
 * cleaning preset, and on generated logs. One row per customer comes back.
 *
 * @param engine - DuckDB or PostgreSQL
 * @param relation - the (cleaned) rows
 * @param options - `asOf`, `bins` (5), `ties` (`'rank-first'`)
 * @returns the table and the scores
 * @throws rfm's `RfmError` `NO_CUSTOMERS`, `INVALID_AS_OF`, `INVALID_BINS`, `INVALID_OPTION`;
 *   {@link SqlError} from the engine
 * @example
 * ```ts
 * const { table, scores } = await sqlRfmScores(engine, cleaned, { ties: 'rank-first' });
 * scores.code(table.indexOf('12346'));
 * // => '115' (Online Retail, notebook preset)
 * ```
 */
export async function sqlRfmScores(engine: SqlEngine, relation: RelationInput, options: SqlRfmScoreOptions = {}): Promise<SqlRfmResult> {
  const s = resolveScoring(options);
  const result = await engine.query(rfmScoresStatement(engine.dialect, relation, options));
  const table = rfmFromRows(result.rows, options.asOf);
  const n = table.length;
  const binOf = DIMENSIONS.map((_, d) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(result.rows[i]![10 + d]);
    return out;
  });
  return { table, scores: assembleScores(table, binOf as [Uint8Array, Uint8Array, Uint8Array], s) };
}

/** The RfmScores object of rfm's `rfmScores` from the bins the engine cut (internal). */
function assembleScores(table: RfmTable, binOf: readonly [Uint8Array, Uint8Array, Uint8Array], s: ResolvedScoring): RfmScores {
  const n = table.length;
  const { bins, policy } = s;
  const warnings: string[] = [];
  if (n < bins && policy === 'rank-first') warnings.push(`${n} customers for ${bins} bins: some scores are empty.`);
  const dims = DIMENSIONS.map((name, d) => {
    const values = table[name];
    const bin = binOf[d]!;
    const reverse = name === 'recency';
    const scores = new Uint8Array(n);
    for (let i = 0; i < n; i++) scores[i] = reverse ? bins + 1 - bin[i]! : bin[i]!;
    const ranges = describe(values, scores, bins);
    if (policy !== 'rank-first') {
      const empty = ranges.filter((r) => r.count === 0).map((r) => r.score);
      if (empty.length > 0) {
        warnings.push(`${name}: score${empty.length > 1 ? 's' : ''} ${empty.join(', ')} ${empty.length > 1 ? 'are' : 'is'} empty: tied values (or the cut points) leave no customer there.`);
      }
    }
    const edges = policy === 'rank-first' ? rankFirstEdges(values, bin, bins) : policy === 'shared' ? sharedEdges(values, bins) : thresholdEdges(values, s.thresholds![name]);
    return { scores, edges, ranges } satisfies DimensionScores;
  });
  const [rec, freq, mon] = dims as unknown as [DimensionScores, DimensionScores, DimensionScores];
  const total = new Uint8Array(n);
  for (let i = 0; i < n; i++) total[i] = rec.scores[i]! + freq.scores[i]! + mon.scores[i]!;
  const sep = bins > 9 ? '-' : '';
  return {
    length: n,
    customerIds: table.customerIds,
    bins,
    ties: policy,
    r: rec.scores,
    f: freq.scores,
    m: mon.scores,
    total,
    recency: rec,
    frequency: freq,
    monetary: mon,
    warnings,
    code(index: number): string {
      if (!Number.isInteger(index) || index < 0 || index >= n) throw new RfmError('INVALID_ARGUMENT', 'index', index, `an integer from 0 to ${n - 1}`);
      return `${rec.scores[index]}${sep}${freq.scores[index]}${sep}${mon.scores[index]}`;
    },
  };
}

/** rank-first edges: the smallest value, the largest value of bins 1..k for each k, the largest value. */
function rankFirstEdges(values: ArrayLike<number>, bin: Uint8Array, bins: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  const upTo = new Array<number>(bins + 1).fill(-Infinity); // largest value in bin k
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > upTo[bin[i]!]!) upTo[bin[i]!] = v;
  }
  const edges = [lo];
  let running = -Infinity;
  let seenAbove = false;
  for (let k = 1; k < bins; k++) {
    running = Math.max(running, upTo[k]!);
    seenAbove = false;
    for (let j = k + 1; j <= bins; j++) if (upTo[j] !== -Infinity) seenAbove = true;
    edges.push(seenAbove ? running : hi);
  }
  edges.push(hi);
  return edges;
}

function sharedEdges(values: ArrayLike<number>, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  return Array.from({ length: bins + 1 }, (_, k) => quantileSorted(sorted, k / bins));
}

function thresholdEdges(values: ArrayLike<number>, cuts: readonly number[]): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return [Math.min(lo, cuts[0]!), ...cuts, Math.max(hi, cuts.at(-1)!)];
}

function describe(values: ArrayLike<number>, scores: Uint8Array, bins: number): ScoreRange[] {
  const count = new Array<number>(bins).fill(0);
  const min = new Array<number>(bins).fill(Infinity);
  const max = new Array<number>(bins).fill(-Infinity);
  for (let i = 0; i < scores.length; i++) {
    const k = scores[i]! - 1;
    const v = values[i]!;
    count[k]!++;
    if (v < min[k]!) min[k] = v;
    if (v > max[k]!) max[k] = v;
  }
  return count.map((c, k) => ({ score: k + 1, count: c, min: c ? min[k]! : NaN, max: c ? max[k]! : NaN }));
}
