import { describe, expect, it } from 'vitest';
import { cleanTransactions, dateExtent, formatWallClock, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import {
  AVERAGE_DEFAULTS,
  EVALUATE_DEFAULTS,
  evaluate,
  itemsByCustomer,
  LEAVE_LAST_BASKET_OUT_DEFAULTS,
  leaveLastBasketOut,
  METRIC_DEFAULTS,
  METRIC_NAMES,
  MetricsError,
  PAIRED_TEST_DEFAULTS,
  pairedTest,
  RATIO_SPLIT_DEFAULTS,
  ratioSplit,
  scoreRanking,
  scoreUsers,
  TEMPORAL_SPLIT_DEFAULTS,
  temporalSplit,
} from '@shopper-spectrum/metrics';
import type { EvaluationResult } from '@shopper-spectrum/metrics';

const table = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 5, customers: 80, products: 50, days: 150 })).table).table;
const span = dateExtent(table)!;
const cutoff = formatWallClock(span.first + (span.last - span.first) * 0.7);

/** An evaluation without its timings (which differ from run to run). */
const measured = ({ timingMs: _, ...rest }: EvaluationResult) => rest;

describe('metrics defaults objects', () => {
  it('every metrics DEFAULTS object is frozen, down to its arrays', () => {
    for (const d of [AVERAGE_DEFAULTS, EVALUATE_DEFAULTS, LEAVE_LAST_BASKET_OUT_DEFAULTS, METRIC_DEFAULTS, PAIRED_TEST_DEFAULTS, RATIO_SPLIT_DEFAULTS, TEMPORAL_SPLIT_DEFAULTS]) {
      expect(Object.isFrozen(d)).toBe(true);
    }
    expect(Object.isFrozen(EVALUATE_DEFAULTS.k)).toBe(true);
    expect(Object.isFrozen(EVALUATE_DEFAULTS.metrics)).toBe(true);
    expect(Object.isFrozen(EVALUATE_DEFAULTS.metricOptions)).toBe(true);
  });

  it('the DEFAULTS objects hold the documented values, restated here so a change to one is deliberate', () => {
    expect(METRIC_DEFAULTS).toEqual({ duplicates: 'error', emptyRelevant: 'skip', precisionDenominator: 'k', apNormalization: 'min-k-relevant' });
    expect(AVERAGE_DEFAULTS).toEqual({ average: 'macro' });
    expect(EVALUATE_DEFAULTS).toEqual({ k: [5, 10], metrics: METRIC_NAMES, excludeSeen: false, metricOptions: {} });
    expect(TEMPORAL_SPLIT_DEFAULTS).toEqual({ minTrainBaskets: 1 });
    expect(LEAVE_LAST_BASKET_OUT_DEFAULTS).toEqual({ minBaskets: 2 });
    expect(RATIO_SPLIT_DEFAULTS).toEqual({ ratio: 0.8, minBaskets: 2 });
    expect(PAIRED_TEST_DEFAULTS).toEqual({ method: 'bootstrap', iterations: 10_000, seed: 0 });
  });

  it('the ranking metrics without options score as METRIC_DEFAULTS given explicitly does', () => {
    // 4 relevant items for K = 3 (the AP normaliser matters), 2 items recommended (the precision denominator matters)
    const relevant = new Set(['a', 'b', 'c', 'd']);
    const implicit = scoreRanking(['a', 'x'], relevant, 3);
    expect(scoreRanking(['a', 'x'], relevant, 3, { ...METRIC_DEFAULTS })).toEqual(implicit);
    expect(scoreRanking(['a', 'x'], relevant, 3, { precisionDenominator: 'recommended' })).not.toEqual(implicit);
    expect(scoreRanking(['a', 'b', 'c'], relevant, 3, { ...METRIC_DEFAULTS })).toEqual(scoreRanking(['a', 'b', 'c'], relevant, 3));
    expect(scoreRanking(['a', 'b', 'c'], relevant, 3, { apNormalization: 'relevant' })).not.toEqual(scoreRanking(['a', 'b', 'c'], relevant, 3));
    // duplicates: refused either way
    expect(() => scoreRanking(['a', 'a'], relevant, 2)).toThrow(MetricsError);
    expect(() => scoreRanking(['a', 'a'], relevant, 2, { ...METRIC_DEFAULTS })).toThrow(MetricsError);
    // a user with no relevant item: skipped either way
    const rankings = [['a', 'b'], ['c']];
    const sets = [['a'], []];
    expect(scoreUsers(rankings, sets, 2, { ...METRIC_DEFAULTS, ...AVERAGE_DEFAULTS })).toEqual(scoreUsers(rankings, sets, 2));
    expect(scoreUsers(rankings, sets, 2).map.skipped).toBe(1);
    expect(scoreUsers(rankings, sets, 2, { emptyRelevant: 'zero' })).not.toEqual(scoreUsers(rankings, sets, 2));
  });

  it('the splits without options split as their DEFAULTS given explicitly do', () => {
    const temporal = temporalSplit(table, { cutoff });
    expect(temporalSplit(table, { cutoff, ...TEMPORAL_SPLIT_DEFAULTS })).toEqual(temporal);
    expect(temporalSplit(table, { cutoff, minTrainBaskets: 3 }).report).not.toEqual(temporal.report);
    const last = leaveLastBasketOut(table);
    expect(leaveLastBasketOut(table, { ...LEAVE_LAST_BASKET_OUT_DEFAULTS })).toEqual(last);
    expect(leaveLastBasketOut(table, { minBaskets: 4 }).report).not.toEqual(last.report);
    const ratio = ratioSplit(table);
    expect(ratioSplit(table, { ...RATIO_SPLIT_DEFAULTS })).toEqual(ratio);
    expect(ratioSplit(table, { ratio: 0.5 }).report).not.toEqual(ratio.report);
  });

  it('evaluate without options measures what EVALUATE_DEFAULTS given explicitly measures', () => {
    const { train, test } = temporalSplit(table, { cutoff });
    const seen = itemsByCustomer(train);
    // a recommender that re-orders a customer's past items, so excludeSeen matters
    const past = new Map(seen.customerIds.map((c, i) => [c, seen.items[i]!]));
    const rank = (c: string, k: number) => (past.get(c) ?? []).slice(0, k);
    const implicit = evaluate({ train, test, rank });
    expect(implicit.k).toEqual([...EVALUATE_DEFAULTS.k]);
    expect(measured(evaluate({ train, test, rank, ...EVALUATE_DEFAULTS }))).toEqual(measured(implicit));
    expect(measured(evaluate({ train, test, rank, excludeSeen: true }))).not.toEqual(measured(implicit));
  });

  it('pairedTest without options tests as PAIRED_TEST_DEFAULTS given explicitly does', () => {
    const a = Float64Array.from({ length: 40 }, (_, i) => (i % 7) / 10);
    const b = Float64Array.from({ length: 40 }, (_, i) => ((i * 3) % 11) / 10);
    const implicit = pairedTest(a, b);
    expect(pairedTest(a, b, { ...PAIRED_TEST_DEFAULTS })).toEqual(implicit);
    expect(pairedTest(a, b, { seed: PAIRED_TEST_DEFAULTS.seed + 1 })).not.toEqual(implicit);
  });
});
