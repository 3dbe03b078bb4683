#!/usr/bin/python3
"""Reference values for @shopper-spectrum/metrics on shared fixtures, from the reference libraries'
definitions. Writes packages/metrics/test/fixtures/references.json.

How each value was obtained:
- apk_min: Ben Hamner's Metrics `apk` (the common apk; Kaggle), copied as published: sum of
  precision@i at hits (first occurrence only) / min(len(actual), k); 0.0 for empty actual.
- apk_hits: recmetrics `_apk` as published (github.com/statisticianinstilettos/recmetrics,
  recmetrics/metrics.py): sum of precision@i at hits / number of hits; 0 for empty lists.
- ms_*: Microsoft Recommenders python_evaluation (recommenders-team/recommenders) re-implemented per
  user without pandas: precision_at_k = hits / k; recall_at_k = hits / actual; map_at_k = sum of
  (hit number / rank) / min(actual, k); map = the same / actual; ndcg_at_k with binary relevance,
  natural-log discounts, IDCG over min(actual, k) ideal hits.
- sk_ndcg: scikit-learn 1.2.1 sklearn.metrics.ndcg_score(y_true, y_score, k=k) per user, with
  y_true the 0/1 relevance of every catalogue item and y_score decreasing along the ranking (items
  not ranked score below all ranked ones); only for users with at least one relevant item.
Data: 30 users over a catalogue of 40 items, random rankings of 0..15 items (no duplicates) and
random relevant sets of 0..12 items, numpy RandomState(3).

Usage: /usr/bin/python3 scripts/reference/metrics_fixtures.py
"""
import json
import math

import numpy as np
from sklearn.metrics import ndcg_score

rng = np.random.RandomState(3)
N_ITEMS = 40
users = []
for u in range(30):
    ranked = [int(x) for x in rng.permutation(N_ITEMS)[: rng.randint(0, 16)]]
    relevant = sorted(int(x) for x in rng.choice(N_ITEMS, size=rng.randint(0, 13), replace=False))
    users.append({"ranked": ranked, "relevant": relevant})


def apk_min(actual, predicted, k):  # Ben Hamner's Metrics
    if len(predicted) > k:
        predicted = predicted[:k]
    score = 0.0
    num_hits = 0.0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            num_hits += 1.0
            score += num_hits / (i + 1.0)
    if not actual:
        return 0.0
    return score / min(len(actual), k)


def _precision(predicted, actual):  # recmetrics
    prec = [value for value in predicted if value in actual]
    return float(len(prec)) / float(len(predicted))


def apk_hits(actual, predicted, k):  # recmetrics _apk
    if len(predicted) > k:
        predicted = predicted[:k]
    if not predicted or not actual:
        return 0
    score = 0
    true_positives = 0
    for i, p in enumerate(predicted):
        if p in actual and p not in predicted[:i]:
            max_ix = min(i + 1, len(predicted))
            score += _precision(predicted[:max_ix], actual)
            true_positives += 1
    if score == 0:
        return 0
    return score / true_positives


def ms(actual, predicted, k):  # Microsoft Recommenders, per user
    top = predicted[:k]
    hit_ranks = [i + 1 for i, p in enumerate(top) if p in actual]
    hits = len(hit_ranks)
    rr = sum((j + 1) / r for j, r in enumerate(hit_ranks))
    dcg = sum(1 / math.log(1 + r) for r in hit_ranks)
    idcg = sum(1 / math.log(1 + r) for r in range(1, min(len(actual), k) + 1))
    return {
        "precision": hits / k,
        "recall": hits / len(actual),
        "map_at_k": rr / min(len(actual), k),
        "map": rr / len(actual),
        "ndcg": dcg / idcg,
    }


out = {"catalogue": N_ITEMS, "users": users, "byK": {}}
for k in [1, 3, 5, 10]:
    rows = []
    for u in users:
        a, p = u["relevant"], u["ranked"]
        row = {"apk_min": apk_min(a, p, k), "apk_hits": apk_hits(a, p, k)}
        if a:
            row.update({f"ms_{m}": v for m, v in ms(a, p, k).items()})
            y_true = np.zeros((1, N_ITEMS))
            y_true[0, a] = 1
            y_score = np.full((1, N_ITEMS), -1.0)
            for rank, item in enumerate(p):
                y_score[0, item] = len(p) - rank
            row["sk_ndcg"] = float(ndcg_score(y_true, y_score, k=k)) if len(p) >= k else None
        rows.append(row)
    out["byK"][str(k)] = rows
with open("packages/metrics/test/fixtures/references.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("users", len(users), "with relevant", sum(1 for u in users if u["relevant"]))
