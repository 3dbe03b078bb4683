import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topIndices } from '@shopper-spectrum/internal';
import { averagePrecisionAtK } from '@shopper-spectrum/metrics';
import { centred, flattenHoldout, logitScores, meanApOfScores, trialScorer } from './holdoutScoring.js';
import { logit } from './logistic.js';

/** The learned ranker's straightforward mean AP@k, row by row (what the flat path must equal bit for bit). */
function meanApRows(score: (x: Float64Array) => number, holdout: { x: Float64Array[][]; relevant: Int32Array[] }, k: number): number {
  let total = 0;
  holdout.x.forEach((xs, t) => {
    const relevant = holdout.relevant[t]!;
    if (relevant.length === 0) return;
    total += averagePrecisionAtK(topIndices(Float64Array.from(xs, score), k, { floor: -Infinity }), relevant, k);
  });
  return total / holdout.x.length;
}

describe('the flat holdout', () => {
  it('scores and ranks exactly as the row-by-row logit and mean AP (property)', () => {
    const F = 4;
    const row = fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(0, 1)), { minLength: F, maxLength: F }).map((v) => Float64Array.from(v));
    const customer = fc.array(row, { maxLength: 12 }).chain((rows) => fc.tuple(fc.constant(rows), fc.subarray(rows.map((_, i) => i))));
    const vec = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 8 }), vec(F + 1), vec(F), fc.array(fc.double({ min: 0.1, max: 4, noNaN: true }), { minLength: F, maxLength: F }), fc.integer({ min: 1, max: 6 }), (cs, w, mean, scale, k) => {
        const holdout = { x: cs.map(([rows]) => rows), relevant: cs.map(([, hits]) => Int32Array.from(hits)) };
        const model = { mean: Float64Array.from(mean), scale: Float64Array.from(scale), weights: Float64Array.from(w) };
        const flat = flattenHoldout(holdout);
        const scores = logitScores(flat, centred(flat, model.mean), model.weights, model.scale, new Float64Array(flat.start.at(-1)!));
        expect(Object.is(meanApOfScores(flat, scores, k), meanApRows((x) => logit(model, x), holdout, k))).toBe(true);
        let i = 0;
        for (const rows of holdout.x) for (const x of rows) expect(Object.is(scores[i++], logit(model, x))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the trial scorer', () => {
  it('gives the bits of the full logit after any sequence of trials and accepted weights (property)', () => {
    const F = 5;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: F, maxLength: F }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: F + 1, maxLength: F + 1 }),
        fc.array(fc.double({ min: 0.1, max: 4, noNaN: true }), { minLength: F, maxLength: F }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: F }), fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean()), { maxLength: 25 }),
        (rows, w, scale, steps) => {
          const flat = flattenHoldout({ x: [rows.map((r) => Float64Array.from(r))], relevant: [new Int32Array(0)] });
          const mean = Float64Array.from({ length: F }, (_, f) => f / 3);
          const d = centred(flat, mean);
          const weights = Float64Array.from(w);
          const trials = trialScorer(flat, d, weights, scale);
          for (const [feature, value, keep] of steps) {
            const trial = Float64Array.from(weights);
            trial[feature] = value;
            const expected = logitScores(flat, d, trial, scale, new Float64Array(rows.length));
            expect(Buffer.from(trials.trial(feature, value).buffer).equals(Buffer.from(expected.buffer))).toBe(true);
            if (keep) {
              weights[feature] = value;
              trials.accept(feature, value);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
