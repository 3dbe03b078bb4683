import { topIndices } from '@shopper-spectrum/internal';
import { averagePrecisionAtK } from '@shopper-spectrum/metrics';

/**
 * Internal: a learned ranker's holdout laid out flat for fast re-scoring (the coordinate ascent
 * scores every candidate hundreds of times): candidate i of customer t is row `start[t] + i` of the
 * row-major feature matrix `x` (`features` columns).
 */
export interface FlatHoldout {
  readonly features: number;
  readonly start: Int32Array;
  readonly x: Float64Array;
  /** Per customer, the positions of the bought candidates, ascending. */
  readonly relevant: readonly Int32Array[];
}

/** Internal: the flat layout of a holdout's feature rows. */
export function flattenHoldout(holdout: { readonly x: readonly (readonly Float64Array[])[]; readonly relevant: readonly Int32Array[] }): FlatHoldout {
  const customers = holdout.x.length;
  const start = new Int32Array(customers + 1);
  let features = 0;
  for (let t = 0; t < customers; t++) {
    start[t + 1] = start[t]! + holdout.x[t]!.length;
    if (holdout.x[t]!.length) features = holdout.x[t]![0]!.length;
  }
  const x = new Float64Array(start[customers]! * features);
  let at = 0;
  for (const rows of holdout.x) for (const row of rows) x.set(row, (at++) * features);
  return { features, start, x, relevant: holdout.relevant };
}

/** Internal: each candidate's features minus `mean` (what a logit standardises), row-major. */
export function centred(h: FlatHoldout, mean: ArrayLike<number>): Float64Array {
  const F = h.features;
  const d = new Float64Array(h.x.length);
  for (let i = 0; i < d.length; i++) d[i] = h.x[i]! - mean[i % F]!;
  return d;
}

/**
 * Internal: the logit of every candidate into `out`, w[0] + sum_f (w[f + 1] * d_f) / scale[f] in
 * the order of f: the same bits as logistic's `logit` on the raw row.
 */
export function logitScores(h: FlatHoldout, d: Float64Array, weights: ArrayLike<number>, scale: ArrayLike<number>, out: Float64Array): Float64Array {
  const F = h.features;
  const n = out.length;
  const w0 = weights[0]!;
  for (let i = 0, o = 0; i < n; i++, o += F) {
    let s = w0;
    for (let f = 0; f < F; f++) s += (weights[f + 1]! * d[o + f]!) / scale[f]!;
    out[i] = s;
  }
  return out;
}

/**
 * Internal: mean AP@k over the holdout's customers of the candidates ranked by `scores` (one per
 * candidate; ties to the smaller position), customers who bought no candidate counting 0.
 */
export function meanApOfScores(h: FlatHoldout, scores: Float64Array, k: number): number {
  const customers = h.start.length - 1;
  let total = 0;
  const scratch = new Int32Array(widest(h));
  for (let t = 0; t < customers; t++) {
    const relevant = h.relevant[t]!;
    if (relevant.length === 0) continue;
    const s = scores.subarray(h.start[t]!, h.start[t + 1]!);
    total += averagePrecisionAtK(topIndices(s, k, { floor: -Infinity, scratch }), relevant, k);
  }
  return total / customers;
}

/** Internal: each customer's AP@k under `scores`, as {@link meanApOfScores} averages them (0 for a customer who bought no candidate). */
export function apEachOfScores(h: FlatHoldout, scores: Float64Array, k: number): Float64Array {
  const customers = h.start.length - 1;
  const out = new Float64Array(customers);
  const scratch = new Int32Array(widest(h));
  for (let t = 0; t < customers; t++) {
    const relevant = h.relevant[t]!;
    if (relevant.length === 0) continue;
    out[t] = averagePrecisionAtK(topIndices(scores.subarray(h.start[t]!, h.start[t + 1]!), k, { floor: -Infinity, scratch }), relevant, k);
  }
  return out;
}

/** The most candidates of one customer. */
function widest(h: FlatHoldout): number {
  let most = 0;
  for (let t = 0; t + 1 < h.start.length; t++) most = Math.max(most, h.start[t + 1]! - h.start[t]!);
  return most;
}

/**
 * Internal: the coordinate ascent's trial scores, cheaply and in the same bits as
 * {@link logitScores}: the terms (w[f + 1] * d_f) / scale[f] of the current weights are kept per
 * feature, and a trial that changes one weight re-adds them in the same order around the one new
 * term (the running sum of the terms before it is kept while the features are visited in order).
 */
export interface TrialScorer {
  /** The scores with weight `feature` (1-based: 0 is the intercept) set to `value`, the others as accepted. */
  trial(feature: number, value: number): Float64Array;
  /** Accepts weight `feature` = `value`. */
  accept(feature: number, value: number): void;
}

/** Internal: a {@link TrialScorer} from the accepted weights. */
export function trialScorer(h: FlatHoldout, d: Float64Array, weights: ArrayLike<number>, scale: ArrayLike<number>): TrialScorer {
  const F = h.features;
  const n = h.start.at(-1)!;
  const term = (f: number, value: number, out: Float64Array) => {
    const sf = scale[f - 1]!;
    for (let i = 0, o = f - 1; i < n; i++, o += F) out[i] = (value * d[o]!) / sf;
    return out;
  };
  const terms = Array.from({ length: F }, (_, g) => term(g + 1, weights[g + 1]!, new Float64Array(n)));
  const w0 = weights[0]!;
  // prefix = w0 + terms[0] + ... + terms[upTo - 1]
  const prefix = new Float64Array(n).fill(w0);
  let upTo = 0;
  const out = new Float64Array(n);
  return {
    trial(feature, value) {
      const g = feature - 1;
      if (upTo > g) {
        prefix.fill(w0);
        upTo = 0;
      }
      for (; upTo < g; upTo++) {
        const t = terms[upTo]!;
        for (let i = 0; i < n; i++) prefix[i]! += t[i]!;
      }
      term(feature, value, out);
      for (let i = 0; i < n; i++) out[i] = prefix[i]! + out[i]!;
      for (let k = g + 1; k < F; k++) {
        const t = terms[k]!;
        for (let i = 0; i < n; i++) out[i]! += t[i]!;
      }
      return out;
    },
    accept(feature, value) {
      term(feature, value, terms[feature - 1]!);
      if (upTo > feature - 1) {
        // the running sum held the old term: start it again
        prefix.fill(w0);
        upTo = 0;
      }
    },
  };
}
