/**
 * The recommenders the app fits, evaluates and serves, by name, and the evaluation on the temporal
 * split (both seen policies, K = 5 and 10), in the shape `analyze --json` documents.
 */
import { dateExtent } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import type { SplitReport } from '@shopper-spectrum/metrics';
import { buildInteractions, contentBased, ease, itemKnn, itemSimilarity, learnedRanker, popularity, repeatPurchase, tifuKnn, userKnn } from '@shopper-spectrum/recommend';
import type { InteractionMatrix, ItemSimilarity, Recommender } from '@shopper-spectrum/recommend';

/** The recommenders `--models` accepts, in report order. */
export const MODEL_NAMES = ['popularity', 'repeat-purchase', 'item-cosine', 'user-cosine', 'tifu-knn', 'content', 'ease', 'learned'] as const;
/** A recommender name. */
export type ModelName = (typeof MODEL_NAMES)[number];
/** Fitted and evaluated unless `--models` says otherwise (EASE and the learned ranker are slow: opt in). */
export const DEFAULT_MODELS: readonly ModelName[] = ['popularity', 'repeat-purchase', 'item-cosine', 'user-cosine', 'tifu-knn', 'content'];
/** What the dashboard and API serve (fitted on the whole cleaned log). */
export const SERVED_MODELS: readonly ModelName[] = ['item-cosine', 'user-cosine', 'repeat-purchase', 'tifu-knn'];

/** What each model is, for reports. */
export const MODEL_DESCRIPTIONS: Readonly<Record<ModelName, string>> = {
  popularity: 'the most popular products (distinct customers)',
  'repeat-purchase': "the customer's own most re-ordered products, then popularity",
  'item-cosine': 'item-based CF: cosine between products over customers (as the notebooks)',
  'user-cosine': 'user-based CF: the 50 most similar customers (cosine)',
  'tifu-knn': "TIFU-kNN: the customer's own invoice shares blended with the 100 most similar customers' (re-orders)",
  content: 'content-based: TF-IDF cosine between product descriptions',
  ease: 'EASE (closed-form linear autoencoder, lambda 500)',
  learned: 'learned ranker over EASE, user/item cosine and recency features',
};

/** The matrices the models are fitted on. */
export interface Matrices {
  readonly binary: InteractionMatrix;
  readonly invoices: InteractionMatrix;
}

/** Builds the binary and invoice-count matrices of a table. */
export function matricesOf(table: TransactionTable): Matrices {
  return { binary: buildInteractions(table, { weight: 'binary' }), invoices: buildInteractions(table, { weight: 'invoices' }) };
}

/**
 * Fits one model by name.
 *
 * @param serving - true for the served models: item cosine keeps its 100 nearest neighbours per
 *   product (fast answers), where the evaluation keeps them all, as the notebooks do
 */
export function fitModel(name: ModelName, table: TransactionTable, m: Matrices, serving = false, similarItems?: ItemSimilarity): Recommender {
  switch (name) {
    case 'popularity':
      return popularity(m.binary);
    case 'repeat-purchase':
      return repeatPurchase(m.invoices, similarItems ? { similarItems } : {});
    case 'item-cosine':
      return itemKnn(m.binary, { similarity: 'cosine', neighbours: serving ? 100 : Infinity });
    case 'user-cosine':
      return userKnn(m.binary, { neighbours: 50, ...(similarItems ? { similarItems } : {}) });
    case 'tifu-knn':
      return tifuKnn(m.invoices, { neighbours: 100, alpha: 0.5, ...(similarItems ? { similarItems } : {}) });
    case 'content':
      return contentBased(m.binary);
    case 'ease':
      return ease(m.binary, { lambda: 500 });
    case 'learned':
      return learnedRanker(table);
  }
}

/**
 * Fits the served models; they share one product-product cosine (100 neighbours) for
 * `similarItems`, computed once.
 */
export function fitServed(table: TransactionTable, m: Matrices): Record<string, Recommender> {
  const aligned = m.binary.items.length === m.invoices.items.length && m.binary.items.every((s, j) => m.invoices.items[j] === s);
  const sim = aligned ? itemSimilarity(m.binary, { similarity: 'cosine', neighbours: 100 }) : undefined;
  return Object.fromEntries(SERVED_MODELS.map((name) => [name, fitModel(name, table, m, true, sim)]));
}

