"""Reference values of ln 2F1 for packages/clv/src/hypergeometric.test.ts, from mpmath at 50 digits.

Run: python3 scripts/reference/clv_hyp2f1_grid.py > packages/clv/test/fixtures/hyp2f1.json
The grid covers the Pareto/NBD case 2F1(a, b; a + 1; z) with small and large a, b below, near and at
whole numbers, z from 0.01 to 1 - 1e-9, and the BG/NBD expectation's 2F1(a, b; c; z).
"""
import json
import mpmath as mp

mp.mp.dps = 50
unit = []
for a in [0.05, 0.6, 1.7, 5.3, 30.2, 250.5]:
    for b in [0.3, 0.999999, 1.0, 1.5, 2.0, 2.0000001, 3.7, 12.4, 40.0]:
        if not b < a + 1:
            continue
        for z in [0.01, 0.3, 0.6, 0.9, 0.95, 0.99, 0.999, 0.999999, 1 - 1e-9]:
            unit.append([a, b, z, float(mp.log(mp.hyp2f1(a, b, a + 1, z)))])
general = []
for (a, b, c) in [(0.24, 2.4, 2.2), (5.2, 7.4, 7.2), (0.55, 0.6, 0.34), (100.2, 102.4, 102.2), (1.5, 3.0, 4.1), (0.3, 0.8, 1.9)]:
    for z in [0.05, 0.4, 0.7, 0.9, 0.99]:
        general.append([a, b, c, z, float(mp.log(mp.hyp2f1(a, b, c, z)))])
print(json.dumps({"unit": unit, "general": general}))
