import { topIndices } from '@shopper-spectrum/internal';
import { MS_PER_DAY, selectRows } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { ease } from './ease.js';
import { RecommendError } from './errors.js';
import { itemLabel } from './explain.js';
import { buildInteractions } from './interactions.js';
import type { InteractionMatrix } from './interactions.js';
import { itemKnn } from './itemKnn.js';
import { makeRecommender } from './recommender.js';
import type { Recommender } from './recommender.js';
import { userKnn } from './userKnn.js';

/**
 * The features of the learned ranker, in order (see {@link learnedRanker}).
 *
 * @example
 * ```ts
 * LEARNED_FEATURES.length;
 * // => 15
 * ```
 */
export const LEARNED_FEATURES = [
  'popularity',
  'popularity30',
  'popularity90',
  'age',
  'lastSold',
  'repeatRate',
  'ownInvoices',
  'ownRecency',
  'ownShare',
  'bought',
  'ease',
  'userKnn',
  'itemKnn',
  'easeRank',
  'userKnnRank',
] as const;

/** Options of {@link learnedRanker}. */
export interface LearnedRankerOptions {
  /**
   * The inner holdout: the ranker's weights are learned by predicting the last `holdoutDays` of the
   * table from what came before (so only the data it is given, never a later test period).
   * @defaultValue `90`
   */
  readonly holdoutDays?: number;
  /**
   * Candidates taken from each base model's top list per customer.
   * @defaultValue `100`
   */
  readonly candidates?: number;
  /**
   * The strongest base model: `'ease'` (EASE, lambda 500; dense, about 20 s per fit on 3,500
   * products, two fits) or `'item-knn'` (item cosine only; fast, for large catalogues).
   * @defaultValue `'ease'` up to 6,000 products, else `'item-knn'`
   */
  readonly base?: 'ease' | 'item-knn';
  /**
   * Refinement rounds of coordinate ascent on the holdout's MAP@5 after the logistic fit (0 keeps
   * the logistic weights).
   * @defaultValue `2`
   */
  readonly rounds?: number;
}

/** Per-customer, per-candidate feature rows. */
interface FeatureSet {
  readonly rows: number[]; // customer row per block
  readonly cands: number[][];
  readonly x: Float64Array[][];
}

/** Everything the ranker needs at scoring time, from one table. */
interface Fitted {
  readonly binary: InteractionMatrix;
  readonly invoices: InteractionMatrix;
  readonly recent: InteractionMatrix;
  readonly item: Float64Array[]; // per item feature columns 0..5
  readonly bases: { ease: Recommender | null; user: Recommender; item: Recommender };
  readonly trending: number[];
}

function itemFeatures(table: TransactionTable, binary: InteractionMatrix, invoices: InteractionMatrix): { item: Float64Array[]; trending: number[] } {
  const n = binary.items.length;
  const { customer, stockCode, invoiceDate } = table.columns;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0 && invoiceDate[i]! > last) last = invoiceDate[i]!;
  const col = new Int32Array(table.dictionaries.stockCode.length).fill(-1);
  const codeOf = new Map(table.dictionaries.stockCode.map((s, c) => [s, c]));
  binary.items.forEach((s, j) => (col[codeOf.get(s)!] = j));
  const first = new Float64Array(n).fill(Infinity);
  const lastSold = new Float64Array(n).fill(-Infinity);
  const pop30 = new Float64Array(n);
  const pop90 = new Float64Array(n);
  const seen30 = new Set<number>();
  const seen90 = new Set<number>();
  for (let i = 0; i < table.length; i++) {
    const c = customer[i]!;
    const j = col[stockCode[i]!]!;
    if (c < 0 || j < 0) continue;
    const d = invoiceDate[i]!;
    if (d < first[j]!) first[j] = d;
    if (d > lastSold[j]!) lastSold[j] = d;
    const key = c * n + j;
    if (last - d < 30 * MS_PER_DAY && !seen30.has(key)) (seen30.add(key), pop30[j]!++);
    if (last - d < 90 * MS_PER_DAY && !seen90.has(key)) (seen90.add(key), pop90[j]!++);
  }
  const item = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let j = 0; j < n; j++) {
    let again = 0;
    for (let q = invoices.itemIndptr[j]!; q < invoices.itemIndptr[j + 1]!; q++) if (invoices.itemData[q]! >= 2) again++;
    item[0]![j] = Math.log1p(binary.popularity[j]!);
    item[1]![j] = Math.log1p(pop30[j]!);
    item[2]![j] = Math.log1p(pop90[j]!);
    item[3]![j] = Math.log1p((last - first[j]!) / MS_PER_DAY);
    item[4]![j] = Math.log1p((last - lastSold[j]!) / MS_PER_DAY);
    item[5]![j] = again / (binary.popularity[j]! + 5);
  }
  const trending = [...pop30.keys()].sort((a, b) => pop30[b]! - pop30[a]! || a - b).slice(0, 50);
  return { item, trending };
}

