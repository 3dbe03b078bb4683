"""numpy's side of bench/src/easeScenario.ts: the same Gram matrix (X^T X + lambda I, written by the
TypeScript side as raw float64, row-major), inverted by np.linalg.inv (LAPACK through Debian's
OpenBLAS), and EASE's weights B = -P / diag(P) with a zero diagonal. Prints one JSON line of seconds.
Usage: python3 ease_inverse.py <file> <n> <runs>"""
import json
import sys
import time

import numpy as np

path, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
G = np.fromfile(path, dtype=np.float64).reshape(n, n)
inv, fit = [], []
for _ in range(runs):
    t = time.perf_counter()
    P = np.linalg.inv(G)
    inv.append(time.perf_counter() - t)
    B = -P / np.diag(P)
    np.fill_diagonal(B, 0.0)
    fit.append(time.perf_counter() - t)
print(json.dumps({"inv": inv, "ease": fit, "numpy": np.__version__}))
