import { topIndices } from '@shopper-spectrum/internal';
import { dateExtent, MS_PER_DAY } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FitData } from './definition.js';
import { EASE_DEFAULTS, ease } from './ease.js';
import type { InteractionMatrix } from './interactions.js';
import { itemKnn } from './itemKnn.js';
import type { Recommender } from './recommender.js';
import { userKnn } from './userKnn.js';

/**
 * The features of the learned ranker, in order (see `learnedRanker`): the product's popularity
 * overall and in the last 30 and 90 days, its age and days since it last sold, its repeat rate; the
 * customer's own invoices with it, their 30-day-decayed recency and share of their invoices, whether
 * they bought it; the base models' scaled scores (EASE, user-kNN, item-kNN) and reciprocal ranks.
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

/** How the ranker's base models and product windows are set up (fixed: they are its design, not options). */
export const LEARNED_SETUP = Object.freeze({
  /** Recent windows of the popularity features, in days. */
  windows: [30, 90] as const,
  /** The half-life of the customer's recency and of user-kNN's matrix, in days. */
  recencyHalfLifeDays: 30,
  /** Best sellers of the last 30 days added as candidates. */
  trending: 50,
  /** User-kNN's neighbours. */
  userNeighbours: 100,
  /** Item-kNN's neighbours (no self-similarity: bought products are features of their own). */
  itemNeighbours: 200,
  /** Smoothing of the repeat rate: customers who bought it twice / (customers + this). */
  repeatSmoothing: 5,
});

/** The base models a ranker scores with, and the base chosen. */
export type LearnedBase = 'ease' | 'item-knn';

/** Internal: everything the ranker needs at scoring time, from one table. */
export interface LearnedBases {
  readonly binary: InteractionMatrix;
  readonly invoices: InteractionMatrix;
  readonly recent: InteractionMatrix;
  /** Per-product feature columns 0..5 of {@link LEARNED_FEATURES}. */
  readonly item: Float64Array[];
  readonly bases: { readonly ease: Recommender | null; readonly user: Recommender; readonly item: Recommender };
  /** The best sellers of the last 30 days (product columns). */
  readonly trending: number[];
}

/** The per-product features (popularity, recent popularity, age, last sold, repeat rate) and the trending products. */
function itemFeatures(table: TransactionTable, binary: InteractionMatrix, invoices: InteractionMatrix): { item: Float64Array[]; trending: number[] } {
  const n = binary.items.length;
  const { customer, stockCode, invoiceDate } = table.columns;
  const [short, long] = LEARNED_SETUP.windows;
  const last = dateExtent(table, { withCustomer: true })?.last ?? -Infinity;
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
    if (last - d < short * MS_PER_DAY && !seen30.has(key)) (seen30.add(key), pop30[j]!++);
    if (last - d < long * MS_PER_DAY && !seen90.has(key)) (seen90.add(key), pop90[j]!++);
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
    item[5]![j] = again / (binary.popularity[j]! + LEARNED_SETUP.repeatSmoothing);
  }
  const trending = [...pop30.keys()].sort((a, b) => pop30[b]! - pop30[a]! || a - b).slice(0, LEARNED_SETUP.trending);
  return { item, trending };
}

/**
 * Internal: the ranker's matrices, product features and base models, fitted on a table (through
 * its fit data, so matrices already built for other models are reused).
 */
export function fitBases(data: FitData, base: LearnedBase): LearnedBases {
  const table = data.table!;
  const binary = data.interactions({ weight: 'binary' });
  const invoices = data.interactions({ weight: 'invoices' });
  const recent = data.interactions({ weight: 'binary', halfLifeDays: LEARNED_SETUP.recencyHalfLifeDays });
  const { item, trending } = itemFeatures(table, binary, invoices);
  return {
    binary,
    invoices,
    recent,
    item,
    trending,
    bases: {
      ease: base === 'ease' ? ease(binary, { lambda: EASE_DEFAULTS.lambda }) : null,
      user: userKnn(recent, { neighbours: LEARNED_SETUP.userNeighbours }),
      item: itemKnn(binary, { neighbours: LEARNED_SETUP.itemNeighbours, selfSimilarity: false }),
    },
  };
}

/** A base model's scores for a customer, scaled to a maximum of 1 (non-positive scores to 0). */
const scaled = (model: Recommender, id: string): Float64Array => {
  const { scores } = model.scoreAll(id);
  let max = 0;
  for (const v of scores) if (v > max) max = v;
  if (max > 0) for (let j = 0; j < scores.length; j++) scores[j] = scores[j]! > 0 ? scores[j]! / max : 0;
  else scores.fill(0);
  return scores;
};

/** The rank (0 = best) of each of the `top` best-scored products. */
const topRanks = (s: Float64Array, top: number): Map<number, number> => new Map(topIndices(s, top).map((j, r) => [j, r]));

/**
 * Internal: the candidates of one customer row and their feature rows ({@link LEARNED_FEATURES}):
 * the `top` best of EASE and user-kNN, half as many of item-kNN, the trending products, and (with
 * `own`) the customer's own products; without `own`, the customer's products are left out.
 */
export function candidateFeatures(f: LearnedBases, row: number, own: boolean, top: number): { cands: number[]; x: Float64Array[] } {
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