function fitBases(table: TransactionTable, base: 'ease' | 'item-knn'): Fitted {
  const binary = buildInteractions(table);
  const invoices = buildInteractions(table, { weight: 'invoices' });
  const recent = buildInteractions(table, { halfLifeDays: 30 });
  const { item, trending } = itemFeatures(table, binary, invoices);
  return {
    binary,
    invoices,
    recent,
    item,
    trending,
    bases: { ease: base === 'ease' ? ease(binary, { lambda: 500 }) : null, user: userKnn(recent, { neighbours: 100 }), item: itemKnn(binary, { neighbours: 200, selfSimilarity: false }) },
  };
}

const scaled = (model: Recommender, id: string): Float64Array => {
  const { scores } = model.scoreAll(id);
  let max = 0;
  for (const v of scores) if (v > max) max = v;
  if (max > 0) for (let j = 0; j < scores.length; j++) scores[j] = scores[j]! > 0 ? scores[j]! / max : 0;
  else scores.fill(0);
  return scores;
};
const topRanks = (s: Float64Array, top: number): Map<number, number> => new Map(topIndices(s, top).map((j, r) => [j, r]));

/** Candidates and their features for one customer row; `own` decides whether bought items are candidates. */
function features(f: Fitted, row: number, own: boolean, top: number): { cands: number[]; x: Float64Array[] } {
  const id = f.binary.customers[row]!;
  const mine = new Map<number, [number, number]>();
  let most = 0;
  for (let p = f.invoices.indptr[row]!; p < f.invoices.indptr[row + 1]!; p++) {
    mine.set(f.invoices.indices[p]!, [f.invoices.data[p]!, 0]);
    most = Math.max(most, f.invoices.data[p]!);
  }
  for (let p = f.recent.indptr[row]!; p < f.recent.indptr[row + 1]!; p++) mine.get(f.recent.indices[p]!)![1] = f.recent.data[p]!;
  const se = f.bases.ease ? scaled(f.bases.ease, id) : null;
  const su = scaled(f.bases.user, id);
  const si = scaled(f.bases.item, id);
  const re = se ? topRanks(se, top) : new Map<number, number>();
  const ru = topRanks(su, top);
  const set = new Set<number>([...re.keys(), ...ru.keys(), ...topRanks(si, top >> 1).keys(), ...f.trending]);
  if (own) for (const j of mine.keys()) set.add(j);
  else for (const j of mine.keys()) set.delete(j);
  const cands = [...set].sort((a, b) => a - b);
  const x = cands.map((j) => {
    const o = mine.get(j);
    return Float64Array.of(
      f.item[0]![j]!,
      f.item[1]![j]!,
      f.item[2]![j]!,
      f.item[3]![j]!,
      f.item[4]![j]!,
      f.item[5]![j]!,
      o ? Math.log1p(o[0]) : 0,
      o ? o[1] : 0,
      o ? o[0] / most : 0,
      o ? 1 : 0,
      se ? se[j]! : 0,
      su[j]!,
      si[j]!,
      re.has(j) ? 1 / (1 + re.get(j)!) : 0,
      ru.has(j) ? 1 / (1 + ru.get(j)!) : 0,
    );
  });
  return { cands, x };
}

/** A linear scorer on standardised features. */
interface Weights {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly w: Float64Array; // intercept first
}
const linear = (m: Weights, x: Float64Array) => {
  let s = m.w[0]!;
  for (let f = 0; f < x.length; f++) s += (m.w[f + 1]! * (x[f]! - m.mean[f]!)) / m.scale[f]!;
  return s;
};

