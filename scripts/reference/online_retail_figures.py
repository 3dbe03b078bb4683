#!/usr/bin/env python3
"""Independent reference figures for the Online Retail data set (UCI id 352).

Computed with the Python standard library only (csv, gzip, math.fsum), sharing no code with the
TypeScript packages, so that the figures pinned in packages/core/test/onlineRetail.test.ts are
checked by a second implementation. Rules, as in packages/core/src/cleanTransactions.ts:

- notebook preset: drop rows with no CustomerID, then InvoiceNo starting with "C", then
  Quantity <= 0, then UnitPrice <= 0; each dropped row is charged to the first rule that drops it.
- strict preset: the same, then non-product StockCodes (POST DOT C2 M m D S "BANK CHARGES"
  AMAZONFEE CRUK B gift_0001_*), then exact duplicates of an earlier surviving row (the raw text
  of all eight fields compared, first copy kept).

Usage: python3 scripts/reference/online_retail_figures.py ../shared/data/online-retail.csv.gz
"""
import csv
import gzip
import io
import json
import math
import re
import sys

NON_PRODUCT = {"POST", "DOT", "C2", "M", "m", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK", "B"}
GIFT = re.compile(r"^gift_\d+_\d+$")


def main(path):
    with gzip.open(path, "rb") as f:
        rows = list(csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline="")))
    header, rows = rows[0], rows[1:]
    assert header == ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"], header
    out = {
        "rows": len(rows),
        "invoices": len({r[0] for r in rows}),
        "customers": len({r[6] for r in rows if r[6] != ""}),
        "stockCodes": len({r[1] for r in rows}),
        "descriptions": len({r[2] for r in rows if r[2] != ""}),
        "countries": len({r[7] for r in rows if r[7] != ""}),
        "revenue": math.fsum(float(r[3]) * float(r[5]) for r in rows),
        "quantity": sum(int(r[3]) for r in rows),
        "exactDuplicates": len(rows) - len(set(map(tuple, rows))),
    }

    def clean(strict):
        dropped = {}
        kept = []
        seen = set()
        for r in rows:
            q, p = float(r[3]), float(r[5])
            if r[6] == "":
                rule = "missing-customer"
            elif r[0].startswith("C"):
                rule = "cancelled"
            elif q <= 0:
                rule = "non-positive-quantity"
            elif p <= 0:
                rule = "non-positive-price"
            elif strict and (r[1] in NON_PRODUCT or GIFT.match(r[1])):
                rule = "non-product"
            elif strict and tuple(r) in seen:
                rule = "duplicate"
            else:
                rule = None
                seen.add(tuple(r))
                kept.append(r)
            if rule:
                n, rev = dropped.get(rule, (0, []))
                rev.append(q * p)
                dropped[rule] = (n + 1, rev)
        return kept, {k: {"rows": n, "revenue": round(math.fsum(v), 6)} for k, (n, v) in dropped.items()}

    for name, strict in (("notebook", False), ("strict", True)):
        kept, dropped = clean(strict)
        by_customer = {}
        by_product = {}
        for r in kept:
            v = float(r[3]) * float(r[5])
            by_customer[r[6]] = by_customer.get(r[6], 0.0) + v
            by_product[r[1]] = by_product.get(r[1], 0.0) + v

        def top20(d):
            vals = sorted(d.values(), reverse=True)
            return math.fsum(vals[: int(0.2 * len(vals))]) / math.fsum(vals)

        top = max(by_product.items(), key=lambda kv: (kv[1], [-ord(c) for c in kv[0]]))
        out[name] = {
            "rows": len(kept),
            "dropped": dropped,
            "revenue": round(math.fsum(float(r[3]) * float(r[5]) for r in kept), 6),
            "customers": len({r[6] for r in kept}),
            "stockCodes": len({r[1] for r in kept}),
            "invoices": len({r[0] for r in kept}),
            "countries": len({r[7] for r in kept}),
            "topProductByRevenue": [top[0], round(top[1], 6)],
            "top20CustomerRevenueShare": round(top20(by_customer), 6),
            "top20ProductRevenueShare": round(top20(by_product), 6),
        }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online-retail.csv.gz")
