#!/usr/bin/env python3
"""The steps of `shopper-spectrum analyze`, done the way the Python notebooks do them (pandas,
scikit-learn, scipy, matplotlib), timed per stage, for bench/src/sideBySide.ts.

Usage: /usr/bin/python3 analyze_pandas.py <online-retail.csv[.gz]> <out dir> [cutoff]
Prints one JSON line: seconds per stage, peak RSS, and the MAP@5 of each recommender (so that the
two implementations can be seen to compute the same thing). Never part of CI.

Same stages, same work: load + parse dates; notebook cleaning; EDA tables (top products by revenue
and quantity, daily/weekly/monthly sales, countries, Pareto, per-customer distributions); RFM and
quintile scores (qcut on rank(method='first')); log1p + StandardScaler, k = 2..10 sweep (KMeans
n_init=10 with silhouette, Calinski-Harabasz, Davies-Bouldin), KMeans k = 4, ward (sklearn and
scipy linkage for the dendrogram); the served models on all data (item cosine, user cosine top-50,
repeat counts); the temporal split and five recommenders x two policies x K = 5, 10; the charts as
SVG (matplotlib); the tables as CSV and the models as pickles.
"""
import json
import os
import pickle
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import dendrogram, linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import StandardScaler

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

path, out = sys.argv[1], sys.argv[2]
cutoff = pd.Timestamp(sys.argv[3] if len(sys.argv) > 3 else "2011-09-01")
os.makedirs(os.path.join(out, "charts"), exist_ok=True)
timings = {}
t0 = time.perf_counter()
t = t0


def lap(name):
    global t
    now = time.perf_counter()
    timings[name] = now - t
    t = now


# load
df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str}, encoding="utf-8")
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
loaded = len(df)
lap("load")

# clean (the notebook preset)
df = df.dropna(subset=["CustomerID"])
df = df[~df["InvoiceNo"].str.startswith("C")]
df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)].copy()
df["CustomerID"] = df["CustomerID"].str.replace(r"\.0$", "", regex=True)
df["TotalPrice"] = df["Quantity"] * df["UnitPrice"]
lap("clean")

# explore
top_rev = df.groupby(["StockCode"]).agg(revenue=("TotalPrice", "sum"), quantity=("Quantity", "sum"), orders=("InvoiceNo", "nunique"), customers=("CustomerID", "nunique")).sort_values("revenue", ascending=False)
top_qty = top_rev.sort_values("quantity", ascending=False).head(50)
desc = df.groupby("StockCode")["Description"].agg(lambda s: s.value_counts().index[0] if s.notna().any() else None)
ts = df.set_index("InvoiceDate")
monthly = ts.resample("MS").agg({"TotalPrice": "sum", "InvoiceNo": "nunique", "CustomerID": "nunique"})
weekly = ts.resample("W-MON").agg({"TotalPrice": "sum", "InvoiceNo": "nunique", "CustomerID": "nunique"})
daily = ts.resample("D").agg({"TotalPrice": "sum", "InvoiceNo": "nunique", "CustomerID": "nunique"})
countries = df.groupby("Country").agg(revenue=("TotalPrice", "sum"), orders=("InvoiceNo", "nunique"), customers=("CustomerID", "nunique")).sort_values("revenue", ascending=False)
cust_rev = df.groupby("CustomerID")["TotalPrice"].sum().sort_values(ascending=False)
pareto_customers = cust_rev.head(int(0.2 * len(cust_rev))).sum() / cust_rev.sum()
prod_rev = top_rev["revenue"]
pareto_products = prod_rev.head(int(0.2 * len(prod_rev))).sum() / prod_rev.sum()
orders_per_customer = df.groupby("CustomerID")["InvoiceNo"].nunique()
lap("explore")

