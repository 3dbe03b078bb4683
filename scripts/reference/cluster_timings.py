#!/usr/bin/python3
"""scikit-learn 1.2.1 timings for the tasks `pnpm bench` times, on the same matrices (the CSV files
the benchmark writes to $TMPDIR/shopper-spectrum-bench/). Reference only: run by hand, never in CI.

Tasks: KMeans(n_clusters=4, n_init=10, algorithm='lloyd'); the k = 2..10 sweep (KMeans(n_init=10)
+ silhouette_score + calinski_harabasz_score + davies_bouldin_score per k);
AgglomerativeClustering(n_clusters=4, linkage='ward'); scipy's linkage(X, 'ward') alone (the tree
scikit-learn builds, without its cut); silhouette_score alone.
Each task: median of up to 5 runs within 2 s, and the first run. Peak RSS is that of the whole
Python process after the tasks (ru_maxrss).

Usage: /usr/bin/python3 scripts/reference/cluster_timings.py FILE.csv [FILE.csv ...]
"""
import json
import resource
import sys
import time

import numpy as np
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score


def timed(f):
    """Median of up to 5 runs while the total stays under 2 s, and the first run: 'median (first)'."""
    times = []
    while len(times) < 5 and (not times or sum(times) < 2.0):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    first = round(times[0] * 1000)
    med = round(sorted(times)[(len(times) - 1) // 2] * 1000)
    return f"{med} ms ({first} ms)" if len(times) > 1 else f"{first} ms"


for path in sys.argv[1:]:
    X = np.loadtxt(path, delimiter=",")
    out = {"file": path, "rows": len(X)}
    out["kmeans"] = timed(lambda: KMeans(n_clusters=4, n_init=10, random_state=0, algorithm="lloyd").fit(X))

    def sweep():
        for k in range(2, 11):
            labels = KMeans(n_clusters=k, n_init=10, random_state=0, algorithm="lloyd").fit(X).labels_
            silhouette_score(X, labels)
            calinski_harabasz_score(X, labels)
            davies_bouldin_score(X, labels)

    out["sweep"] = timed(sweep) if len(X) <= 20000 else "not run (too slow)"
    try:
        out["ward"] = timed(lambda: AgglomerativeClustering(n_clusters=4, linkage="ward").fit(X))
    except MemoryError:
        out["ward"] = "MemoryError"
    try:
        out["scipyWard"] = timed(lambda: linkage(X, "ward"))
    except MemoryError:
        out["scipyWard"] = "MemoryError"
    labels = KMeans(n_clusters=4, n_init=1, random_state=0).fit(X).labels_
    out["silhouette"] = timed(lambda: silhouette_score(X, labels)) if len(X) <= 20000 else "not run (too slow)"
    out["maxRssMiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out), flush=True)
