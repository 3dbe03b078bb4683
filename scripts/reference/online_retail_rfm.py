#!/usr/bin/env python3
"""Independent reference RFM figures for the Online Retail data set (UCI id 352).

Python standard library only (csv, gzip, datetime, math, re, statistics); shares no code with the
TypeScript packages. Pinned in packages/rfm/test/onlineRetailRfm.test.ts.

- Cleaning: the notebook preset (CustomerID present, InvoiceNo not starting with "C",
  Quantity > 0, UnitPrice > 0).
- RFM as the notebooks compute it: snapshot = max(InvoiceDate) + 1 day;
  recency = (snapshot - last purchase).days (datetime.timedelta.days: the floor);
  frequency = number of distinct InvoiceNo; monetary = sum of Quantity * UnitPrice.
- Scores as pandas `pd.qcut(x.rank(method='first'), 5, labels=...)` over customers sorted by
  CustomerID (as `groupby` sorts): rank by value, ties by that order; cut points are numpy's linear
  quantiles of the ranks at np.linspace(0, 1, 6); intervals are right-closed, the first includes its
  lower edge. Recency labels are reversed (5 = most recent).
- Segments: the notebooks' regular-expression map on str(R) + str(F), first match wins.
- Repeat-purchase summary as lifetimes' summary_data_from_transaction_data(freq='D') with
  observation_period_end = max(InvoiceDate).

Usage: python3 scripts/reference/online_retail_rfm.py ../shared/data/online-retail.csv.gz
"""
import csv
import datetime as dt
import gzip
import io
import json
import math
import re
import statistics
import sys

SEG_MAP = {
    r"[1-2][1-2]": "Hibernating",
    r"[1-2][3-4]": "At Risk",
    r"[1-2]5": "Can't Lose Them",
    r"3[1-2]": "About to Sleep",
    r"33": "Need Attention",
    r"[3-4][4-5]": "Loyal Customers",
    r"41": "Promising",
    r"51": "New Customers",
    r"[4-5][2-3]": "Potential Loyalists",
    r"5[4-5]": "Champions",
}


def qcut_rank_first(values, q=5):
    n = len(values)
    order = sorted(range(n), key=lambda i: (values[i], i))  # rank(method='first')
    ranks = [0] * n
    for pos, i in enumerate(order):
        ranks[i] = pos + 1
    step = 1.0 / q
    probs = [0.0 + step * k for k in range(q)] + [1.0]  # np.linspace(0, 1, q + 1)
    sorted_ranks = list(range(1, n + 1))

    def quantile(p):
        h = (n - 1) * p
        lo = math.floor(h)
        if lo + 1 >= n:
            return float(sorted_ranks[lo])
        return sorted_ranks[lo] + (h - lo) * (sorted_ranks[lo + 1] - sorted_ranks[lo])

    edges = [quantile(p) for p in probs]
    out = []
    for r in ranks:
        k = 1
        while k < q and not (r <= edges[k]):
            k += 1
        out.append(k)
    return out


def main(path):
    with gzip.open(path, "rb") as f:
        rows = list(csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline="")))[1:]
    kept = [r for r in rows if r[6] != "" and not r[0].startswith("C") and float(r[3]) > 0 and float(r[5]) > 0]
    parse = lambda s: dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    snapshot = max(parse(r[4]) for r in kept) + dt.timedelta(days=1)
    cust = {}
    for r in kept:
        c = cust.setdefault(r[6], {"last": None, "first": None, "inv": set(), "spend": [], "days": {}})
        t = parse(r[4])
        c["last"] = t if c["last"] is None or t > c["last"] else c["last"]
        c["first"] = t if c["first"] is None or t < c["first"] else c["first"]
        c["inv"].add(r[0])
        v = float(r[3]) * float(r[5])
        c["spend"].append(v)
        c["days"].setdefault(t.date(), []).append(v)
    ids = sorted(cust, key=int)
    R = [(snapshot - cust[i]["last"]).days for i in ids]
    F = [len(cust[i]["inv"]) for i in ids]
    M = [math.fsum(cust[i]["spend"]) for i in ids]
    rs = [6 - k for k in qcut_rank_first(R)]
    fs = qcut_rank_first(F)
    ms = qcut_rank_first(M)
    segments = {}
    seg_of = {}
    for i, r, f in zip(ids, rs, fs):
        code = f"{r}{f}"
        name = next(name for pattern, name in SEG_MAP.items() if re.fullmatch(pattern, code))
        segments[name] = segments.get(name, 0) + 1
        seg_of[i] = name
    end = max(parse(r[4]) for r in kept).date()
    named = {}
    for cid in ["12346", "12347", "14646", "17850", "18287"]:
        k = ids.index(cid)
        c = cust[cid]
        days = sorted(c["days"])
        freq = len(days) - 1
        mv = math.fsum(math.fsum(c["days"][d]) for d in days[1:]) / freq if freq else 0.0
        named[cid] = {
            "recency": R[k], "frequency": F[k], "monetary": round(M[k], 6),
            "code": f"{rs[k]}{fs[k]}{ms[k]}", "segment": seg_of[cid],
            "repeat": {"frequency": freq, "recency": (days[-1] - days[0]).days, "T": (end - days[0]).days, "monetaryValue": round(mv, 6)},
        }
    out = {
        "customers": len(ids),
        "snapshot": snapshot.isoformat(sep=" "),
        "named": named,
        "mean": {"recency": round(statistics.fmean(R), 9), "frequency": round(statistics.fmean(F), 9), "monetary": round(math.fsum(M) / len(M), 6)},
        "median": {"recency": statistics.median(R), "frequency": statistics.median(F), "monetary": round(statistics.median(M), 6)},
        "scoreCounts": {
            "r": [rs.count(s) for s in range(1, 6)],
            "f": [fs.count(s) for s in range(1, 6)],
            "m": [ms.count(s) for s in range(1, 6)],
        },
        "rfGridSegments": segments,
    }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online-retail.csv.gz")