# rfm
snapshot = df["InvoiceDate"].max() + pd.Timedelta(days=1)
rfm = df.groupby("CustomerID").agg(Recency=("InvoiceDate", lambda x: (snapshot - x.max()).days), Frequency=("InvoiceNo", "nunique"), Monetary=("TotalPrice", "sum"))
rfm["R"] = pd.qcut(rfm["Recency"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]).astype(int)
rfm["F"] = pd.qcut(rfm["Frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["M"] = pd.qcut(rfm["Monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]).astype(int)
rfm["RFMScore"] = rfm["R"].astype(str) + rfm["F"].astype(str) + rfm["M"].astype(str)
lap("rfm")

# segment
X = StandardScaler().fit_transform(np.log1p(rfm[["Recency", "Frequency", "Monetary"]]))
sweep = []
for k in range(2, 11):
    km = KMeans(n_clusters=k, n_init=10, random_state=42).fit(X)
    sweep.append((k, km.inertia_, silhouette_score(X, km.labels_), calinski_harabasz_score(X, km.labels_), davies_bouldin_score(X, km.labels_)))
km4 = KMeans(n_clusters=4, n_init=10, random_state=42).fit(X)
rfm["Cluster"] = km4.labels_
ward = AgglomerativeClustering(n_clusters=4, linkage="ward").fit(X)
Z = linkage(X, "ward")
lap("segment")

# recommend: the served models on all data
customers = np.sort(df["CustomerID"].unique())
items = np.sort(df["StockCode"].unique())
pivot = pd.crosstab(df["CustomerID"], df["StockCode"]).reindex(index=customers, columns=items, fill_value=0)
binary = (pivot.values > 0).astype(np.float64)
item_sim = cosine_similarity(binary.T)
user_sim = cosine_similarity(binary)
invoice_counts = df.groupby(["CustomerID", "StockCode"])["InvoiceNo"].nunique()
with open(os.path.join(out, "models.pkl"), "wb") as f:
    pickle.dump({"items": items, "customers": customers, "item_sim": item_sim.astype(np.float32), "invoice_counts": invoice_counts}, f)
lap("recommend")


# evaluate: the issue-6 protocol
def evaluate(train, test):
    cust = np.sort(np.intersect1d(train["CustomerID"].unique(), test["CustomerID"].unique()))
    its = np.sort(train["StockCode"].unique())
    col = {s: j for j, s in enumerate(its)}
    piv = pd.crosstab(train["CustomerID"], train["StockCode"]).reindex(index=cust, columns=its, fill_value=0)
    B = (piv.values > 0).astype(np.float64)
    full = (pd.crosstab(train["CustomerID"], train["StockCode"]).reindex(columns=its, fill_value=0).values > 0).astype(np.float64)
    all_cust = np.sort(train["CustomerID"].unique())
    row_of = {c: i for i, c in enumerate(all_cust)}
    popularity = full.sum(axis=0)
    inv = train.groupby(["CustomerID", "StockCode"])["InvoiceNo"].nunique().unstack(fill_value=0).reindex(index=cust, columns=its, fill_value=0).values
    relevant = test.groupby("CustomerID")["StockCode"].apply(set)
    bought = [set(its[B[i] > 0]) for i in range(len(cust))]
    tie = popularity * 1e-9
    sims = cosine_similarity(full)
    rows = np.array([row_of[c] for c in cust])
    user_scores = np.zeros_like(B)
    for n, r in enumerate(rows):
        s = sims[r].copy()
        s[r] = -1
        nb = np.argpartition(-s, 50)[:50]
        user_scores[n] = s[nb] @ full[nb]
    descs = [str(desc.get(s, "") or "") for s in its]
    tfidf = TfidfVectorizer(stop_words="english").fit_transform(descs)
    content_sim = (tfidf @ tfidf.T).toarray()
    isim = cosine_similarity(full.T)
    scores = {
        "popularity": np.tile(popularity, (len(cust), 1)),
        "repeat-purchase": inv * 1e6 + popularity,
        "item-cosine": B @ isim,
        "user-cosine": user_scores,
        "content": B @ content_sim,
    }
    result = {}
    for name, S in scores.items():
        for policy in ("exclude", "allow"):
            S2 = S + tie
            if policy == "exclude":
                S2 = np.where(B > 0, -np.inf, S2)
            top = np.argsort(-S2, axis=1, kind="stable")[:, :10]
            aps = []
            for i, c in enumerate(cust):
                rel = relevant[c] - bought[i] if policy == "exclude" else relevant[c]
                if not rel:
                    continue
                rec = its[top[i, :5]]
                hits, s = 0, 0.0
                for r, item in enumerate(rec, 1):
                    if item in rel:
                        hits += 1
                        s += hits / r
                aps.append(s / min(5, len(rel)))
            result[f"{name} {policy}"] = float(np.mean(aps))
    return result


