"""Probe for the re-order bar of issue 6 (not part of `pnpm bench`): variants of repeat-purchase,
scored with MAP@5 (repeats allowed) on the issue's protocol, straight from the raw file with pandas.

  - seasonal: invoices + w x the customer's invoices for the product in the same 100 days a year
    before the cutoff (for a September cutoff only 1-23 December 2010 exists);
  - rates: invoices / (days since the customer first bought the product + b).

Usage: /usr/bin/python3 python/probe_repeat_variants.py [path to online-retail.csv.gz]
"""
import sys

import numpy as np
import pandas as pd

path = sys.argv[1] if len(sys.argv) > 1 else '../../shared/data/online-retail.csv.gz'
df = pd.read_csv(path, dtype={'InvoiceNo': str, 'StockCode': str}, parse_dates=['InvoiceDate'])
df = df.dropna(subset=['CustomerID'])
df = df[~df.InvoiceNo.str.startswith('C') & (df.Quantity > 0) & (df.UnitPrice > 0)].drop_duplicates()


def evaluate(cut, end, variants):
    cut = pd.Timestamp(cut)
    tr, te = df[df.InvoiceDate < cut], df[df.InvoiceDate >= cut]
    if end:
        te = te[te.InvoiceDate < pd.Timestamp(end)]
    pop = tr.groupby('StockCode').CustomerID.nunique()
    own = tr.groupby(['CustomerID', 'StockCode']).agg(inv=('InvoiceNo', 'nunique'), first=('InvoiceDate', 'min')).reset_index()
    y0 = cut - pd.Timedelta(days=365)
    season = tr[(tr.InvoiceDate >= y0) & (tr.InvoiceDate < y0 + pd.Timedelta(days=100))].groupby(['CustomerID', 'StockCode']).InvoiceNo.nunique().rename('sea').reset_index()
    own = own.merge(season, how='left').fillna({'sea': 0})
    own['tf'] = (cut - own['first']).dt.days
    own['pop'] = own.StockCode.map(pop)
    rel = te.groupby('CustomerID').StockCode.apply(set)
    customers = sorted(set(rel.index) & set(tr.CustomerID))
    fill = pop.sort_values(ascending=False).index[:20].tolist()
    by = dict(tuple(own.groupby('CustomerID')))
    for name, score in variants:
        aps = []
        for c in customers:
            o = by[c]
            order = o.StockCode.values[np.lexsort((-o['pop'].values, -score(o).values))][:5].tolist()
            order += [p for p in fill if p not in order][: 5 - len(order)]
            hits, ap = 0, 0.0
            for i, item in enumerate(order):
                if item in rel[c]:
                    hits += 1
                    ap += hits / (i + 1)
            aps.append(ap / min(5, len(rel[c])))
        print(f'{cut.date()} {name:32s} {len(customers)} customers  MAP@5 {np.mean(aps):.4f}', flush=True)


variants = [('repeat-purchase (invoices)', lambda o: o.inv)]
variants += [(f'invoices + {w} x a year earlier', lambda o, w=w: o.inv + w * o.sea) for w in (0.5, 1, 2, 4)]
variants += [(f'invoices / (days since first + {b})', lambda o, b=b: o.inv / (o.tf + b)) for b in (30, 90, 180)]
for cut, end in [('2011-06-01', '2011-09-01'), ('2011-09-01', None), ('2011-10-01', None)]:
    evaluate(cut, end, variants)
