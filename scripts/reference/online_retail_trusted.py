#!/usr/bin/env python3
"""Independent reference figures of the trusted cleaning preset on the Online Retail data set.

Python standard library only, sharing no code with the TypeScript packages: the figures pinned in
packages/core/test/onlineRetail.test.ts ('the trusted preset') are checked against this second
implementation. The rules, written from their definition (packages/core/src/cleanTransactions.ts):

1. missing-customer: no CustomerID.
2. non-positive-quantity: Quantity <= 0, except cancellation lines (InvoiceNo starting with "C"),
   which rule 6 nets.
3. non-positive-price: UnitPrice <= 0.
4. non-product: StockCode POST DOT C2 M m D S "BANK CHARGES" AMAZONFEE CRUK B or gift_0001_*.
5. duplicate: equal in all eight fields to an earlier row still kept (first copy kept).
6. net-cancellations: for each customer and StockCode, rows in time order (at equal times
   purchases before cancellations, then file order); each purchase with a positive quantity joins a
   stack; each cancellation line takes its quantity from the top of the stack (the most recent
   earlier purchase), then the next, never below zero. Cancellation lines are dropped; purchases
   left at 0 are dropped; purchases left above 0 keep that quantity.

Every row is charged to the first rule that drops it. Output: scripts/reference/online_retail_trusted.json.

Usage: python3 scripts/reference/online_retail_trusted.py ../shared/data/online-retail.csv.gz
"""
import csv
import gzip
import io
import json
import math
import re
import sys
from collections import defaultdict
from datetime import datetime

NON_PRODUCT = {"POST", "DOT", "C2", "M", "m", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK", "B"}
GIFT = re.compile(r"^gift_\d+_\d+$")


def customer_id(raw):
    s = raw.strip()
    return s[: s.index(".")] if re.fullmatch(r"\d+\.0+", s) else s


def main(path):
    with gzip.open(path, "rb") as f:
        rows = list(csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline="")))
    header, rows = rows[0], rows[1:]
    assert header[:8] == ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"], header
    dropped = defaultdict(lambda: [0, []])
    keep = [True] * len(rows)
    qty = [float(r[3]) for r in rows]
    price = [float(r[5]) for r in rows]
    when = [datetime.fromisoformat(r[4]) for r in rows]
    cancel = [r[0].startswith("C") for r in rows]

    def drop(i, rule, revenue):
        keep[i] = False
        dropped[rule][0] += 1
        dropped[rule][1].append(revenue)

    seen = set()
    for i, r in enumerate(rows):
        if r[6].strip() == "":
            drop(i, "missing-customer", qty[i] * price[i])
        elif qty[i] <= 0 and not cancel[i]:
            drop(i, "non-positive-quantity", qty[i] * price[i])
        elif price[i] <= 0:
            drop(i, "non-positive-price", qty[i] * price[i])
        elif r[1] in NON_PRODUCT or GIFT.match(r[1]):
            drop(i, "non-product", qty[i] * price[i])
        else:
            key = (r[0], r[1], r[2], qty[i], r[4], price[i], customer_id(r[6]), r[7])
            if key in seen:
                drop(i, "duplicate", qty[i] * price[i])
            else:
                seen.add(key)

    # net-cancellations
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        if keep[i]:
            groups[(customer_id(r[6]), r[1])].append(i)
    left = {}
    unmatched_lines = 0
    netted = 0.0
    for idx in groups.values():
        if not any(cancel[i] for i in idx):
            continue
        idx.sort(key=lambda i: (when[i], cancel[i], i))
        stack = []
        for i in idx:
            if not cancel[i]:
                if qty[i] > 0:
                    stack.append(i)
                    left[i] = qty[i]
                continue
            want = max(0.0, -qty[i])
            asked = want
            while want > 0 and stack:
                p = stack[-1]
                take = min(left[p], want)
                left[p] -= take
                want -= take
                netted += take
                if left[p] <= 0:
                    stack.pop()
            if want == asked and asked > 0:
                unmatched_lines += 1
    rule = "net-cancellations"
    lines = sum(1 for i in range(len(rows)) if keep[i] and cancel[i])
    for i in range(len(rows)):
        if keep[i] and cancel[i]:
            drop(i, rule, qty[i] * price[i])
    kept_qty = list(qty)
    for p, q in left.items():
        if q == qty[p]:
            continue
        if q <= 0:
            drop(p, rule, qty[p] * price[p])
        else:
            dropped[rule][1].append((qty[p] - q) * price[p])
            kept_qty[p] = q

    kept = [i for i in range(len(rows)) if keep[i]]
    revenue = math.fsum(kept_qty[i] * price[i] for i in kept)
    by_product = defaultdict(float)
    descriptions = defaultdict(lambda: defaultdict(int))
    first_seen = {}
    for i in kept:
        by_product[rows[i][1]] += kept_qty[i] * price[i]
        d = rows[i][2]
        if d != "":
            descriptions[rows[i][1]][d] += 1
            first_seen.setdefault((rows[i][1], d), i)
    def description(code):
        votes = descriptions[code]
        if not votes:
            return None
        return sorted(votes, key=lambda d: (-votes[d], first_seen[(code, d)]))[0]
    top = sorted(by_product.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    out = {
        "rowsIn": len(rows),
        "rowsKept": len(kept),
        "customers": len({customer_id(rows[i][6]) for i in kept}),
        "products": len({rows[i][1] for i in kept}),
        "invoices": len({rows[i][0] for i in kept}),
        "revenueKept": round(revenue, 6),
        "dropped": {k: {"rows": n, "revenue": round(math.fsum(v), 6)} for k, (n, v) in dropped.items()},
        "cancellations": {"lines": lines, "quantityNetted": netted, "unmatchedLines": unmatched_lines},
        "top10ByRevenue": [{"stockCode": c, "description": description(c), "revenue": round(v, 6)} for c, v in top],
    }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online-retail.csv.gz")