train = df[df["InvoiceDate"] < cutoff]
test = df[df["InvoiceDate"] >= cutoff]
maps = evaluate(train, test)
lap("evaluate")

# charts
def save(fig, name):
    fig.savefig(os.path.join(out, "charts", f"{name}.svg"))
    plt.close(fig)


fig, ax = plt.subplots(figsize=(8, 3)); ax.plot(monthly.index, monthly["TotalPrice"]); ax2 = ax.twinx(); ax2.plot(monthly.index, monthly["InvoiceNo"], color="orange"); save(fig, "sales-trend")
fig, ax = plt.subplots(figsize=(6, 4)); top_rev.head(15)["revenue"][::-1].plot.barh(ax=ax); save(fig, "top-products")
fig, ax = plt.subplots(figsize=(6, 4)); countries.head(12)["revenue"][::-1].plot.barh(ax=ax); save(fig, "countries")
fig, ax = plt.subplots(figsize=(5, 4)); cs = cust_rev.cumsum() / cust_rev.sum(); ax.plot(np.arange(1, len(cs) + 1) / len(cs), cs.values); save(fig, "pareto")
fig, axs = plt.subplots(1, 3, figsize=(10, 3)); [a.hist(rfm[c], bins=30) for a, c in zip(axs, ["Recency", "Frequency", "Monetary"])]; save(fig, "rfm-distributions")
fig, axs = plt.subplots(1, 2, figsize=(8, 3)); axs[0].plot([s[0] for s in sweep], [s[1] for s in sweep]); axs[1].plot([s[0] for s in sweep], [s[2] for s in sweep]); save(fig, "choose-k")
fig, ax = plt.subplots(figsize=(8, 4)); ax.scatter(rfm["Recency"], rfm["Monetary"].clip(lower=1), c=rfm["Cluster"], s=rfm["Frequency"].clip(upper=60), alpha=0.5); ax.set_yscale("log"); save(fig, "cluster-scatter")
fig, ax = plt.subplots(figsize=(8, 4)); dendrogram(Z, truncate_mode="lastp", p=30, ax=ax); save(fig, "dendrogram")
top20 = [items.searchsorted(s) for s in top_rev.head(20).index]
fig, ax = plt.subplots(figsize=(6, 6)); ax.imshow(item_sim[np.ix_(top20, top20)], cmap="Blues"); save(fig, "similarity-heatmap")
lap("charts")

# write
top_rev.head(50).assign(description=desc).to_csv(os.path.join(out, "top-products.csv"))
top_qty.to_csv(os.path.join(out, "top-products-by-quantity.csv"))
monthly.to_csv(os.path.join(out, "sales-monthly.csv"))
weekly.to_csv(os.path.join(out, "sales-weekly.csv"))
daily.to_csv(os.path.join(out, "sales-daily.csv"))
countries.to_csv(os.path.join(out, "countries.csv"))
rfm.to_csv(os.path.join(out, "rfm.csv"))
with open(os.path.join(out, "evaluation.json"), "w") as f:
    json.dump(maps, f)
lap("write")
timings["total"] = time.perf_counter() - t0

print(json.dumps({
    "rows": {"loaded": loaded, "kept": len(df)},
    "customers": len(rfm),
    "pareto": float(pareto_customers),
    "timings": timings,
    "peakMemoryMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "map5": maps,
    "versions": {"pandas": pd.__version__, "numpy": np.__version__, "sklearn": __import__("sklearn").__version__},
}))
