/**
 * Conformance with the reference libraries' definitions on a shared fixture written by
 * scripts/reference/metrics_fixtures.py (see it for how each value was obtained: Ben Hamner's apk,
 * recmetrics' _apk, Microsoft Recommenders' precision/recall/map_at_k/map/ndcg per user, and
 * scikit-learn 1.2.1's ndcg_score).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { averagePrecisionAtK, mapAtK, ndcgAtK, precisionAtK, recallAtK } from '@shopper-spectrum/metrics';

const F = JSON.parse(readFileSync(new URL('./fixtures/references.json', import.meta.url), 'utf8'));
const users: { ranked: number[]; relevant: number[] }[] = F.users;
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12);

describe.each([1, 3, 5, 10])('at K = %i', (k) => {
  const rows = F.byK[String(k)];

  it("AP@K with the default normaliser equals the common apk (min(K, |relevant|))", () => {
    users.forEach((u, i) => close(averagePrecisionAtK(u.ranked, u.relevant, k, { emptyRelevant: 'zero' }), rows[i].apk_min));
  });

  it("AP@K normalised by hits equals recmetrics' _apk", () => {
    users.forEach((u, i) => close(averagePrecisionAtK(u.ranked, u.relevant, k, { apNormalization: 'hits', emptyRelevant: 'zero' }), rows[i].apk_hits));
  });

  it('precision, recall, AP (both normalisers) and NDCG equal Microsoft Recommenders per user', () => {
    users.forEach((u, i) => {
      if (u.relevant.length === 0) return;
      const r = rows[i];
      close(precisionAtK(u.ranked, u.relevant, k), r.ms_precision);
      close(recallAtK(u.ranked, u.relevant, k), r.ms_recall);
      close(averagePrecisionAtK(u.ranked, u.relevant, k), r.ms_map_at_k);
      close(averagePrecisionAtK(u.ranked, u.relevant, k, { apNormalization: 'relevant' }), r.ms_map);
      close(ndcgAtK(u.ranked, u.relevant, k), r.ms_ndcg);
    });
  });

  it("NDCG equals scikit-learn's ndcg_score where the ranking has K items", () => {
    let compared = 0;
    users.forEach((u, i) => {
      if (rows[i].sk_ndcg == null) return;
      close(ndcgAtK(u.ranked, u.relevant, k), rows[i].sk_ndcg);
      compared++;
    });
    expect(compared).toBeGreaterThan(5);
  });

  it('MAP@K over users equals the mean of map_at_k over users with relevant items', () => {
    const withRelevant = users.map((u, i) => [u, rows[i]] as const).filter(([u]) => u.relevant.length > 0);
    const expected = withRelevant.reduce((s, [, r]) => s + r.ms_map_at_k, 0) / withRelevant.length;
    close(mapAtK(users.map((u) => u.ranked), users.map((u) => u.relevant), k), expected);
  });
});