/** L2-regularised logistic regression by Newton's method (a dozen features: a tiny dense system). */
function logistic(X: Float64Array[], y: Uint8Array, l2 = 1): Weights {
  const d = X[0]!.length;
  const D = d + 1;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const x of X) for (let f = 0; f < d; f++) mean[f]! += x[f]! / X.length;
  for (const x of X) for (let f = 0; f < d; f++) scale[f]! += (x[f]! - mean[f]!) ** 2 / X.length;
  for (let f = 0; f < d; f++) scale[f] = Math.sqrt(scale[f]!) || 1;
  const w = new Float64Array(D);
  const z = new Float64Array(D);
  for (let it = 0; it < 30; it++) {
    const g = new Float64Array(D);
    const H = new Float64Array(D * D);
    for (let r = 0; r < X.length; r++) {
      z[0] = 1;
      for (let f = 0; f < d; f++) z[f + 1] = (X[r]![f]! - mean[f]!) / scale[f]!;
      let s = 0;
      for (let f = 0; f < D; f++) s += w[f]! * z[f]!;
      const p = 1 / (1 + Math.exp(-s));
      const e = p - y[r]!;
      const h = p * (1 - p);
      for (let a = 0; a < D; a++) {
        g[a]! += e * z[a]!;
        for (let b = 0; b <= a; b++) H[a * D + b]! += h * z[a]! * z[b]!;
      }
    }
    for (let a = 1; a < D; a++) {
      g[a]! += l2 * w[a]!;
      H[a * D + a]! += l2;
    }
    for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) H[b * D + a] = H[a * D + b]!;
    const delta = solve(H, g, D);
    let step = 0;
    for (let a = 0; a < D; a++) {
      w[a]! -= delta[a]!;
      step += Math.abs(delta[a]!);
    }
    if (step < 1e-9) break;
  }
  return { mean, scale, w };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is D x D, row-major; both copied). */
function solve(A0: Float64Array, b0: Float64Array, D: number): Float64Array {
  const A = A0.slice();
  const v = b0.slice();
  for (let c = 0; c < D; c++) {
    let piv = c;
    for (let r = c + 1; r < D; r++) if (Math.abs(A[r * D + c]!) > Math.abs(A[piv * D + c]!)) piv = r;
    for (let k = 0; k < D; k++) [A[c * D + k], A[piv * D + k]] = [A[piv * D + k]!, A[c * D + k]!];
    [v[c], v[piv]] = [v[piv]!, v[c]!];
    for (let r = c + 1; r < D; r++) {
      const m = A[r * D + c]! / A[c * D + c]!;
      for (let k = c; k < D; k++) A[r * D + k]! -= m * A[c * D + k]!;
      v[r]! -= m * v[c]!;
    }
  }
  const x = new Float64Array(D);
  for (let c = D - 1; c >= 0; c--) {
    let s = v[c]!;
    for (let k = c + 1; k < D; k++) s -= A[c * D + k]! * x[k]!;
    x[c] = s / A[c * D + c]!;
  }
  return x;
}

/** Mean AP@5 (normalised by min(5, relevant)) of a weight vector on labelled feature sets. */
function meanAp5(m: Weights, set: FeatureSet, labels: Uint8Array[]): number {
  let total = 0;
  set.x.forEach((xs, t) => {
    const lab = labels[t]!;
    let rel = 0;
    for (const v of lab) rel += v;
    if (rel === 0) return;
    const s = xs.map((x) => linear(m, x));
    const order = [...s.keys()].sort((a, b) => s[b]! - s[a]! || a - b).slice(0, 5);
    let hits = 0;
    let ap = 0;
    order.forEach((r, i) => {
      if (lab[r]) ap += ++hits / (i + 1);
    });
    total += ap / Math.min(5, rel);
  });
  return total / set.x.length;
}

