#!/usr/bin/python3
"""Reference figures for @shopper-spectrum/cluster, from scikit-learn 1.2.1 and scipy 1.10.1
(Debian's python3-sklearn, installed with `apt-get install python3-sklearn`; not a dependency of
the library or of CI). Writes packages/cluster/test/fixtures/sklearn.json.

Data: 80 points in 3 dimensions from sklearn.datasets.make_blobs(centers=4, cluster_std=1.5,
random_state=7), rounded to 6 decimals (the rounded values are what both sides use), plus a
log1p + StandardScaler view of them shifted to be positive.

Linkage fixtures: scipy's `linkage` for all seven methods on Euclidean distances (`linkage`), and
for the methods that take any metric on Manhattan (`cityblock`) and cosine distances
(`linkageByDistance`, keyed "method/metric"). Centroid and median run scipy's generic algorithm
(`fast_linkage`), whose merges come in merge order (heights may decrease).

Usage: /usr/bin/python3 scripts/reference/cluster_fixtures.py
"""
import json

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score, silhouette_samples, silhouette_score
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

X, y = make_blobs(n_samples=80, n_features=3, centers=4, cluster_std=1.5, random_state=7)
X = np.round(X, 6)
init = X[[0, 1, 2, 3]]  # deliberately poor start: several iterations before convergence

out = {"versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}, "X": X.tolist(), "blobs": y.tolist()}

km = KMeans(n_clusters=4, init=init, n_init=1, algorithm="lloyd", max_iter=300, tol=1e-4).fit(X)
out["kmeansGivenInit"] = {"init": init.tolist(), "labels": km.labels_.tolist(), "centers": km.cluster_centers_.tolist(), "inertia": km.inertia_, "iterations": int(km.n_iter_)}
km3 = KMeans(n_clusters=3, init=X[[5, 6, 7]], n_init=1, algorithm="lloyd").fit(X)
out["kmeansGivenInit3"] = {"init": X[[5, 6, 7]].tolist(), "labels": km3.labels_.tolist(), "centers": km3.cluster_centers_.tolist(), "inertia": km3.inertia_, "iterations": int(km3.n_iter_)}
best = KMeans(n_clusters=4, init="k-means++", n_init=10, random_state=0, algorithm="lloyd").fit(X)
out["kmeansPlusPlus"] = {"inertia": best.inertia_, "labels": best.labels_.tolist()}

out["linkage"] = {m: linkage(X, method=m).tolist() for m in ["ward", "complete", "average", "single", "weighted", "centroid", "median"]}
out["linkageByDistance"] = {
    f"{m}/{name}": linkage(X, method=m, metric=metric).tolist()
    for m in ["complete", "average", "single", "weighted"]
    for name, metric in [("manhattan", "cityblock"), ("cosine", "cosine")]
}
out["agglomerativeWard4"] = AgglomerativeClustering(n_clusters=4, linkage="ward").fit(X).labels_.tolist()
out["agglomerativeAverage3"] = AgglomerativeClustering(n_clusters=3, linkage="average").fit(X).labels_.tolist()

labels = km.labels_
out["indices"] = {
    "labels": labels.tolist(),
    "silhouette": silhouette_score(X, labels),
    "silhouetteSamples": silhouette_samples(X, labels).tolist(),
    "calinskiHarabasz": calinski_harabasz_score(X, labels),
    "daviesBouldin": davies_bouldin_score(X, labels),
    "ariBlobsVsKmeans": adjusted_rand_score(y, labels),
    "ariBlobsVsWard": adjusted_rand_score(y, out["agglomerativeWard4"]),
}
Xp = X - X.min(axis=0) + 1.0
out["scalers"] = {
    "input": Xp.tolist(),
    "log1p": np.log1p(Xp).tolist(),
    "standard": StandardScaler().fit_transform(Xp).tolist(),
    "minmax": MinMaxScaler().fit_transform(Xp).tolist(),
    "robust": RobustScaler().fit_transform(Xp).tolist(),
    "log1pStandard": StandardScaler().fit_transform(np.log1p(Xp)).tolist(),
}
with open("packages/cluster/test/fixtures/sklearn.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("iterations", km.n_iter_, km3.n_iter_, "inertia", km.inertia_, best.inertia_)