/** One row of the evaluation table, as `analyze --json` prints it. */
export interface EvaluationRow {
  readonly recommender: string;
  readonly policy: 'exclude' | 'allow';
  readonly k: number;
  readonly precision: number;
  readonly recall: number;
  readonly map: number;
  readonly ndcg: number;
  readonly hitRate: number;
  readonly users: number;
}

/** The evaluation stage's result. */
export interface Evaluation {
  readonly cutoff: string;
  readonly protocol: SplitReport | null;
  readonly rows: EvaluationRow[];
  /** Seconds to fit each model on the training part. */
  readonly fitSeconds: Readonly<Record<string, number>>;
  /** Why nothing was evaluated, when nothing was. */
  readonly note?: string;
}

/**
 * Top-10 lists under either policy. A model that is not `seenDependent` (every one but the learned
 * ranker) scores a customer the same way under both policies, so one ranking (long enough to survive
 * removing what the customer bought) serves both: the "new products only" list is the "repeats
 * allowed" list without the bought products, in the same order, ties included. A seen-dependent
 * model is asked once per policy.
 */
function policyRanker(model: Recommender): (customer: string, policy: 'exclude' | 'allow') => string[] {
  if (model.seenDependent) return (c, policy) => model.recommend(c, 10, { seen: policy, explain: false }).map((x) => x.item);
  const m = model.matrix;
  const lists = new Map<string, { allow: string[]; exclude: string[] }>();
  return (c, policy) => {
    let entry = lists.get(c);
    if (!entry) {
      const row = m.customerIndex.get(c);
      const bought = row === undefined ? 0 : m.indptr[row + 1]! - m.indptr[row]!;
      const long = model.recommend(c, Math.min(m.items.length, 10 + bought), { seen: 'allow', explain: false }).map((x) => x.item);
      const allow = long.slice(0, 10);
      const mine = row === undefined ? new Set<string>() : new Set(Array.from(m.indices.subarray(m.indptr[row]!, m.indptr[row + 1]!), (j) => m.items[j]!));
      lists.set(c, (entry = { allow, exclude: long.filter((s) => !mine.has(s)).slice(0, 10) }));
    }
    return entry[policy];
  };
}

/**
 * The default cutoff: the first day of the month three months before the month of the last
 * transaction (2011-09-01 on Online Retail, the issue-6 protocol).
 */
export function defaultCutoff(table: TransactionTable): string {
  const d = new Date(dateExtent(table)?.last ?? 0);
  const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1));
  return month.toISOString().slice(0, 10);
}

/**
 * Evaluates models on the temporal split at `cutoff`: fit on the rows before, rank for every customer
 * who bought in both periods, score top-5 and top-10 against their later purchases, under both seen
 * policies (`exclude`: new products only; `allow`: re-orders count). AP@K normalised by
 * min(K, |relevant|).
 */
export function evaluateModels(table: TransactionTable, names: readonly ModelName[], cutoff: string, onModel?: (name: string) => void): Evaluation {
  const split = temporalSplit(table, { cutoff });
  if (split.report.evaluated === 0) return { cutoff, protocol: split.report, rows: [], fitSeconds: {}, note: `no customer bought both before and after ${cutoff}` };
  const m = matricesOf(split.train);
  const rows: EvaluationRow[] = [];
  const fitSeconds: Record<string, number> = {};
  for (const name of names) {
    onModel?.(name);
    const t = performance.now();
    const model = fitModel(name, split.train, m);
    fitSeconds[name] = (performance.now() - t) / 1000;
    const rank = policyRanker(model);
    for (const policy of ['exclude', 'allow'] as const) {
      const r = evaluate({ train: split.train, test: split.test, k: [5, 10], excludeSeen: policy === 'exclude', rank: (c) => rank(c, policy) });
      for (const k of [5, 10]) {
        rows.push({
          recommender: name,
          policy,
          k,
          precision: r.means[`precision@${k}`]!,
          recall: r.means[`recall@${k}`]!,
          map: r.means[`map@${k}`]!,
          ndcg: r.means[`ndcg@${k}`]!,
          hitRate: r.means[`hit-rate@${k}`]!,
          users: r.evaluated,
        });
      }
    }
  }
  return { cutoff, protocol: split.report, rows, fitSeconds };
}