/**
 * A learned ranker: candidates from EASE (or item cosine), user-kNN (30-day decay) and recent
 * best-sellers, re-scored by a linear model of 15 features ({@link LEARNED_FEATURES}: popularity
 * overall and in the last 30 and 90 days, the product's age and days since it last sold, its repeat
 * rate, the customer's own invoices / recency / share for it, and the base models' scores and ranks).
 * The weights are learned on the table itself: its last `holdoutDays` are held out, a logistic
 * regression is fitted on the candidates of the customers active in them, then refined by coordinate
 * ascent on their MAP@5; then every base is refitted on the whole table. Two weight sets are learned,
 * one for new products (used by `seen: 'exclude'`) and one for re-orders (`'allow'` and
 * down-weighting). Nothing after the table's last day is ever seen, so evaluating it on a later
 * period is honest.
 *
 * @param table - a cleaned transaction table (with dates: the holdout needs them)
 * @param options - the holdout length, candidates, base model and refinement
 * @returns the recommender (its `matrix` is the binary matrix of the table)
 * @throws {@link RecommendError} `INVALID_OPTION`, `EMPTY_INPUT` when the holdout has no customer
 * seen before it
 * @example
 * ```ts
 * const model = learnedRanker(train); // about 60 s on Online Retail before 2011-09-01 (two EASE fits)
 * model.recommend('12347', 5, { seen: 'exclude' });
 * ```
 */
export function learnedRanker(table: TransactionTable, options: LearnedRankerOptions = {}): Recommender {
  const holdoutDays = options.holdoutDays ?? 90;
  const top = options.candidates ?? 100;
  const rounds = options.rounds ?? 2;
  if (!(holdoutDays > 0)) throw new RecommendError('INVALID_OPTION', 'holdoutDays', holdoutDays, 'a positive number of days');
  if (!Number.isInteger(top) || top < 1) throw new RecommendError('INVALID_OPTION', 'candidates', top, 'a positive integer');
  if (!Number.isInteger(rounds) || rounds < 0) throw new RecommendError('INVALID_OPTION', 'rounds', rounds, 'an integer >= 0');
  if (options.base !== undefined && options.base !== 'ease' && options.base !== 'item-knn') throw new RecommendError('INVALID_OPTION', 'base', options.base, "'ease' or 'item-knn'");
  const { customer, invoiceDate } = table.columns;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0 && invoiceDate[i]! > last) last = invoiceDate[i]!;
  if (last === -Infinity) throw new RecommendError('EMPTY_INPUT', 'table', `${table.length} rows, none with a customer`, 'rows with customer ids');
  const cut = Math.floor((last - holdoutDays * MS_PER_DAY) / MS_PER_DAY) * MS_PER_DAY;
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0) (invoiceDate[i]! < cut ? before : after).push(i);
  if (before.length === 0) throw new RecommendError('EMPTY_INPUT', 'table', `nothing before the ${holdoutDays}-day holdout`, 'a table longer than holdoutDays');
  const inner = selectRows(table, before);
  const nDistinct = new Set(binaryItems(table)).size;
  const base = options.base ?? (nDistinct <= 6000 ? 'ease' : 'item-knn');
  const fInner = fitBases(inner, base);
  // holdout labels: products bought after the cut by customers known before it
  const future = new Map<number, Set<number>>();
  for (const i of after) {
    const row = fInner.binary.customerIndex.get(table.dictionaries.customer[customer[i]!]!);
    const col = fInner.binary.itemIndex.get(table.dictionaries.stockCode[table.columns.stockCode[i]!]!);
    if (row === undefined) continue;
    if (!future.has(row)) future.set(row, new Set());
    if (col !== undefined) future.get(row)!.add(col);
  }
  if (future.size === 0) throw new RecommendError('EMPTY_INPUT', 'table', `no customer buys both before and in the last ${holdoutDays} days`, 'customers active on both sides of the holdout');
  const learn = (own: boolean): Weights => {
    const set: FeatureSet = { rows: [], cands: [], x: [] };
    const labels: Uint8Array[] = [];
    for (const [row, bought] of [...future.entries()].sort((a, b) => a[0] - b[0])) {
      const { cands, x } = features(fInner, row, own, top);
      set.rows.push(row);
      set.cands.push(cands);
      set.x.push(x);
      labels.push(Uint8Array.from(cands, (j) => (bought.has(j) ? 1 : 0)));
    }
    const X = set.x.flat();
    const y = new Uint8Array(X.length);
    let at = 0;
    for (const l of labels) {
      y.set(l, at);
      at += l.length;
    }
    const m = logistic(X, y);
    let best = meanAp5(m, set, labels);
    for (let round = 0; round < rounds; round++) {
      for (let f = 1; f < m.w.length; f++) {
        for (const step of [-0.5, -0.2, 0.2, 0.5]) {
          const w = m.w.slice();
          w[f]! += step;
          const v = meanAp5({ ...m, w }, set, labels);
          if (v > best + 1e-6) {
            best = v;
            m.w.set(w);
          }
        }
      }
    }
    return m;
  };
  const newWeights = learn(false);
  const ownWeights = learn(true);
  return learnedFrom(fitBases(table, base), { holdoutDays, candidates: top, base, rounds }, newWeights, ownWeights);
}

