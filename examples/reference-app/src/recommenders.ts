/**
 * The recommenders the app fits, evaluates and serves, by name, and the evaluation on the temporal
 * split (both seen policies, K = 5 and 10), in the shape `analyze --json` documents.
 */
import { dateExtent } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import type { SplitReport } from '@shopper-spectrum/metrics';
import { fitData, fitRecommender, itemSimilarity, recommenderDefinition, recommenderKinds, registerRecommender, RECOMMENDERS } from '@shopper-spectrum/recommend';
import type { FitData, InteractionMatrix, ItemSimilarity, Recommender, RecommenderDefinition } from '@shopper-spectrum/recommend';
import { pathToFileURL } from 'node:url';
import { isShopperSpectrumError } from '@shopper-spectrum/core';
import { AnalyzeError } from './errors.js';
import { MODEL_NAMES } from './cliConstants.js';

// the names live in the light module the CLI's --help reads without loading the libraries
export { DEFAULT_MODELS, MODEL_NAMES } from './cliConstants.js';
/** A recommender kind: a built-in, or a kind a `--plugin` registered. */
export type ModelName = string;
/** What the dashboard and API serve (fitted on the whole cleaned log), plus any plugin kind asked for. */
export const SERVED_MODELS: readonly ModelName[] = ['item-knn', 'user-knn', 'repeat-purchase', 'tifu-knn'];

/**
 * The app's options per kind, where they differ from the kind's defaults: the notebooks' item cosine
 * keeps every neighbour when evaluated (100 when served, for fast answers), user-kNN 50 neighbours.
 */
function appOptions(name: ModelName, serving: boolean, similarItems: ItemSimilarity | undefined): Record<string, unknown> {
  const shared = similarItems ? { similarItems } : {};
  switch (name) {
    case 'item-knn':
      return { similarity: 'cosine', neighbours: serving ? 100 : Infinity };
    case 'user-knn':
      return { neighbours: 50, ...shared };
    case 'repeat-purchase':
    case 'tifu-knn':
      return shared;
    default:
      return {};
  }
}

/** What each model is, for reports: the registry's description (a plugin's own, too). */
export function describeModel(name: ModelName): string {
  const what = recommenderDefinition(name).description;
  if (name === 'item-knn') return `${what}; cosine, as the notebooks`;
  if (name === 'user-knn') return `${what}; the 50 most similar customers`;
  return what;
}

/** Every kind `--models` accepts now: the built-ins, then what plugins registered. */
export function modelNames(): string[] {
  const builtIn = new Set<string>(Object.keys(RECOMMENDERS));
  return [...MODEL_NAMES, ...recommenderKinds().filter((k) => !builtIn.has(k) && !(MODEL_NAMES as readonly string[]).includes(k))];
}

/**
 * Loads `--plugin` modules: each default-exports a `RecommenderDefinition` (or an array of them),
 * registered so that its kind fits, evaluates, saves, loads and is served like a built-in. Returns
 * the kinds registered. A module that cannot be imported or exports no definition is a coded error.
 */
export async function loadPlugins(paths: readonly string[]): Promise<string[]> {
  const kinds: string[] = [];
  for (const path of paths) {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (error) {
      throw new AnalyzeError('INVALID_PLUGIN', `Cannot load the plugin ${path}: ${(error as Error)?.message ?? String(error)}`, { parameter: '--plugin', value: path, allowed: 'an ES module whose default export is a RecommenderDefinition', cause: error });
    }
    const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const def of exported) {
      if (def === null || typeof def !== 'object' || typeof (def as RecommenderDefinition).kind !== 'string' || typeof (def as RecommenderDefinition).fit !== 'function' || typeof (def as RecommenderDefinition).restore !== 'function') {
        throw new AnalyzeError('INVALID_PLUGIN', `The plugin ${path} does not default-export a recommender definition ({ kind, description, defaults, fit, restore }).`, { parameter: '--plugin', value: path, allowed: 'a module whose default export is a RecommenderDefinition or an array of them' });
      }
      try {
        registerRecommender(def as RecommenderDefinition, { replace: true });
      } catch (error) {
        if (isShopperSpectrumError(error)) throw new AnalyzeError('INVALID_PLUGIN', `The plugin ${path}: ${error.message}`, { parameter: '--plugin', value: path, allowed: error.allowed ?? 'a new kind', cause: error });
        throw error;
      }
      kinds.push((def as RecommenderDefinition).kind);
    }
  }
  return kinds;
}

/** The matrices the models are fitted on (built once each, for every model). */
export interface Matrices {
  readonly data: FitData;
  readonly binary: InteractionMatrix;
  readonly invoices: InteractionMatrix;
}

/** The fit data of a table, with its binary and invoice-count matrices. */
export function matricesOf(table: TransactionTable): Matrices {
  const data = fitData(table);
  return { data, binary: data.interactions({ weight: 'binary' }), invoices: data.interactions({ weight: 'invoices' }) };
}

/**
 * Fits one model by kind, through the registry.
 *
 * @param serving - true for the served models: item cosine keeps its 100 nearest neighbours per
 *   product (fast answers), where the evaluation keeps them all, as the notebooks do
 */
export function fitModel(name: ModelName, m: Matrices, serving = false, similarItems?: ItemSimilarity): Recommender {
  try {
    return fitRecommender(name, m.data, appOptions(name, serving, similarItems));
  } catch (error) {
    // a plugin's own failure is the plugin's, said as such (with its message), not "a bug" of the app
    if (!isShopperSpectrumError(error) && !Object.hasOwn(RECOMMENDERS, name)) {
      throw new AnalyzeError('INVALID_PLUGIN', `The plugin recommender '${name}' failed to fit: ${(error as Error)?.message ?? String(error)}`, { parameter: '--plugin', value: name, allowed: 'a definition whose fit returns a Recommender', cause: error });
    }
    throw error;
  }
}

/**
 * Fits the served models (and the plugin kinds in `extra`); they share one product-product cosine
 * (100 neighbours) for `similarItems`, computed once.
 */
export function fitServed(m: Matrices, extra: readonly ModelName[] = []): Record<string, Recommender> {
  const aligned = m.binary.items.length === m.invoices.items.length && m.binary.items.every((s, j) => m.invoices.items[j] === s);
  const sim = aligned ? itemSimilarity(m.binary, { similarity: 'cosine', neighbours: 100 }) : undefined;
  return Object.fromEntries([...new Set([...SERVED_MODELS, ...extra])].map((name) => [name, fitModel(name, m, true, sim)]));
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
  const m = matricesOf(split.train); // each matrix built once for every model
  const rows: EvaluationRow[] = [];
  const fitSeconds: Record<string, number> = {};
  for (const name of names) {
    onModel?.(name);
    const t = performance.now();
    const model = fitModel(name, m);
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
