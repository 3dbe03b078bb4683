#!/usr/bin/env python3
"""An independent reference for EASE's MAP@5 on the issue-6 protocol, at several cutoffs, with numpy
and pandas only (Debian's /usr/bin/python3), for bench/src/rankerCutoffs.ts and docs/evaluation.md
("The learned ranker on several cutoffs").

Usage: /usr/bin/python3 bench/python/ease_reference.py [online-retail.csv[.gz]] [cutoffs...]
       (default file ../shared/data/online-retail.csv.gz next to the repository; default cutoffs
       2011-07-01 2011-08-01 2011-09-01 2011-10-01 2011-11-01)

What it computes, written from the definitions in docs/evaluation.md, not from the TypeScript:
- cleaning as the Python notebooks (the `notebook` preset): rows with a CustomerID, invoices not
  starting with "C", Quantity > 0 and UnitPrice > 0 (397,884 rows);
- the split: train = rows before the cutoff (00:00), test = rows on or after it; evaluated
  customers bought in both; products = the distinct StockCodes of train;
- EASE (Steck, WWW 2019): X the binary customer x product matrix of every train customer,
  P = inv(X^T X + 500 I), B = -P / diag(P) (column j divided by P_jj), diag(B) = 0; a customer's
  scores are X_u B;
- ranking: products with a positive score, by score, ties to the more popular product (distinct
  train customers), then the smaller StockCode; a list shorter than 5 is filled with the most
  popular products (same tie rule) not yet in it. "new products only" leaves out the customer's
  train products (from the ranking and from the relevant set; customers left with no relevant
  product are skipped); "repeats allowed" keeps them. Products unknown in train still count in
  |relevant|;
- AP@5 = sum over ranks i <= 5 holding a hit of (hits so far / i), divided by min(5, |relevant|);
  MAP@5 its mean over the scored customers.
Also printed: MAP@5 with every product ranked by score alone (np.argsort of the whole score row, the
same tie rule, no positive-score rule), to show the fill rule changes nothing or next to nothing.
Prints one line per cutoff and a JSON line at the end.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd

LAMBDA = 500.0
K = 5

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
path = args[0] if args and not args[0][:4].isdigit() else os.path.join(here, "..", "..", "..", "shared", "data", "online-retail.csv.gz")
cutoffs = [a for a in args if a[:4].isdigit()] or ["2011-07-01", "2011-08-01", "2011-09-01", "2011-10-01", "2011-11-01"]

df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str}, encoding="utf-8")
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
df = df.dropna(subset=["CustomerID"])
df = df[~df["InvoiceNo"].str.startswith("C")]
df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)].copy()
df["CustomerID"] = df["CustomerID"].str.replace(r"\.0$", "", regex=True)
print(f"notebook cleaning: {len(df)} rows")


def average_precision(ranked, relevant):
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:K], 1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / min(K, len(relevant))


def ranking(scores, order_key, by_popularity, seen, exclude, positive_only):
    """The top K product columns: by score (positive only, if asked), ties by order_key, then filled by popularity."""
    allowed = ~seen if exclude else np.ones_like(seen)
    candidates = np.flatnonzero(allowed & (scores > 0)) if positive_only else np.flatnonzero(allowed)
    # lexsort: last key is primary; score descending, then tie key (popularity desc, StockCode asc)
    top = candidates[np.lexsort((order_key[candidates], -scores[candidates]))][:K]
    if len(top) < K:
        filler = [j for j in by_popularity if allowed[j] and j not in set(top)]
        top = np.concatenate([top, np.array(filler[: K - len(top)], dtype=np.int64)])
    return top


results = {}
for cutoff in cutoffs:
    t0 = time.perf_counter()
    cut = pd.Timestamp(cutoff)
    train = df[df["InvoiceDate"] < cut]
    test = df[df["InvoiceDate"] >= cut]
    items = np.sort(train["StockCode"].unique())
    customers = np.sort(train["CustomerID"].unique())
    col = pd.Index(items)
    row = pd.Index(customers)
    pairs = train[["CustomerID", "StockCode"]].drop_duplicates()
    X = np.zeros((len(customers), len(items)))
    X[row.get_indexer(pairs["CustomerID"]), col.get_indexer(pairs["StockCode"])] = 1.0
    popularity = X.sum(axis=0)
    # tie key: ascending sort position = more popular first, then the smaller StockCode (items are sorted)
    order_key = np.lexsort((np.arange(len(items)), -popularity)).argsort()
    by_popularity = np.argsort(order_key)
    G = X.T @ X
    G[np.diag_indices_from(G)] += LAMBDA
    P = np.linalg.inv(G)
    B = -P / np.diag(P)
    B[np.diag_indices_from(B)] = 0.0
    relevant_of = test.groupby("CustomerID")["StockCode"].apply(set)
    evaluated = [c for c in customers if c in relevant_of.index]
    rows = row.get_indexer(evaluated)
    S = X[rows] @ B
    out = {}
    for policy, exclude in (("new products only", True), ("repeats allowed", False)):
        for positive_only in (True, False):
            aps = []
            for n, c in enumerate(evaluated):
                seen = X[rows[n]] > 0
                relevant = relevant_of[c] - set(items[seen]) if exclude else relevant_of[c]
                if not relevant:
                    continue
                top = ranking(S[n], order_key, by_popularity, seen, exclude, positive_only)
                aps.append(average_precision(list(items[top]), relevant))
            out[f"{policy}{'' if positive_only else ', by score alone'}"] = {"map@5": float(np.mean(aps)), "customers": len(aps)}
    results[cutoff] = out
    print(
        f"{cutoff}: {len(items)} products, {len(customers)} train customers, EASE MAP@5 new products {out['new products only']['map@5']:.4f} "
        f"({out['new products only']['customers']} customers; by score alone {out['new products only, by score alone']['map@5']:.4f}), "
        f"repeats allowed {out['repeats allowed']['map@5']:.4f} ({out['repeats allowed']['customers']}; by score alone "
        f"{out['repeats allowed, by score alone']['map@5']:.4f}); {time.perf_counter() - t0:.1f} s"
    )
print(json.dumps(results))