const binaryItems = (table: TransactionTable) => {
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) if (table.columns.customer[i]! >= 0) out.push(table.columns.stockCode[i]!);
  return out;
};

function learnedFrom(f: Fitted, options: Required<LearnedRankerOptions>, newWeights: Weights, ownWeights: Weights): Recommender {
  const matrix = f.binary;
  // 'exclude' is served by the new-product weights; 'allow' and down-weighting by the re-order weights
  const fill = (row: number, out: Float64Array, newOnly: boolean) => {
    const { cands, x } = features(f, row, !newOnly, options.candidates);
    const m = newOnly ? newWeights : ownWeights;
    cands.forEach((j, t) => (out[j] = 1 / (1 + Math.exp(-linear(m, x[t]!)))));
  };
  return makeRecommender(matrix, {
    name: `learned ranker (${options.base} + user-knn, ${options.holdoutDays}-day holdout)`,
    spec: {
      kind: 'learned',
      options,
      state: {
        newWeights: [newWeights.mean, newWeights.scale, newWeights.w],
        ownWeights: [ownWeights.mean, ownWeights.scale, ownWeights.w],
        item: f.item,
        trending: Int32Array.from(f.trending),
        invoices: f.invoices,
        recent: f.recent,
      },
      parts: [...(f.bases.ease ? [{ model: f.bases.ease, weight: 1 }] : []), { model: f.bases.user, weight: 1 }, { model: f.bases.item, weight: 1 }],
    },
    seenDependent: true,
    scoreUser: fill,
    explainUser(row, j) {
      const id = matrix.customers[row]!;
      let bought = 0;
      for (let p = f.invoices.indptr[row]!; p < f.invoices.indptr[row + 1]!; p++) if (f.invoices.indices[p] === j) bought = f.invoices.data[p]!;
      if (bought > 0) return `you ordered it on ${bought} invoice${bought > 1 ? 's' : ''}`;
      const viaBase = f.bases.ease ?? f.bases.item;
      const why = viaBase.explain(id, matrix.items[j]!);
      return f.trending.includes(j) ? `${why}; selling well this month` : why;
    },
    scoreItem(i, out) {
      const { scores } = (f.bases.ease ?? f.bases.item).scoreAll(`\u0000item`, { history: [matrix.items[i]!] });
      out.set(scores);
    },
    explainItem: (i) => `bought with ${itemLabel(matrix, i)}`,
  });
}

/** Rebuilds from a saved state. */
export function restoreLearned(matrix: InteractionMatrix, options: Record<string, unknown>, state: Record<string, unknown>, parts: Recommender[]): Recommender {
  const w = (v: unknown): Weights => {
    const [mean, scale, ww] = v as Float64Array[];
    return { mean: mean!, scale: scale!, w: ww! };
  };
  const o = options as Required<LearnedRankerOptions>;
  const easeModel = o.base === 'ease' ? parts[0]! : null;
  const rest = easeModel ? parts.slice(1) : parts;
  const f: Fitted = {
    binary: matrix,
    invoices: state.invoices as InteractionMatrix,
    recent: state.recent as InteractionMatrix,
    item: state.item as Float64Array[],
    trending: [...(state.trending as Int32Array)],
    bases: { ease: easeModel, user: rest[0]!, item: rest[1]! },
  };
  return learnedFrom(f, o, w(state.newWeights), w(state.ownWeights));
}
