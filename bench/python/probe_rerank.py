"""Probe for the re-order bar of issue 6 (not part of `pnpm bench`).

Reads the candidate features written by bench/src/probeFeatures.ts and scores MAP@5 (repeats allowed,
AP normalised by min(5, |relevant|), every test customer counted) for:
  - repeat-purchase on the same candidates (the reference to beat),
  - honest models: logistic regression and gradient-boosted trees (scikit-learn) trained on the
    holdouts before the cutoff (the given prefixes' -inner.csv files),
  - two probes that are NOT honest, to locate the ceiling: a linear model fitted on the test period
    itself, and trees trained on half of the test-period customers and scored on the other half.

Usage (Debian python3 with pandas and scikit-learn):
  tsx --conditions=@shopper-spectrum/source src/probeFeatures.ts 2011-09-01 /tmp/sep
  tsx --conditions=@shopper-spectrum/source src/probeFeatures.ts 2011-06-01 /tmp/jun 2011-09-01
  /usr/bin/python3 python/probe_rerank.py /tmp/sep /tmp/jun
"""
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

BASE = ['pop', 'pop30', 'pop90', 'age', 'lastSold', 'repeatRate', 'ownInv', 'ownRecent', 'ownShare', 'bought', 'ease', 'user', 'itemk', 'easeRank', 'userRank']
EXTRA = ['popPrev30', 'inv30', 'trend', 'price', 'ownDaysLast', 'ownDaysFirst', 'ownFrac', 'ownQty', 'ownRev', 'own30', 'own90', 'ownInterval', 'overdue', 'cInv', 'cInv90', 'cDaysLast', 'cTenure', 'cItems', 'itemRank']
ALL = BASE + EXTRA


def map5(df, score):
    d = df.assign(s=score).sort_values(['cust', 's', 'pop', 'item'], ascending=[True, False, False, True])
    d['r'] = d.groupby('cust').cumcount()
    top = d[d.r < 5].copy()
    top['hits'] = top.groupby('cust').label.cumsum()
    top['prec'] = top.hits / (top.r + 1) * top.label
    ap = top.groupby('cust').prec.sum() / np.minimum(5, top.groupby('cust').nrel.first())
    return ap.sum() / df.cust.nunique()


def gbdt():
    return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, min_samples_leaf=200, random_state=0)


def lr_scores(tr, te, fs):
    sc = StandardScaler().fit(tr[fs])
    return LogisticRegression(max_iter=3000).fit(sc.transform(tr[fs]), tr.label).decision_function(sc.transform(te[fs]))


def main(test_prefix, *more_train_prefixes):
    te = pd.read_csv(f'{test_prefix}-test.csv')
    tr = pd.read_csv(f'{test_prefix}-inner.csv')
    parts = [tr] + [pd.read_csv(f'{p}-inner.csv') for p in more_train_prefixes]
    for i, p in enumerate(parts):
        p['cust'] = p.cust + 1_000_000 * i
    multi = pd.concat(parts)
    out = {'repeat-purchase': map5(te, te.ownInv * 1000 + te['pop'])}
    for name, fs in [('15 features', BASE), ('34 features', ALL)]:
        out[f'honest logistic, {name}'] = map5(te, lr_scores(tr, te, fs))
        out[f'honest trees, {name}'] = map5(te, gbdt().fit(tr[fs].values, tr.label.values).predict_proba(te[fs].values)[:, 1])
        out[f'honest trees on every holdout given, {name}'] = map5(te, gbdt().fit(multi[fs].values, multi.label.values).predict_proba(te[fs].values)[:, 1])
        out[f'NOT honest: logistic fitted on the test period, {name}'] = map5(te, lr_scores(te, te, fs))
        halves = [te[te.cust % 2 == 0], te[te.cust % 2 == 1]]
        for h in (0, 1):
            a, b = halves[h], halves[1 - h]
            out[f'NOT honest: trees on test half {h}, scored on half {1 - h}, {name}'] = map5(b, gbdt().fit(a[fs].values, a.label.values).predict_proba(b[fs].values)[:, 1])
            out[f'  repeat-purchase on half {1 - h}'] = map5(b, b.ownInv * 1000 + b['pop'])
    for k, v in out.items():
        print(f'{k:75s} {v:.4f}', flush=True)


if __name__ == '__main__':
    main(*sys.argv[1:])
